/** Whole non-negative numbers in the narrowest typed array that holds them all. */
export type NarrowUints = Uint8Array | Uint16Array | Uint32Array;

/**
 * `values` as 8-, 16- or 32-bit unsigned integers, whichever is the narrowest that holds every
 * one; undefined when one is not a whole number in [0, 2^32). A kept second's counts are small
 * (most items of a baseline second are seen under 256 times), so its frozen counts and latency
 * bins take one byte each instead of four.
 */
export function narrowUints(
  values: ArrayLike<number>,
  from = 0,
  length = values.length - from,
): NarrowUints | undefined {
  let max = 0;
  for (let i = from; i < from + length; i++) {
    const v = values[i] ?? 0;
    if (!(v >= 0 && v < 2 ** 32 && Number.isInteger(v))) return undefined;
    if (v > max) max = v;
  }
  const out = uintsHolding(max, length);
  for (let i = 0; i < length; i++) out[i] = values[from + i] ?? 0;
  return out;
}

/** A zeroed array of `length` of the narrowest width that holds whole numbers up to `max` (< 2^32). */
export function uintsHolding(max: number, length: number): NarrowUints {
  return max < 2 ** 8
    ? new Uint8Array(length)
    : max < 2 ** 16
      ? new Uint16Array(length)
      : new Uint32Array(length);
}
