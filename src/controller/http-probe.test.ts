import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { release, startBackend, type TestBackend } from '../../test/gateway/kit.js';
import { httpProbe } from './http-probe.js';

let green: TestBackend;

beforeAll(async () => {
  green = await startBackend((_seen, res) => res.writeHead(200).end('ok'));
});

afterAll(() => green.close());

describe('httpProbe (blue/green warm-up)', () => {
  it('reaches the release with its identity and feature-version headers, as the gateway would', async () => {
    const bundle = release('recsys-v2-enc5', 'recsys', [green.url], {
      modelVersion: 2,
      features: [
        { name: 'item-encoder', version: '5' },
        { name: 'user-features', version: '12' },
      ],
    });
    expect(await httpProbe(bundle)).toMatchObject({ ok: true });
    const seen = green.seen.at(-1)!;
    expect(seen.path).toBe('/healthz');
    expect(seen.headers).toMatchObject({
      'x-ripcord-release': 'recsys-v2-enc5',
      'x-ripcord-model-version': '2',
      'x-ripcord-features': 'item-encoder@5,user-features@12',
      'x-ripcord-feature-item-encoder': '5',
      'x-ripcord-feature-user-features': '12',
    });
  });
});
