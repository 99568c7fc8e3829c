/**
 * Maps a session key to one of 10,000 buckets (0.01 % each). FNV-1a over the UTF-16 code units,
 * then murmur3's finaliser for avalanche; seeded per model so one user is not on the canary of
 * every model at once.
 */
export const BUCKETS = 10_000;

export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function stickyBucket(key: string, seed: number): number {
  return hashString(key, seed) % BUCKETS;
}
