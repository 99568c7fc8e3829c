import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ReleaseInputSchema } from '../../src/registry/schemas.js';
import { probeRelease } from '../../src/server/release-probe.js';
import { release, startBackend, type TestBackend } from '../gateway/kit.js';
import { startGrpcModelServer, type GrpcModelServer } from './grpc-kit.js';

let grpcServer: GrpcModelServer;
let httpServer: TestBackend;

beforeAll(async () => {
  grpcServer = await startGrpcModelServer('v2');
  httpServer = await startBackend((_seen, res) => res.writeHead(200).end('ok'));
});

afterAll(async () => {
  await grpcServer.close();
  await httpServer.close();
});

const grpcRelease = (urls: string[], healthService?: string) =>
  release('recsys-v2', 'recsys', urls, {
    serving: { healthProtocol: 'grpc', ...(healthService === undefined ? {} : { healthService }) },
  });

describe('the controller probe of a gRPC-only release (serving.healthProtocol: grpc)', () => {
  it('is healthy when grpc.health.v1 answers SERVING', async () => {
    grpcServer.health.setStatus('', 'SERVING');
    expect(await probeRelease(grpcRelease([grpcServer.url]))).toEqual({
      ok: true,
      message: '1 backend(s) serving (grpc.health.v1)',
    });
  });

  it('is unhealthy, naming the backend and the status, when the server is NOT_SERVING', async () => {
    grpcServer.health.setStatus('', 'NOT_SERVING');
    try {
      const result = await probeRelease(grpcRelease([grpcServer.url]));
      expect(result.ok).toBe(false);
      expect(result.message).toBe(`${grpcServer.url} grpc.health.v1 "" is NOT_SERVING`);
    } finally {
      grpcServer.health.setStatus('', 'SERVING');
    }
  });

  it('checks the named service, and says so when the server does not know it', async () => {
    grpcServer.health.setStatus('inference.GRPCInferenceService', 'SERVING');
    expect(await probeRelease(grpcRelease([grpcServer.url], 'inference.GRPCInferenceService'))).toMatchObject(
      {
        ok: true,
      },
    );
    const unknown = await probeRelease(grpcRelease([grpcServer.url], 'no.such.Service'));
    expect(unknown.ok).toBe(false);
    expect(unknown.message).toContain('grpc.health.v1 "no.such.Service" failed: NOT_FOUND');
  });

  it('fails every backend that does not answer, within the timeout', async () => {
    const started = Date.now();
    const result = await probeRelease(grpcRelease([grpcServer.url, 'http://127.0.0.1:9']), 1_000);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^http:\/\/127\.0\.0\.1:9 grpc\.health\.v1 "" failed: UNAVAILABLE/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is the HTTP GET of healthPath by default, which a gRPC-only server cannot answer', async () => {
    expect(await probeRelease(release('recsys-v1', 'recsys', [httpServer.url]))).toMatchObject({ ok: true });
    const viaHttp = await probeRelease(release('recsys-v2', 'recsys', [grpcServer.url]), 1_000);
    expect(viaHttp.ok).toBe(false);
  });

  it('refuses healthService without healthProtocol: grpc, naming the field and the fix', () => {
    const parsed = ReleaseInputSchema.safeParse({
      name: 'recsys-v2',
      model: 'recsys',
      modelVersion: 2,
      serving: { backends: [{ url: grpcServer.url }], healthService: 'inference.GRPCInferenceService' },
    });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['serving', 'healthService']);
    expect(issue?.message).toContain('set healthProtocol: grpc');
  });
});
