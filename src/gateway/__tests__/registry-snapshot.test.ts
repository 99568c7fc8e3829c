import { describe, expect, it } from 'vitest';

import { registrySnapshot } from '../registry-snapshot.js';
import { compileRoutingTable } from '../routing-snapshot.js';
import { model, policy, release } from './kit.js';

describe('registrySnapshot', () => {
  it('keeps live releases and archived ones a policy still names, with the latest change as revision', async () => {
    const releases = [
      release('v1', 'recsys', ['http://127.0.0.1:1']),
      { ...release('v0', 'recsys', ['http://127.0.0.1:1']), archived: true },
      {
        ...release('old', 'recsys', ['http://127.0.0.1:1']),
        archived: true,
        updatedAt: '2027-01-01T00:00:00.000Z',
      },
    ];
    const source = {
      listModels: async () => [model('recsys')],
      listReleases: async () => releases,
      listTrafficPolicies: async () => [
        { ...policy('recsys', 'v1', { fallback: { release: 'v0' } }), updatedAt: '2026-03-01T00:00:00.000Z' },
      ],
      listFlags: async () => [],
    };
    const snapshot = await registrySnapshot(source);
    expect(snapshot.releases.map((r) => r.name)).toEqual(['v1', 'v0']);
    expect(snapshot.revision).toBe(Date.parse('2026-03-01T00:00:00.000Z'));
    expect(compileRoutingTable(snapshot).models.get('recsys')!.policy!.fallback!.release!.name).toBe('v0');
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
