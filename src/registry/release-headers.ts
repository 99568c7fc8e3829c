/**
 * The headers that tell a backend which bundle a request belongs to: the release, its model
 * version and every feature/encoder version. The gateway adds them to every request it proxies,
 * and warm-up and health probes send them too, so a backend never sees a request of a release
 * without the encoder it was built for.
 */
import type { Release } from './types.js';

/** Flat `[name, value, ...]`, names in lower case. */
export function releaseIdentityHeaders(
  release: Pick<Release, 'name' | 'modelVersion' | 'features'>,
): string[] {
  const headers = [
    'x-ripcord-release',
    release.name,
    'x-ripcord-model-version',
    String(release.modelVersion),
  ];
  if (release.features.length > 0)
    headers.push('x-ripcord-features', release.features.map((f) => `${f.name}@${f.version}`).join(','));
  for (const f of release.features) headers.push(`x-ripcord-feature-${f.name}`, f.version);
  return headers;
}
