/**
 * Tensor contents as plain values, the way the REST protocols carry them: from the typed
 * repeated fields of a message, or from raw little-endian bytes (KServe `raw_*_contents`,
 * TF `tensor_content`). 64-bit integers become numbers (telemetry reads predictions, not ids
 * beyond 2^53); strings and BYTES elements are read as UTF-8.
 */

/** Element size in bytes of a fixed-width KServe datatype; BYTES is length-prefixed. */
const WIDTH: Record<string, number> = {
  BOOL: 1,
  UINT8: 1,
  INT8: 1,
  UINT16: 2,
  INT16: 2,
  FP16: 2,
  BF16: 2,
  UINT32: 4,
  INT32: 4,
  FP32: 4,
  UINT64: 8,
  INT64: 8,
  FP64: 8,
};

/** IEEE 754 half precision to a number. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** bfloat16: the top half of a float32. */
function bfloat(bits: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32LE((bits << 16) >>> 0);
  return b.readFloatLE(0);
}

/** Raw row-major bytes of a KServe datatype as values; undefined for a type it cannot read. */
export function rawValues(datatype: string, raw: Buffer): unknown[] | undefined {
  if (datatype === 'BYTES') {
    const out: string[] = [];
    let at = 0;
    while (at + 4 <= raw.length) {
      const n = raw.readUInt32LE(at);
      at += 4;
      if (at + n > raw.length) return undefined;
      out.push(raw.toString('utf8', at, at + n));
      at += n;
    }
    return at === raw.length ? out : undefined;
  }
  const width = WIDTH[datatype];
  if (width === undefined || raw.length % width !== 0) return undefined;
  const out: unknown[] = new Array(raw.length / width);
  for (let i = 0, at = 0; at < raw.length; i++, at += width) out[i] = readOne(datatype, raw, at);
  return out;
}

function readOne(datatype: string, raw: Buffer, at: number): unknown {
  switch (datatype) {
    case 'BOOL':
      return raw[at] !== 0;
    case 'UINT8':
      return raw.readUInt8(at);
    case 'INT8':
      return raw.readInt8(at);
    case 'UINT16':
      return raw.readUInt16LE(at);
    case 'INT16':
      return raw.readInt16LE(at);
    case 'FP16':
      return half(raw.readUInt16LE(at));
    case 'BF16':
      return bfloat(raw.readUInt16LE(at));
    case 'UINT32':
      return raw.readUInt32LE(at);
    case 'INT32':
      return raw.readInt32LE(at);
    case 'FP32':
      return raw.readFloatLE(at);
    case 'UINT64':
      return Number(raw.readBigUInt64LE(at));
    case 'INT64':
      return Number(raw.readBigInt64LE(at));
    default:
      return raw.readDoubleLE(at);
  }
}

/** Elements of a repeated field as the REST body would hold them. */
export function plainValues(values: readonly unknown[]): unknown[] {
  return values.map((v) =>
    Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v,
  );
}

/** `flat` (row-major) nested by `shape`, as a REST body writes a tensor; a scalar for shape []. */
export function nest(flat: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  if (shape.length === 1) return [...flat];
  const [first, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  const n = first !== undefined && first >= 0 ? first : size > 0 ? Math.floor(flat.length / size) : 0;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(nest(flat.slice(i * size, (i + 1) * size), rest));
  return out;
}

export { half as halfToNumber, bfloat as bfloatToNumber };
