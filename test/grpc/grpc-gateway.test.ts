import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { RIPCORD_VERSION } from '../../src/core/version.js';
import { model, policy, release, seeded, silent, snapshot } from '../gateway/kit.js';
import {
  fail,
  GatewayClient,
  inferRequest,
  startGrpcModelServer,
  status,
  type GrpcModelServer,
} from './grpc-kit.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
let v1: GrpcModelServer;
let v2: GrpcModelServer;
let gateway: Gateway;
let client: GatewayClient;

const fraud = model('fraud', {
  protocol: 'kserve-v2',
  predictionPath: '$.outputs[0].data[*]',
  inputSchema: { fields: { amount: { type: 'number', required: true, nullable: false } } },
});
const recsys = model('recsys', { protocol: 'tfserving', predictionPath: '$.predictions[*].classes' });
const rest = model('plain', { protocol: 'json' });

function routes(extra: { fraudPolicy?: Parameters<typeof policy>[2]; revision?: number } = {}) {
  return snapshot({
    revision: extra.revision ?? 1,
    models: [fraud, recsys, rest],
    releases: [
      release('fraud-v1', 'fraud', [v1.url], { serving: { upstreamModel: 'fraud-onnx' } }),
      release('fraud-v2', 'fraud', [v2.url], { serving: { upstreamModel: 'fraud-onnx' } }),
      release('recsys-v1', 'recsys', [v1.url], { serving: { upstreamModel: 'recsys_tf' } }),
      release('plain-v1', 'plain', [v1.url]),
    ],
    policies: [policy('fraud', 'fraud-v1', extra.fraudPolicy ?? {}), policy('recsys', 'recsys-v1')],
  });
}

const span = () => ({ model: 'fraud', from: 0, to: clock.now() + 1000 });

beforeAll(async () => {
  v1 = await startGrpcModelServer('v1');
  v2 = await startGrpcModelServer('v2', { raw: true });
  gateway = createGateway({
    logger: silent,
    clock,
    random: seeded(7),
    grpc: { port: 0 },
    breaker: { consecutiveFailures: 3, cooldownMs: 60_000 },
    feedback: { kpis: ['fraud_confirmed'] },
  });
  await gateway.listen(0);
  client = new GatewayClient(gateway.grpcPort!);
});

afterAll(async () => {
  client.close();
  await gateway.close(1000);
  await Promise.all([v1.close(), v2.close()]);
});

beforeEach(() => {
  v1.behave(() => undefined);
  v2.behave(() => undefined);
});

describe('gRPC gateway before it has routes', () => {
  it('is live but not ready, and refuses model calls with UNAVAILABLE', async () => {
    expect((await client.call('kserve', 'ServerLive', {})).response).toEqual({ live: true });
    expect((await client.call('kserve', 'ServerReady', {})).response).toEqual({ ready: false });
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(r.error?.code).toBe(status.UNAVAILABLE);
    expect(r.error?.details).toMatch(/routing table/);
    expect(r.trailers['x-request-id']).toBeTypeOf('string');
    gateway.setRoutes(routes());
  });
});

describe('gRPC server endpoints', () => {
  it('answers ServerReady and ServerMetadata itself', async () => {
    expect((await client.call('kserve', 'ServerReady', {})).response).toEqual({ ready: true });
    // No extensions: proto3 leaves the empty repeated field out.
    expect((await client.call('kserve', 'ServerMetadata', {})).response).toEqual({
      name: 'ripcord',
      version: RIPCORD_VERSION,
    });
  });
});

describe('gRPC model calls', () => {
  it('proxies ModelInfer to the stable release under its upstream name and answers with the name asked for', async () => {
    const before = v1.seen.length;
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud', 2, { id: 'req-1' }), {
      'x-request-id': 'client-id-1',
      authorization: 'Bearer t',
    });
    expect(r.error).toBeUndefined();
    expect(r.response?.model_name).toBe('fraud');
    expect(r.response?.id).toBe('req-1');
    expect(r.headers['x-ripcord-release']).toBe('fraud-v1');
    expect(r.headers['x-request-id']).toBe('client-id-1');
    const seen = v1.seen[before]!;
    expect(seen.method).toBe('ModelInfer');
    expect(seen.request.model_name).toBe('fraud-onnx');
    expect(seen.metadata['x-request-id']).toBe('client-id-1');
    expect(seen.metadata['x-ripcord-release']).toBe('fraud-v1');
    expect(seen.metadata['authorization']).toBe('Bearer t');
    // KPI feedback names the gRPC call by its request id, as it would a REST request.
    const issued = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    const requestId = String(issued.headers['x-request-id']);
    expect(gateway.feedback({ requestId, metric: 'fraud_confirmed', value: 1 })).toBe(true);
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v1' });
    expect(w.kpis['fraud_confirmed']).toMatchObject({ n: 1, sum: 1 });
  });

  it('proxies ModelMetadata and ModelReady with the model name asked for', async () => {
    const meta = await client.call('kserve', 'ModelMetadata', { name: 'fraud' });
    expect(meta.response).toMatchObject({ name: 'fraud', platform: 'onnxruntime_onnx' });
    expect(v1.seen.at(-1)!.request.name).toBe('fraud-onnx');
    expect((await client.call('kserve', 'ModelReady', { name: 'fraud' })).response).toEqual({ ready: true });
  });

  it('proxies TF Serving Predict with model_spec.name rewritten both ways', async () => {
    const r = await client.call('tfserving', 'Predict', {
      model_spec: { name: 'recsys', signature_name: 'serving_default' },
      inputs: { x: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '1' }] }, float_val: [1] } },
    });
    expect(r.error).toBeUndefined();
    expect(r.response?.model_spec).toMatchObject({ name: 'recsys', version: { value: '3' } });
    expect(r.headers['x-ripcord-release']).toBe('recsys-v1');
    expect((v1.seen.at(-1)!.request.model_spec as { name: string }).name).toBe('recsys_tf');
    const w = gateway.telemetry.window({
      model: 'recsys',
      release: 'recsys-v1',
      from: 0,
      to: clock.now() + 1000,
    });
    expect(w.outcomes.ok).toBe(1);
    expect(Object.fromEntries(w.predictions)).toEqual({ v1: 1 });
  });

  it('records latency, outcome, predictions and input rows from the tensors', async () => {
    const before = gateway.telemetry.window({ ...span(), release: 'fraud-v1' });
    await client.call('kserve', 'ModelInfer', inferRequest('fraud', 3));
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v1' });
    expect(w.requests - before.requests).toBe(1);
    expect(w.outcomes.ok - before.outcomes.ok).toBe(1);
    expect(w.latency.count - before.latency.count).toBe(1);
    expect((w.predictions.get('v1') ?? 0) - (before.predictions.get('v1') ?? 0)).toBe(3);
    expect(w.inputRows - before.inputRows).toBe(3);
  });

  it('answers proper statuses for calls it cannot route', async () => {
    const unknown = await client.call('kserve', 'ModelInfer', inferRequest('nope'));
    expect(unknown.error?.code).toBe(status.NOT_FOUND);
    expect(unknown.error?.details).toMatch(/no model "nope".*known: fraud, recsys, plain/);
    const nameless = await client.call('kserve', 'ModelInfer', inferRequest(''));
    expect(nameless.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(nameless.error?.details).toBe('model_name: name the model to call');
    const wrong = await client.call('tfserving', 'Predict', { model_spec: { name: 'fraud' } });
    expect(wrong.error?.code).toBe(status.NOT_FOUND);
    expect(wrong.error?.details).toMatch(/speaks kserve-v2, not tfserving/);
    const json = await client.call('kserve', 'ModelInfer', inferRequest('plain'));
    expect(json.error?.code).toBe(status.NOT_FOUND);
    const pin = await client.call('kserve', 'ModelInfer', inferRequest('fraud'), {
      'x-ripcord-release': 'v9',
    });
    expect(pin.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(pin.error?.details).toMatch(/"v9" is not a release of model "fraud"/);
    const classify = await client.unary('/tensorflow.serving.PredictionService/Classify');
    expect(classify.code).toBe(status.UNIMPLEMENTED);
  });

  it("passes a backend's own client error through with its status and message", async () => {
    v1.behave(fail(status.INVALID_ARGUMENT, 'input "amount" has the wrong shape'));
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(r.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(r.error?.details).toBe('input "amount" has the wrong shape');
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v1' });
    expect(w.outcomes.clientError).toBeGreaterThanOrEqual(1);
  });

  it('answers UNAVAILABLE naming the release when its server fails and there is nowhere else to go', async () => {
    v1.behave(fail(status.INTERNAL, 'CUDA out of memory'));
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(r.error?.code).toBe(status.INTERNAL);
    expect(r.error?.details).toBe('CUDA out of memory');
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v1' });
    expect(w.outcomes.serverError).toBeGreaterThanOrEqual(1);
  });
});

describe('gRPC routing', () => {
  it('splits by weight', async () => {
    gateway.setRoutes(
      routes({ revision: 2, fraudPolicy: { weights: [{ release: 'fraud-v2', weight: 30 }] } }),
    );
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
      const name = String(r.headers['x-ripcord-release']);
      counts[name] = (counts[name] ?? 0) + 1;
    }
    expect(counts['fraud-v2']).toBeGreaterThan(40);
    expect(counts['fraud-v2']).toBeLessThan(80);
    expect(counts['fraud-v1']).toBe(200 - counts['fraud-v2']!);
  });

  it('keeps a sticky key on one release, read from metadata or from the request tensors', async () => {
    gateway.setRoutes(
      routes({
        revision: 3,
        fraudPolicy: {
          weights: [{ release: 'fraud-v2', weight: 50 }],
          sticky: { source: 'header', key: 'x-user' },
        },
      }),
    );
    for (const user of ['alice', 'bob', 'carol', 'dave']) {
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++)
        seen.add(
          String(
            (await client.call('kserve', 'ModelInfer', inferRequest('fraud'), { 'x-user': user })).headers[
              'x-ripcord-release'
            ],
          ),
        );
      expect(seen.size).toBe(1);
    }
    gateway.setRoutes(
      routes({
        revision: 4,
        fraudPolicy: {
          weights: [{ release: 'fraud-v2', weight: 50 }],
          sticky: { source: 'json', key: 'parameters.user' },
        },
      }),
    );
    const byUser = new Map<string, Set<string>>();
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) {
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const r = await client.call(
          'kserve',
          'ModelInfer',
          inferRequest('fraud', 1, { parameters: { user: { string_param: user } } }),
        );
        seen.add(String(r.headers['x-ripcord-release']));
      }
      byUser.set(user, seen);
    }
    for (const seen of byUser.values()) expect(seen.size).toBe(1);
  });

  it('follows header routes and region weights given as metadata', async () => {
    gateway.setRoutes(
      routes({
        revision: 5,
        fraudPolicy: {
          headerRoutes: [{ header: 'x-beta', value: 'yes', release: 'fraud-v2' }],
          regions: { eu: [{ release: 'fraud-v2', weight: 100 }] },
        },
      }),
    );
    const beta = await client.call('kserve', 'ModelInfer', inferRequest('fraud'), { 'x-beta': 'yes' });
    expect(beta.headers['x-ripcord-release']).toBe('fraud-v2');
    expect(beta.response?.model_name).toBe('fraud');
    const eu = await client.call('kserve', 'ModelInfer', inferRequest('fraud'), { 'x-region': 'eu' });
    expect(eu.headers['x-ripcord-release']).toBe('fraud-v2');
    const plain = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(plain.headers['x-ripcord-release']).toBe('fraud-v1');
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v2', region: 'eu' });
    expect(w.requests).toBeGreaterThanOrEqual(1);
    // v2 answers raw_output_contents: its predictions are read from the raw bytes.
    expect(w.predictions.get('v2')).toBeGreaterThanOrEqual(1);
  });
});

describe('gRPC breakers and shadow', () => {
  it('moves a failing canary to stable and opens its breaker', async () => {
    gateway.setRoutes(
      routes({ revision: 6, fraudPolicy: { weights: [{ release: 'fraud-v2', weight: 100 }] } }),
    );
    v2.behave(fail(status.INTERNAL, 'boom'));
    const rerouted = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(rerouted.error).toBeUndefined();
    expect(rerouted.headers['x-ripcord-release']).toBe('fraud-v1');
    expect(rerouted.headers['x-ripcord-rerouted-from']).toBe('fraud-v2');
    await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    const calls = v2.seen.length;
    for (let i = 0; i < 5; i++) {
      const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
      expect(r.headers['x-ripcord-release']).toBe('fraud-v1');
    }
    // The breaker is open: the canary's server is not called at all.
    expect(v2.seen.length).toBe(calls);
    const w = gateway.telemetry.window({ ...span(), release: 'fraud-v2' });
    expect(w.outcomes.serverError).toBeGreaterThanOrEqual(3);
    expect(w.outcomes.connectionError).toBeGreaterThanOrEqual(5);
  });

  it('mirrors inference calls to the shadow release and compares its outputs', async () => {
    const shadow = await startGrpcModelServer('v2');
    try {
      gateway.setRoutes(
        snapshot({
          revision: 7,
          models: [fraud],
          releases: [
            release('fraud-v1', 'fraud', [v1.url], { serving: { upstreamModel: 'fraud-onnx' } }),
            release('fraud-v3', 'fraud', [shadow.url]),
          ],
          policies: [
            policy('fraud', 'fraud-v1', {
              mirror: {
                release: 'fraud-v3',
                percent: 100,
                timeoutMs: 2000,
                maxConcurrency: 4,
                maxQueue: 16,
                segmentBy: ['header:x-tenant'],
                compare: { numericTolerance: 1e-6, topK: 10 },
              },
            }),
          ],
        }),
      );
      for (let i = 0; i < 4; i++)
        await client.call('kserve', 'ModelInfer', inferRequest('fraud'), { 'x-tenant': 'acme' });
      await expect
        .poll(() => gateway.shadowReport('fraud')?.overall.compared ?? 0, { timeout: 5000 })
        .toBe(4);
      const report = gateway.shadowReport('fraud')!;
      expect(report.release).toBe('fraud-v3');
      expect(report.mirrored).toBe(4);
      // The shadow answers "v2" where the user got "v1": every comparison differs.
      expect(report.overall.exact).toBe(0);
      expect(report.overall.labelAgreement).toBe(0);
      expect(report.segments).toContainEqual(
        expect.objectContaining({ key: 'header:x-tenant', value: 'acme', compared: 4 }),
      );
      expect(shadow.seen.every((s) => s.metadata['x-ripcord-shadow'] === 'true')).toBe(true);
      expect(shadow.seen[0]!.request.model_name).toBe('fraud');
    } finally {
      await shadow.close();
    }
  });
});
