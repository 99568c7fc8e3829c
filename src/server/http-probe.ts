import { request } from 'undici';
import { releaseIdentityHeaders } from '../registry/release-headers.js';
import type { Release } from '../registry/types.js';

export interface ProbeResult {
  ok: boolean;
  message: string;
}

/**
 * Healthy when every backend answers its health path with 2xx within the timeout. The probe
 * carries the release's identity and feature-version headers, as the gateway's requests do, so a
 * warm-up reaches the release with the encoder it was built for.
 */
export async function httpProbe(release: Release, timeoutMs = 2_000): Promise<ProbeResult> {
  const failures: string[] = [];
  for (const backend of release.serving.backends) {
    const url = new URL(release.serving.healthPath, backend.url).toString();
    try {
      const response = await request(url, {
        method: 'GET',
        headers: releaseIdentityHeaders(release),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300)
        failures.push(`${url} answered ${response.statusCode}`);
    } catch (error) {
      failures.push(`${url} unreachable (${(error as Error).message})`);
    }
  }
  return failures.length === 0
    ? { ok: true, message: `${release.serving.backends.length} backend(s) healthy` }
    : { ok: false, message: failures.join('; ') };
}
