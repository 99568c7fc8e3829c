/**
 * Bytes for packed buckets, cut from shared 64 kB slabs. A control plane holds ~150,000 packed
 * seconds, spans and minutes at 1,000 rollouts; as one ArrayBuffer each, every one carried an
 * object on the heap, a backing-store record and a malloc chunk of its own, and the allocator's
 * overhead and fragmentation around ~150,000 small chunks freed in no order cost more RSS than
 * their bytes (measured: 160,000 buffers of 250–1,050 bytes, replaced as a ring replaces them, took
 * ~85 MB more RSS one per buffer than cut from slabs). A slab is freed by the collector once no
 * piece of it is referenced: pieces of one slab are cut at about the same time, so a pool is kept
 * per lifetime (a span cut beside seconds kept one slab of seconds alive twice as long: +30 MB live
 * at 1,000 rollouts ten minutes in), and a slab's pieces die together.
 */

/** Pieces are cut from slabs of this size; a larger request gets a buffer of its own. */
const SLAB_BYTES = 64 * 1024;
const OWN_BUFFER_FROM = SLAB_BYTES / 4;

/**
 * A slab (or a piece's own buffer) with 8- and 64-bit views over all of it, made once: a packed
 * bucket's header and item bytes are read through them by index, so a read makes no views of its own
 * for it (a merge reads ~20 packed buckets per window, every tick, per rollout).
 */
export interface Slab {
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly f64: Float64Array;
}

/** Where a piece lives: its slab and its byte offset in it, 8-byte aligned. */
export interface Piece {
  slab: Slab;
  offset: number;
}

function slabOf(bytes: number): Slab {
  const buffer = new ArrayBuffer(bytes);
  return { buffer, u8: new Uint8Array(buffer), f64: new Float64Array(buffer) };
}

export class ByteSlabs {
  private slab = slabOf(0);
  private used = 0;

  /** `bytes` zeroed bytes at an 8-byte aligned offset, for the caller alone (never handed out again). */
  take(bytes: number): Piece {
    const size = Math.ceil(bytes / 8) * 8;
    if (bytes >= OWN_BUFFER_FROM) return { slab: slabOf(size), offset: 0 };
    if (this.used + size > this.slab.buffer.byteLength) {
      this.slab = slabOf(SLAB_BYTES);
      this.used = 0;
    }
    const piece = { slab: this.slab, offset: this.used };
    this.used += size;
    return piece;
  }
}

/** How long a packed bucket is kept, which decides the pool its bytes come from. */
export type Lifetime =
  /** A settled second in a stream's ring: sealed into its 10 s span ~60–70 s later. */
  | 'seconds'
  /** A sealed 10 s span or its roll-up: merged into its minute when the minute seals. */
  | 'spans'
  /** A sealed minute or its roll-up: kept to the end of the window. */
  | 'window';

const POOLS: Record<Lifetime, ByteSlabs> = {
  seconds: new ByteSlabs(),
  spans: new ByteSlabs(),
  window: new ByteSlabs(),
};

/** Bytes from the pool for `lifetime`. */
export function takeBytes(bytes: number, lifetime: Lifetime): Piece {
  return POOLS[lifetime].take(bytes);
}
