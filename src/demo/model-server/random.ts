/**
 * A tiny seeded PRNG for the demo model server, so a run with the same seed and the same
 * requests produces the same recommendations, latencies and injected errors.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: 32-bit state, fast, good enough for simulation (not for cryptography). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return function mulberry32(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash: turns a user id into a stable per-user seed. */
export function hashString(value: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A standard normal draw (Box-Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) never happens
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A lognormal draw whose median is `median`; sigma is the spread of log(value). */
export function lognormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(random));
}
