/** gRPC calls against the gateway's limits: request size, the release's timeout, the client's deadline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { model, policy, release, silent, snapshot } from '../gateway/kit.js';
import {
  GatewayClient,
  inferRequest,
  startGrpcModelServer,
  status,
  type GrpcModelServer,
} from './grpc-kit.js';

let slow: GrpcModelServer;
let gateway: Gateway;
let client: GatewayClient;

beforeAll(async () => {
  slow = await startGrpcModelServer('v1', { delayMs: 400 });
  gateway = createGateway({ logger: silent, grpc: { port: 0 }, limits: { maxBodyBytes: 2048 } });
  await gateway.listen(0);
  gateway.setRoutes(
    snapshot({
      models: [model('fraud', { protocol: 'kserve-v2' })],
      releases: [release('fraud-v1', 'fraud', [slow.url], { serving: { timeoutMs: 100 } })],
      policies: [policy('fraud', 'fraud-v1')],
    }),
  );
  client = new GatewayClient(gateway.grpcPort!);
});

afterAll(async () => {
  client.close();
  await gateway.close(1000);
  await slow.close();
});

describe('gRPC limits', () => {
  it('refuses a request over limits.maxBodyBytes with RESOURCE_EXHAUSTED', async () => {
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud', 1000));
    expect(r.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(slow.seen).toHaveLength(0);
  });

  it("answers DEADLINE_EXCEEDED after the release's serving.timeoutMs and records a timeout", async () => {
    const started = Date.now();
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
    expect(r.error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(r.error?.details).toMatch(/release "fraud-v1" did not answer within 100 ms/);
    expect(Date.now() - started).toBeLessThan(400);
    const w = gateway.telemetry.window({
      model: 'fraud',
      release: 'fraud-v1',
      from: 0,
      to: Date.now() + 1000,
    });
    expect(w.outcomes.timeout).toBe(1);
  });

  it("keeps to the client's own deadline when it is shorter", async () => {
    const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'), {}, 50);
    expect(r.error?.code).toBe(status.DEADLINE_EXCEEDED);
  });
});
