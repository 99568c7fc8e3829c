/**
 * The read-only form of a settled second's latency sketch. A DDSketch as built costs about 1.7 kB
 * (its own key mapping, two stores, bins grown in chunks of 128 slots of 8 bytes), and a control
 * plane holds one per stream for every second it keeps (2,000 streams × 120 s is 240,000 of
 * them). Settled, the same sketch shares one key mapping, shares one empty negative store
 * (latencies are never negative), and keeps its bins from the lowest to the highest key as 8-,
 * 16- or 32-bit counts, the narrowest that holds them (whole counts below 2^32; anything else
 * keeps 64-bit floats). It is still a DDSketch to
 * every reader (quantiles, merges from it, protobuf); a writer thaws it first (`thawSketch`).
 */
import { DDSketch } from '@datadog/sketches-js';

import { narrowUints, type NarrowUints } from './narrow-uints.js';

type Store = DDSketch['store'];

const template = new DDSketch({ relativeAccuracy: 0.01 });
const storePrototype = Object.getPrototypeOf(template.store) as object;
const sharedMappings = new Map<number, DDSketch['mapping']>([[template.mapping.gamma, template.mapping]]);
/** One empty store shared by every compact sketch without negative values; never written (thaw first). */
const EMPTY_STORE: Store = compactStore(template.negativeStore);

/** Whether `sketch` is in the compact form (and must be thawed before a write). */
export function isCompact(sketch: DDSketch): boolean {
  return (sketch as Marked)[COMPACT] === true;
}

/**
 * Marks a compact sketch. A property, not a WeakSet: a control plane makes thousands of compact
 * views a second (each merge of a packed second), and every WeakSet entry is an ephemeron the
 * garbage collector must process.
 */
const COMPACT = Symbol('compact');
type Marked = DDSketch & { [COMPACT]?: true };

/** The compact form of `sketch` (a new object; `sketch` is left as it was). */
export function compactSketch(sketch: DDSketch): DDSketch {
  if (isCompact(sketch)) return sketch;
  let mapping = sharedMappings.get(sketch.mapping.gamma);
  if (!mapping) sharedMappings.set(sketch.mapping.gamma, (mapping = sketch.mapping));
  return compactOf(
    mapping,
    compactStore(sketch.store),
    sketch.negativeStore.count === 0 ? EMPTY_STORE : compactStore(sketch.negativeStore),
    sketch,
  );
}

/** What a compact sketch at relative accuracy 0.01 without negative values is made of (packed-second.ts). */
export interface CompactParts {
  /** The positive store's bins from `minKey` to `maxKey` (empty when the store is). */
  bins: NarrowUints;
  chunkSize: number;
  storeCount: number;
  minKey: number;
  maxKey: number;
  zeroCount: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

/** The parts of a compact sketch, or undefined when it has negative values, 64-bit bins or another accuracy. */
export function compactParts(sketch: DDSketch): CompactParts | undefined {
  const { store } = sketch;
  if (!isCompact(sketch) || sketch.negativeStore !== EMPTY_STORE) return undefined;
  if (sketch.mapping !== template.mapping || store.bins instanceof Float64Array) return undefined;
  return {
    bins: store.bins as unknown as NarrowUints,
    chunkSize: store.chunkSize,
    storeCount: store.count,
    minKey: store.minKey,
    maxKey: store.maxKey,
    zeroCount: sketch.zeroCount,
    count: sketch.count,
    min: sketch.min,
    max: sketch.max,
    sum: sketch.sum,
  };
}

/** The compact sketch `parts` describe (the inverse of `compactParts`); `bins` is shared, never written. */
export function compactFromParts(parts: CompactParts): DDSketch {
  const store = storeOf(
    parts.chunkSize,
    parts.bins,
    parts.storeCount,
    parts.minKey,
    parts.maxKey,
    parts.storeCount === 0 ? 0 : parts.minKey,
  );
  return compactOf(template.mapping, store, EMPTY_STORE, parts);
}

/** A writable copy of a compact sketch (an ordinary DDSketch with the same counts). */
export function thawSketch(sketch: DDSketch): DDSketch {
  return isCompact(sketch) ? copySketch(sketch) : sketch;
}

/**
 * A writable copy of any sketch, bins copied by a plain loop: DDSketch's own copy (a merge into an
 * empty sketch) spreads the bins, which on a compact sketch's typed array walks an iterator, and
 * it ran on every window read.
 */
export function copySketch(sketch: DDSketch): DDSketch {
  const copy = new DDSketch({ relativeAccuracy: 0.01 });
  if (!copy.mergeable(sketch)) throw new Error('copySketch: sketches of another relative accuracy');
  copy.mapping = sharedMappings.get(sketch.mapping.gamma) ?? sketch.mapping;
  copyStore(copy.store, sketch.store);
  copyStore(copy.negativeStore, sketch.negativeStore);
  copy.zeroCount = sketch.zeroCount;
  copy.count = sketch.count;
  copy.min = sketch.min;
  copy.max = sketch.max;
  copy.sum = sketch.sum;
  return copy;
}

/** What DenseStore.copy does, into an array of numbers of the source's length whatever its bins are. */
function copyStore(into: Store, from: Store): void {
  const src = from.bins as ArrayLike<number>;
  // Sized once: a pushed array grows (and is copied) several times on the way to ~300 bins.
  const bins = new Array<number>(src.length);
  for (let i = 0; i < src.length; i++) bins[i] = src[i]!;
  into.bins = bins;
  into.count = from.count;
  into.minKey = from.minKey;
  into.maxKey = from.maxKey;
  into.offset = from.offset;
}

/**
 * `into` with `other` merged in, as a new reference when that is cheaper: a compact `other`
 * merged into an empty sketch is shared (compact sketches are never written: a writer thaws), a
 * compact `into` is thawed first. The caller keeps the result in place of `into`.
 */
export function mergedSketch(into: DDSketch, other: DDSketch): DDSketch {
  if (other.count === 0) return into;
  if (into.count === 0 && into.mergeable(other)) return isCompact(other) ? other : copySketch(other);
  if (isCompact(into) && positiveOnly(into) && positiveOnly(other) && into.mergeable(other))
    return unionSketch(into, other);
  const writable = thawSketch(into);
  writable.merge(other);
  return writable;
}

function positiveOnly(sketch: DDSketch): boolean {
  return sketch.negativeStore.count === 0;
}

/**
 * A writable sketch equal to `a` thawed with `b` merged in, its bins allocated once over both
 * key ranges: a thaw copies `a`'s bins, and the library's merge then grows them for `b`'s keys
 * (a push of zeros, then a slice and an unshift to re-centre), which every window read did.
 */
function unionSketch(a: DDSketch, b: DDSketch): DDSketch {
  const sa = a.store;
  const sb = b.store;
  const store = Object.create(storePrototype) as Store;
  store.chunkSize = sa.chunkSize;
  if (sa.count === 0 && sb.count === 0) {
    store.bins = [];
    store.count = 0;
    store.minKey = Infinity;
    store.maxKey = -Infinity;
    store.offset = 0;
  } else {
    const minKey = sa.count === 0 ? sb.minKey : sb.count === 0 ? sa.minKey : Math.min(sa.minKey, sb.minKey);
    const maxKey = sa.count === 0 ? sb.maxKey : sb.count === 0 ? sa.maxKey : Math.max(sa.maxKey, sb.maxKey);
    const bins = new Array<number>(maxKey - minKey + 1).fill(0);
    addBins(bins, minKey, sa);
    addBins(bins, minKey, sb);
    store.bins = bins;
    store.count = sa.count + sb.count;
    store.minKey = minKey;
    store.maxKey = maxKey;
    store.offset = minKey;
  }
  const negativeStore = Object.create(storePrototype) as Store;
  negativeStore.chunkSize = a.negativeStore.chunkSize;
  copyStore(negativeStore, a.negativeStore);
  const union = Object.create(DDSketch.prototype) as DDSketch;
  union.mapping = a.mapping;
  union.store = store;
  union.negativeStore = negativeStore;
  union.zeroCount = a.zeroCount + b.zeroCount;
  union.count = a.count + b.count;
  union.min = b.min < a.min ? b.min : a.min;
  union.max = b.max > a.max ? b.max : a.max;
  union.sum = a.sum + b.sum;
  return union;
}

/** Adds `from`'s counts for its keys into `bins`, whose first slot is key `offset`. */
function addBins(bins: number[], offset: number, from: Store): void {
  if (from.count === 0) return;
  const src = from.bins as ArrayLike<number>;
  for (let key = from.minKey; key <= from.maxKey; key++) bins[key - offset]! += src[key - from.offset] ?? 0;
}

/**
 * The empty sketch every bucket starts with, shared until its first write or merge; frozen, so a
 * write that skipped the thaw throws instead of changing every bucket's sketch.
 */
export const EMPTY_SKETCH: DDSketch = Object.freeze(compactSketch(template));
Object.freeze(EMPTY_SKETCH.store);

/** A store's bins as its protobuf form carries them: counts of keys offset, offset + 1, … */
export interface ContiguousBins {
  offset: number;
  counts: ArrayLike<number>;
}

/**
 * The compact sketch, at the default accuracy, that `compactSketch(DDSketch.fromProto(…))` makes
 * of these bins, without the writable sketch built bin by bin in between (sketch-wire.ts). As
 * there, the summary statistics the protobuf form does not carry read as a fresh sketch's.
 */
export function compactFromBins(
  positive: ContiguousBins,
  negative: ContiguousBins,
  zeroCount: number,
): DDSketch {
  const store = contiguousStore(positive);
  const negativeStore = contiguousStore(negative);
  return compactOf(template.mapping, store, negativeStore.count === 0 ? EMPTY_STORE : negativeStore, {
    zeroCount,
    count: negativeStore.count + zeroCount + store.count,
    min: Infinity,
    max: -Infinity,
    sum: 0,
  });
}

/** What DenseStore.fromProto then compactStore make of contiguous bins (zero bins at the ends included). */
function contiguousStore({ offset, counts }: ContiguousBins): Store {
  let count = 0;
  for (let i = 0; i < counts.length; i++) count += counts[i]!;
  const minKey = counts.length > 0 ? offset : Infinity;
  const maxKey = counts.length > 0 ? offset + counts.length - 1 : -Infinity;
  const { chunkSize } = template.store;
  if (count === 0) return storeOf(chunkSize, new Uint8Array(0), 0, minKey, maxKey, 0);
  const bins = narrowUints(counts) ?? Float64Array.from(counts);
  return storeOf(chunkSize, bins, count, minKey, maxKey, minKey);
}

/** A store holding only its keys' range, as the narrowest unsigned counts when they are whole. */
function compactStore(store: Store): Store {
  const from = store.count === 0 ? 0 : store.minKey - store.offset;
  const length = store.count === 0 ? 0 : store.maxKey - store.minKey + 1;
  const bins =
    narrowUints(store.bins, from, length) ??
    Float64Array.from({ length }, (_, i) => store.bins[from + i] ?? 0);
  return storeOf(
    store.chunkSize,
    bins,
    store.count,
    store.minKey,
    store.maxKey,
    store.count === 0 ? 0 : store.minKey,
  );
}

/**
 * A DenseStore over `bins`, its fields set one by one in DenseStore's order, so that every compact
 * store shares one hidden class and building one allocates nothing else.
 */
function storeOf(
  chunkSize: number,
  bins: ArrayLike<number>,
  count: number,
  minKey: number,
  maxKey: number,
  offset: number,
): Store {
  const store = Object.create(storePrototype) as Store;
  store.chunkSize = chunkSize;
  store.bins = bins as number[];
  store.count = count;
  store.minKey = minKey;
  store.maxKey = maxKey;
  store.offset = offset;
  return store;
}

/** A compact DDSketch: BaseDDSketch's fields in its constructor's order, then the mark. */
function compactOf(
  mapping: DDSketch['mapping'],
  store: Store,
  negativeStore: Store,
  stats: { zeroCount: number; count: number; min: number; max: number; sum: number },
): DDSketch {
  const compact = Object.create(DDSketch.prototype) as Marked;
  compact.mapping = mapping;
  compact.store = store;
  compact.negativeStore = negativeStore;
  compact.zeroCount = stats.zeroCount;
  compact.count = stats.count;
  compact.min = stats.min;
  compact.max = stats.max;
  compact.sum = stats.sum;
  compact[COMPACT] = true;
  return compact;
}
