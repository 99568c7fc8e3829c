/**
 * The controller's health check of a release before it takes traffic, by the release's
 * `serving.healthProtocol`: HTTP GET of `healthPath` (the default), or the standard gRPC health
 * service for servers that speak gRPC only. The gRPC client loads only when a release asks for it.
 */
import type { Release } from '../registry/types.js';
import { httpProbe, type ProbeResult } from './http-probe.js';

export async function probeRelease(release: Release, timeoutMs = 2_000): Promise<ProbeResult> {
  if (release.serving.healthProtocol === 'grpc')
    return (await import('./grpc-health-probe.js')).grpcHealthProbe(release, timeoutMs);
  return httpProbe(release, timeoutMs);
}
