import { request } from 'undici';
import type { Release } from '../registry/types.js';

/** Healthy when every backend answers its health path with 2xx within the timeout. */
export async function httpProbe(
  release: Release,
  timeoutMs = 2_000,
): Promise<{ ok: boolean; message: string }> {
  const failures: string[] = [];
  for (const backend of release.serving.backends) {
    const url = new URL(release.serving.healthPath, backend.url).toString();
    try {
      const response = await request(url, {
        method: 'GET',
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
