/**
 * A checkpoint's counts as a short ASCII string. A data trigger's mark holds both arms' counts per
 * item of a catalogue (~4,000 numbers for 2,000 items, 12 marks a trigger): as a JavaScript array
 * each takes an 8-byte slot, 32 kB a mark, and a controller's thousand rollouts kept 160 MB of them.
 * Most counts are small (an item seen a few times on a 5 % canary), so each is written as base-32
 * digits, most significant first, one character each: a count below 32 takes one byte, below 1,024
 * two. A string, not a typed array, because a full judge snapshot is stored as JSON (the verdict
 * judges' canaries) and must read back as it was; the digits are letters, digits and punctuation
 * JSON never escapes. Only whole counts in [0, 2^53) are packed, so every one reads back exactly.
 */

/** A digit that ends a count: '0' (0x30) … 'O' (0x4f). */
const LAST = 0x30;
/** A digit that more digits follow: ']' (0x5d) … '|' (0x7c); no quote or backslash in either range. */
const MORE = 0x5d;
const BASE = 32;

/** Packed whole counts (packCounts); any other mark is kept as a plain array. */
export type PackedCounts = string;

let codes = new Uint8Array(1024);
let bytes = new Uint8Array(1024);
let values = new Float64Array(1024);
const ascii = new TextDecoder();
const utf8 = new TextEncoder();

/** `counts` packed, or undefined when one is not a whole number in [0, 2^53). */
export function packCounts(counts: ArrayLike<number>): PackedCounts | undefined {
  // Eleven base-32 digits hold any count below 2^53.
  if (codes.length < 11 * counts.length) codes = new Uint8Array(11 * counts.length);
  let end = 0;
  for (let i = 0; i < counts.length; i++) {
    let v = counts[i]!;
    if (!(v >= 0 && Number.isSafeInteger(v))) return undefined;
    if (v < BASE) {
      codes[end++] = LAST + v;
      continue;
    }
    let digits = 1;
    for (let rest = Math.floor(v / BASE); rest > 0; rest = Math.floor(rest / BASE)) digits++;
    end += digits;
    codes[end - 1] = LAST + (v % BASE);
    for (let at = end - 2; at >= end - digits; at--) codes[at] = MORE + ((v = Math.floor(v / BASE)) % BASE);
  }
  // ASCII read as UTF-8: a flat one-byte string, a byte a digit.
  return ascii.decode(codes.subarray(0, end));
}

/**
 * The counts `packed` holds, in a buffer shared by every call (valid until the next one): a
 * reader takes them within one synchronous pass. A judge reads every live mark at every look, so
 * this is its hot path: the digits are copied out as bytes at once (ASCII encodes as itself),
 * about 1.3× as fast as reading one character at a time (~8 µs for 4,000 counts).
 */
export function unpackCounts(packed: PackedCounts): Float64Array {
  if (bytes.length < packed.length) bytes = new Uint8Array(Math.max(packed.length, 2 * bytes.length));
  if (values.length < packed.length) values = new Float64Array(bytes.length);
  const digits = bytes;
  const counts = values;
  const { written } = utf8.encodeInto(packed, digits);
  let n = 0;
  let v = 0;
  for (let i = 0; i < written; i++) {
    const c = digits[i]!;
    if (c >= MORE) v = v * BASE + (c - MORE);
    else {
      counts[n++] = v * BASE + (c - LAST);
      v = 0;
    }
  }
  return counts.subarray(0, n);
}

/**
 * True when `value` is packed counts: digits of the two ranges, each count at most eleven digits
 * and ended by a last digit.
 */
export function isPackedCounts(value: unknown): value is PackedCounts {
  if (typeof value !== 'string') return false;
  let more = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= LAST && c < LAST + BASE) more = 0;
    else if (c >= MORE && c < MORE + BASE && ++more < 11) continue;
    else return false;
  }
  return more === 0;
}
