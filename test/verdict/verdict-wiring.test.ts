/** The control plane serves the verdict routes, judging the telemetry of its own gateways. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/fixtures.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';

describe('verdict routes in the control plane', () => {
  let plane: ControlPlane;
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-verdict-'));
  beforeAll(async () => {
    plane = await startControlPlane({
      dataDir,
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 } }).list,
    });
  });
  afterAll(async () => {
    await plane.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers Argo and Flagger with a viewer token', async () => {
    const token = (await plane.registry.createToken('argo', 'viewer', admin)).token;
    const argo = await fetch(`${plane.url}/api/v1/verdicts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fraud',
        candidate: 'fraud-v2',
        baseline: 'fraud-v1',
        triggers: ['hard: error rate > 2%'],
      }),
    });
    expect(argo.status).toBe(200);
    expect(await argo.json()).toMatchObject({ verdict: 'pending', candidate: 'fraud-v2', canaryWeight: 50 });
    const flagger = await fetch(`${plane.url}/api/v1/verdicts/flagger/confirm-promotion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'fraud',
        namespace: 'ml',
        phase: 'Progressing',
        checksum: 'abc',
        metadata: { token, triggers: 'hard: error rate > 2%' },
      }),
    });
    expect(flagger.status).toBe(412);
    expect(await flagger.json()).toMatchObject({
      verdict: 'pending',
      candidate: 'fraud-canary',
      baseline: 'fraud-primary',
    });
  });
});
