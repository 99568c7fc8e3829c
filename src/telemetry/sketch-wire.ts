/**
 * A latency sketch to and from its protobuf form (the bucket exchange between gateways and the
 * control plane), read straight into the compact sketch a control plane keeps. DDSketch's own
 * fromProto and toProto call require() on every call (a module lookup with path resolution and
 * package.json reads, 2–3 % of a 1,000-rollout controller's CPU and much of its garbage), and
 * fromProto builds a writable sketch bin by bin that the import then compacts.
 */
import { createRequire } from 'node:module';

import { DDSketch } from '@datadog/sketches-js';

import { compactFromBins, compactSketch, EMPTY_SKETCH } from './compact-sketch.js';

interface StoreMessage {
  contiguousBinCounts?: ArrayLike<number> | null;
  contiguousBinIndexOffset?: number | null;
}
interface SketchMessage {
  mapping?: { gamma?: number | null; indexOffset?: number | null; interpolation?: number | null } | null;
  positiveValues?: StoreMessage | null;
  negativeValues?: StoreMessage | null;
  zeroCount?: number | null;
}
interface MessageType<T> {
  create(fields: T): T;
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}
/** The library's generated protobuf types, loaded once. */
const proto = createRequire(import.meta.url)('@datadog/sketches-js/dist/ddsketch/proto/compiled') as {
  DDSketch: MessageType<SketchMessage>;
  Store: MessageType<StoreMessage>;
  IndexMapping: { Interpolation: { NONE: number } };
};

const reference = EMPTY_SKETCH.mapping.toProto() as NonNullable<SketchMessage['mapping']>;
/** Each key mapping's message, built once (mappings are shared between sketches). */
const mappingMessages = new WeakMap<object, unknown>([[EMPTY_SKETCH.mapping, reference]]);

/** The sketch `bytes` encode, compact: as `compactSketch(DDSketch.fromProto(bytes))`, faster. */
export function sketchFromProto(bytes: Uint8Array): DDSketch {
  const m = proto.DDSketch.decode(bytes);
  const positive = m.positiveValues;
  const negative = m.negativeValues;
  const mapping = m.mapping;
  const usual =
    mapping != null &&
    mapping.gamma === reference.gamma &&
    mapping.indexOffset === reference.indexOffset &&
    (mapping.interpolation ?? 0) === proto.IndexMapping.Interpolation.NONE &&
    positive?.contiguousBinCounts != null &&
    positive.contiguousBinIndexOffset != null &&
    negative?.contiguousBinCounts != null &&
    negative.contiguousBinIndexOffset != null;
  // Another accuracy or mapping, or a malformed message: the library reads it (or says why not).
  if (!usual) return compactSketch(DDSketch.fromProto(bytes));
  return compactFromBins(
    { offset: positive.contiguousBinIndexOffset!, counts: positive.contiguousBinCounts! },
    { offset: negative.contiguousBinIndexOffset!, counts: negative.contiguousBinCounts! },
    m.zeroCount ?? 0,
  );
}

/** `sketch.toProto()`, byte for byte. */
export function sketchToProto(sketch: DDSketch): Uint8Array {
  let mapping = mappingMessages.get(sketch.mapping);
  if (!mapping) mappingMessages.set(sketch.mapping, (mapping = sketch.mapping.toProto()));
  const store = (s: DDSketch['store']): StoreMessage =>
    proto.Store.create({ contiguousBinCounts: s.bins, contiguousBinIndexOffset: s.offset });
  const message = proto.DDSketch.create({
    mapping: mapping as SketchMessage['mapping'],
    positiveValues: store(sketch.store),
    negativeValues: store(sketch.negativeStore),
    zeroCount: sketch.zeroCount,
  });
  return proto.DDSketch.encode(message).finish();
}
