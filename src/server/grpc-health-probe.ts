import { credentials, makeClientConstructor, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

import { grpcTarget } from '../gateway/grpc/grpc-channels.js';
import { releaseIdentityHeaders } from '../registry/release-headers.js';
import type { Release } from '../registry/types.js';
import type { ProbeResult } from './http-probe.js';

/** grpc.health.v1.Health as a client class, from the official health proto. */
const HealthClient = makeClientConstructor(healthService, 'grpc.health.v1.Health');

interface CheckResponse {
  status?: string | number;
}

/**
 * Healthy when every backend answers the standard `grpc.health.v1.Health/Check` for
 * `serving.healthService` (default "": the server as a whole) with SERVING within the timeout, as
 * a Kubernetes gRPC probe reads it. The call carries the release's identity headers as metadata,
 * as the gateway's gRPC calls do.
 */
export async function grpcHealthProbe(release: Release, timeoutMs = 2_000): Promise<ProbeResult> {
  const serviceName = release.serving.healthService ?? '';
  const failures: string[] = [];
  for (const backend of release.serving.backends) {
    const origin = new URL(backend.url).origin;
    const client = new HealthClient(
      grpcTarget(origin),
      origin.startsWith('https:') ? credentials.createSsl() : credentials.createInsecure(),
    );
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(releaseIdentityHeaders(release))) metadata.set(name, value);
    const what = `${origin} grpc.health.v1 "${serviceName}"`;
    try {
      const answer = await new Promise<CheckResponse>((resolve, reject) => {
        (client as unknown as CheckClient).Check(
          { service: serviceName },
          metadata,
          { deadline: Date.now() + timeoutMs },
          (error, response) => (error ? reject(error) : resolve(response ?? {})),
        );
      });
      const serving = typeof answer.status === 'number' ? STATUS_NAMES[answer.status] : answer.status;
      if (serving !== 'SERVING') failures.push(`${what} is ${serving ?? 'UNKNOWN'}`);
    } catch (error) {
      const e = error as ServiceError;
      failures.push(`${what} failed: ${status[e.code] ?? e.code} ${e.details || e.message}`);
    } finally {
      client.close();
    }
  }
  return failures.length === 0
    ? { ok: true, message: `${release.serving.backends.length} backend(s) serving (grpc.health.v1)` }
    : { ok: false, message: failures.join('; ') };
}

/** The wire's enum values (health.proto): UNKNOWN 0, SERVING 1, NOT_SERVING 2, SERVICE_UNKNOWN 3. */
const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

interface CheckClient {
  Check(
    request: { service: string },
    metadata: Metadata,
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: CheckResponse) => void,
  ): void;
}
