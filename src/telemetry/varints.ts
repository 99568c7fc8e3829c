/**
 * Whole numbers in [0, 2^32) as LEB128 (7 bits a byte, low bits first, the high bit set on every
 * byte but the last): what packed buckets write their small counts in (a count under 128 is one byte).
 */

/** Bytes `writeVarint` takes for `v`. */
export const varintBytes = (v: number): number =>
  v < 2 ** 7 ? 1 : v < 2 ** 14 ? 2 : v < 2 ** 21 ? 3 : v < 2 ** 28 ? 4 : 5;

/** Writes `v` at `out[at…]`; returns the offset after it. */
export function writeVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  return at;
}

/** Reads numbers written one after another from `bytes`, starting at `at`. */
export class VarintReader {
  constructor(
    private readonly bytes: Uint8Array,
    /** Where the next number starts. */
    public at: number,
  ) {}

  next(): number {
    const { bytes } = this;
    let b = bytes[this.at++]!;
    let v = b & 0x7f;
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) v += ((b = bytes[this.at++]!) & 0x7f) * scale;
    return v;
  }
}

/** Reads `into.length` numbers written one after another from `bytes[at…]`; returns the offset after them. */
export function readVarints(bytes: Uint8Array, at: number, into: Uint32Array): number {
  const reader = new VarintReader(bytes, at);
  for (let k = 0; k < into.length; k++) into[k] = reader.next();
  return reader.at;
}
