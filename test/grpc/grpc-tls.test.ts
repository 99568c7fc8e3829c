/** With `tls`, the gateway's gRPC port speaks TLS with the same certificate as its HTTPS port. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

const dir = mkdtempSync(join(tmpdir(), 'ripcord-grpc-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
let backend: GrpcModelServer;
let gateway: Gateway;

beforeAll(async () => {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]),
    { stdio: 'ignore' },
  );
  backend = await startGrpcModelServer('v1');
  gateway = createGateway({
    logger: silent,
    tls: { cert: readFileSync(cert), key: readFileSync(key) },
    grpc: { port: 0 },
    routes: snapshot({
      models: [model('fraud', { protocol: 'kserve-v2' })],
      releases: [release('fraud-v1', 'fraud', [backend.url])],
      policies: [policy('fraud', 'fraud-v1')],
    }),
  });
  await gateway.listen(0);
});

afterAll(async () => {
  await gateway.close(1000);
  await backend.close();
});

describe('gRPC over TLS', () => {
  it('answers a client that trusts the certificate', async () => {
    const client = new GatewayClient(gateway.grpcPort!, readFileSync(cert));
    try {
      const r = await client.call('kserve', 'ModelInfer', inferRequest('fraud'));
      expect(r.error).toBeUndefined();
      expect(r.response?.model_name).toBe('fraud');
    } finally {
      client.close();
    }
  });

  it('refuses a plaintext client', async () => {
    const client = new GatewayClient(gateway.grpcPort!);
    try {
      const r = await client.call('kserve', 'ServerLive', {}, {}, 2000);
      expect(r.error?.code).toBe(status.UNAVAILABLE);
    } finally {
      client.close();
    }
  });
});
