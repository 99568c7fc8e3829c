import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import { type Gateway } from '../../src/gateway/create-gateway.js';
import {
  jsonReply,
  model,
  release,
  send,
  snapshot,
  startBackend,
  type TestBackend,
  serveGateway,
  type ServedGateway,
} from './kit.js';

let tf: TestBackend;
let v2: TestBackend;
let plain: TestBackend;
let gateway: Gateway;
let base: string;
let served: ServedGateway;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));

const TF_REPLY = '{"predictions":[{"items":["a","b"],"score":NaN},{"items":["a"],"score":-Infinity}]}';

beforeAll(async () => {
  tf = await startBackend((seen, res) =>
    seen.method === 'GET'
      ? jsonReply({ model_version_status: [{ version: '1', state: 'AVAILABLE' }] })(seen, res)
      : jsonReply(TF_REPLY)(seen, res),
  );
  v2 = await startBackend((seen, res) => {
    if (seen.path.endsWith('/ready')) return jsonReply({ ready: true })(seen, res);
    if (seen.method === 'GET') return jsonReply({ name: 'fraud', platform: 'onnx' })(seen, res);
    jsonReply({
      model_name: 'fraud',
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [2], data: ['ok', 'fraud'] }],
    })(seen, res);
  });
  plain = await startBackend(jsonReply({ score: 0.7, label: 'spam' }));
  served = await serveGateway({ clock }, [tf, v2, plain]);
  ({ gateway, base } = served);
  gateway.setRoutes(
    snapshot({
      models: [
        model('recsys', {
          predictionPath: '$.predictions[*].items',
          inputSchema: {
            fields: {
              age: { type: 'number', required: true, nullable: false },
              country: { type: 'string', required: true, nullable: false },
            },
          },
        }),
        model('fraud', {
          protocol: 'kserve-v2',
          predictionPath: '$.outputs[0].data[*]',
          inputSchema: { fields: { amount: { type: 'number', required: true, nullable: false } } },
        }),
        model('spam', { protocol: 'json', predictionPath: '$.label' }),
      ],
      releases: [
        release('recsys-v1', 'recsys', [`${tf.url}/base`], { serving: { upstreamModel: 'recsys_tf' } }),
        release('fraud-v1', 'fraud', [v2.url]),
        release('spam-v1', 'spam', [plain.url]),
      ],
    }),
  );
});

afterAll(() => served.close());

const window = (model: string, release: string) =>
  gateway.telemetry.window({ model, release, from: 0, to: clock.now() + 1000 });

describe('protocols', () => {
  it('proxies TF Serving predict and status, mapping the upstream model name and passing NaN through', async () => {
    const r = await send(base, '/v1/models/recsys:predict?debug=1', {
      body: JSON.stringify({ instances: [{ age: 30, country: 'de' }, { age: 'old' }] }),
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe(TF_REPLY);
    expect(tf.seen.at(-1)!.path).toBe('/base/v1/models/recsys_tf:predict?debug=1');
    const status = await send(base, '/v1/models/recsys');
    expect(status.status).toBe(200);
    expect(tf.seen.at(-1)!.path).toBe('/base/v1/models/recsys_tf');
    const w = window('recsys', 'recsys-v1');
    expect(w.requests).toBe(1); // the status read is not an inference
    expect(Object.fromEntries(w.predictions)).toEqual({ a: 2, b: 1 });
    expect(w.inputRows).toBe(2);
    expect(w.inputQuality.age).toMatchObject({ wrongType: 1, missing: 0 });
    expect(w.inputQuality.country).toMatchObject({ missing: 1 });
  });

  it('proxies KServe v2 infer, metadata and readiness, and serves the v2 health routes', async () => {
    const r = await send(base, '/v2/models/fraud/infer', {
      body: JSON.stringify({ inputs: [{ name: 'amount', shape: [2], datatype: 'FP32', data: [12.5, 'x'] }] }),
    });
    expect(r.status).toBe(200);
    expect(r.headers['x-ripcord-release']).toBe('fraud-v1');
    expect(v2.seen.at(-1)!.path).toBe('/v2/models/fraud/infer');
    expect((await send(base, '/v2/models/fraud')).json()).toEqual({ name: 'fraud', platform: 'onnx' });
    expect((await send(base, '/v2/models/fraud/ready')).json()).toEqual({ ready: true });
    expect((await send(base, '/v2/health/live')).status).toBe(200);
    expect((await send(base, '/v2/health/ready')).status).toBe(200);
    // OIP server metadata requires name, version and extensions.
    expect((await send(base, '/v2')).json()).toEqual({ name: 'ripcord', version: '0.1.0', extensions: [] });
    const w = window('fraud', 'fraud-v1');
    expect(Object.fromEntries(w.predictions)).toEqual({ ok: 1, fraud: 1 });
    expect(w.inputRows).toBe(2);
    expect(w.inputQuality.amount).toMatchObject({ wrongType: 1 });
  });

  it('passes plain JSON through under /json/{model}/', async () => {
    const r = await send(base, '/json/spam/score?lang=en', { body: JSON.stringify({ text: 'win money' }) });
    expect(r.json()).toEqual({ score: 0.7, label: 'spam' });
    expect(plain.seen.at(-1)!.path).toBe('/score?lang=en');
    expect(Object.fromEntries(window('spam', 'spam-v1').predictions)).toEqual({ spam: 1 });
  });
});
