/**
 * The gateway's OIP and TF Serving routes answer as those protocols say: bodies validate against
 * the published OIP REST schemas, name the model the client asked for even when the backend knows
 * it by another name, and errors carry the `{"error": "..."}` member their clients read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReply, model, release, send, serveGateway, snapshot, startBackend } from './kit.js';
import type { ServedGateway, TestBackend } from './kit.js';
import { oipErrors } from './oip-schemas.js';
import { renameModel } from '../../src/gateway/protocols/model-name.js';

let v2: TestBackend;
let tf: TestBackend;
let served: ServedGateway;

beforeAll(async () => {
  // Backends that know the models by their own names.
  v2 = await startBackend((seen, res) => {
    if (seen.path.endsWith('/ready')) return jsonReply({ ready: true })(seen, res);
    if (seen.method === 'GET')
      return jsonReply({
        name: 'fraud_onnx',
        versions: ['3'],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'amount', datatype: 'FP32', shape: [-1] }],
        outputs: [{ name: 'label', datatype: 'BYTES', shape: [-1] }],
      })(seen, res);
    jsonReply({
      model_name: 'fraud_onnx',
      model_version: '3',
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [1], data: ['ok'] }],
    })(seen, res);
  });
  tf = await startBackend((seen, res) =>
    seen.path.endsWith('/metadata')
      ? jsonReply({ model_spec: { name: 'recsys_tf', signature_name: '', version: '7' }, metadata: {} })(
          seen,
          res,
        )
      : jsonReply('{"predictions":[NaN]}')(seen, res),
  );
  served = await serveGateway({}, [v2, tf]);
  served.gateway.setRoutes(
    snapshot({
      models: [model('fraud', { protocol: 'kserve-v2' }), model('recsys')],
      releases: [
        release('fraud-v1', 'fraud', [v2.url], { serving: { upstreamModel: 'fraud_onnx' } }),
        release('recsys-v1', 'recsys', [tf.url], { serving: { upstreamModel: 'recsys_tf' } }),
      ],
    }),
  );
});

afterAll(() => served.close());

describe('OIP REST conformance', () => {
  it('an infer answer validates and names the model asked for', async () => {
    const r = await send(served.base, '/v2/models/fraud/infer', {
      body: JSON.stringify({ inputs: [{ name: 'amount', shape: [1], datatype: 'FP32', data: [12.5] }] }),
    });
    expect(r.status).toBe(200);
    expect(v2.seen.at(-1)!.path).toBe('/v2/models/fraud_onnx/infer');
    expect(oipErrors('inference_response', r.json())).toBe('');
    expect(r.json()).toMatchObject({ model_name: 'fraud', model_version: '3' });
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.text));
  });

  it('model metadata validates and names the model asked for; tensors keep their names', async () => {
    const r = await send(served.base, '/v2/models/fraud');
    expect(oipErrors('metadata_model_response', r.json())).toBe('');
    expect(r.json()).toMatchObject({ name: 'fraud', inputs: [{ name: 'amount' }] });
  });

  it('server metadata validates', async () => {
    expect(oipErrors('metadata_server_response', (await send(served.base, '/v2')).json())).toBe('');
  });

  it('errors on OIP routes validate as OIP error responses', async () => {
    const unknown = await send(served.base, '/v2/models/nope/infer', { body: '{"inputs":[]}' });
    expect(unknown.status).toBe(404);
    expect(oipErrors('inference_error_response', unknown.json())).toBe('');
    const malformed = await send(served.base, '/v2/models/fraud/infer', { body: '{"inputs": [' });
    expect(malformed.status).toBe(400);
    expect(oipErrors('inference_error_response', malformed.json())).toBe('');
    const metadata = await send(served.base, '/v2/models/nope');
    expect(oipErrors('metadata_model_error_response', metadata.json())).toBe('');
  });

  it('the schema check can fail: an answer without outputs, an error without its member', () => {
    expect(oipErrors('inference_response', { model_name: 'fraud' })).toMatch(/outputs/);
    expect(oipErrors('inference_error_response', { title: 'Not Found' })).toMatch(/error/);
  });
});

describe('TF Serving', () => {
  it('model metadata names the model asked for', async () => {
    const r = await send(served.base, '/v1/models/recsys/metadata');
    expect(tf.seen.at(-1)!.path).toBe('/v1/models/recsys_tf/metadata');
    expect(r.json()).toMatchObject({ model_spec: { name: 'recsys', version: '7' } });
  });

  it('a predict answer with non-standard numbers passes through unchanged', async () => {
    const r = await send(served.base, '/v1/models/recsys:predict', { body: '{"instances":[1]}' });
    expect(r.text).toBe('{"predictions":[NaN]}');
  });

  it('errors carry the error member TF Serving clients read', async () => {
    const r = await send(served.base, '/v1/models/nope:predict', { body: '{"instances":[1]}' });
    expect(r.status).toBe(404);
    expect(r.json()).toMatchObject({ error: expect.any(String) });
  });
});

describe('renaming the model in an answer', () => {
  it('rewrites the name in text that strict JSON cannot parse (NaN), and leaves other answers alone', () => {
    const nan = Buffer.from('{"model_name": "fraud_onnx", "outputs": [{"data": [NaN]}]}');
    expect(renameModel(nan, [['model_name']], 'fraud', 'fraud_onnx')?.toString()).toBe(
      '{"model_name": "fraud", "outputs": [{"data": [NaN]}]}',
    );
    expect(
      renameModel(Buffer.from('{"model_name":"other"}'), [['model_name']], 'fraud', 'fraud_onnx'),
    ).toBeUndefined();
    expect(
      renameModel(Buffer.from('{"model_name":"fraud"}'), [['model_name']], 'fraud', 'fraud'),
    ).toBeUndefined();
  });
});
