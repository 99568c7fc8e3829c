import type { CategoryCounts, FieldQuality } from './types.js';
import type { InputSchema } from '../registry/schemas.js';
import type { StreamCounters } from './stream-counters.js';

/**
 * Default PSI edges for a numeric field when none are configured: signed decades. They depend
 * only on the model (never the release), so canary and baseline histograms always line up.
 */
export const DEFAULT_NUMERIC_EDGES: readonly number[] = [
  -1e6, -1e4, -1e3, -100, -10, -1, -0.1, 0, 0.1, 1, 10, 100, 1e3, 1e4, 1e6,
];

/**
 * Distinct values a string or boolean field may take over a span before its category counts are
 * dropped (a field with more is an identifier, not a category to compare distributions on).
 */
export const CATEGORY_CAPACITY = 100;
/** Longer string values are counted by their first this-many characters. */
const CATEGORY_KEY_LENGTH = 120;

type FieldType = InputSchema['fields'][string]['type'];

interface CompiledField {
  name: string;
  type: FieldType;
  required: boolean;
  nullable: boolean;
  edges: readonly number[] | undefined;
  categorical: boolean;
}

/** A schema compiled once per model, so per-row checks do no allocation beyond counters. */
export interface CompiledSchema {
  fields: CompiledField[];
}

export function compileSchema(
  schema: InputSchema,
  edgesFor: (field: string) => readonly number[] | undefined,
): CompiledSchema {
  return {
    fields: Object.entries(schema.fields).map(([name, spec]) => ({
      name,
      type: spec.type,
      // Parsed schemas have the defaults filled in; a hand-built one may not.
      required: spec.required ?? true,
      nullable: spec.nullable ?? false,
      categorical: spec.type === 'string' || spec.type === 'boolean',
      edges:
        spec.type === 'number' || spec.type === 'integer'
          ? (edgesFor(name) ?? DEFAULT_NUMERIC_EDGES)
          : undefined,
    })),
  };
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** Histogram bin for `value`: bin i holds [edges[i-1], edges[i]); bin 0 and the last are open. */
export function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function emptyQuality(field: CompiledField): FieldQuality {
  return {
    missing: 0,
    nulls: 0,
    wrongType: 0,
    mismatches: 0,
    histogram: field.edges
      ? { edges: [...field.edges], counts: new Array<number>(field.edges.length + 1).fill(0) }
      : undefined,
    categories: field.categorical ? emptyCategories() : undefined,
  };
}

const emptyCategories = (): CategoryCounts => ({
  counts: Object.create(null) as Record<string, number>,
  overflow: false,
});

/** Counts one value of a categorical field, or marks the field overflowed past the capacity. */
function countCategory(c: CategoryCounts, value: string | boolean): void {
  if (c.overflow) return;
  const key =
    typeof value === 'boolean'
      ? value
        ? 'true'
        : 'false'
      : value.length > CATEGORY_KEY_LENGTH
        ? value.slice(0, CATEGORY_KEY_LENGTH)
        : value;
  const seen = c.counts[key];
  if (seen !== undefined) c.counts[key] = seen + 1;
  else if (Object.keys(c.counts).length < CATEGORY_CAPACITY) c.counts[key] = 1;
  else overflow(c);
}

function overflow(c: CategoryCounts): void {
  c.overflow = true;
  c.counts = Object.create(null) as Record<string, number>;
}

/**
 * Counts missing / null / wrong-typed fields of one input row, bins numeric values and counts
 * categorical ones. Returns whether the row breaks the schema (a field of the wrong type, missing
 * though required, or null though not nullable).
 */
export function checkRow(
  schema: CompiledSchema,
  row: unknown,
  quality: Record<string, FieldQuality>,
  /** Also counted here: the stream's cumulative counters for /metrics. */
  totals?: StreamCounters,
): boolean {
  const record = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : undefined;
  let mismatched = false;
  for (const field of schema.fields) {
    let q = quality[field.name];
    if (!q) q = quality[field.name] = emptyQuality(field);
    const t = totals?.field(field.name);
    let broken = false;
    if (!record || !(field.name in record)) {
      q.missing++;
      if (t) t.missing++;
      broken = field.required;
    } else {
      const value = record[field.name];
      if (value === null || value === undefined) {
        q.nulls++;
        if (t) t.nulls++;
        broken = !field.nullable;
      } else if (!hasType(value, field.type)) {
        q.wrongType++;
        if (t) t.wrongType++;
        broken = true;
      } else if (q.histogram && typeof value === 'number' && Number.isFinite(value))
        q.histogram.counts[binIndex(q.histogram.edges, value)]!++;
      else if (q.categories && (typeof value === 'string' || typeof value === 'boolean'))
        countCategory(q.categories, value);
    }
    if (broken) {
      q.mismatches = (q.mismatches ?? 0) + 1;
      if (t) t.mismatches++;
      mismatched = true;
    }
  }
  return mismatched;
}

/** Adds `from`'s category counts into `into` (a copy when `into` is undefined). */
function mergeCategories(into: CategoryCounts | undefined, from: CategoryCounts): CategoryCounts {
  const dst = into ?? emptyCategories();
  if (dst.overflow) return dst;
  if (from.overflow) {
    overflow(dst);
    return dst;
  }
  for (const [key, n] of Object.entries(from.counts)) {
    const seen = dst.counts[key];
    if (seen !== undefined) dst.counts[key] = seen + n;
    else if (Object.keys(dst.counts).length < CATEGORY_CAPACITY) dst.counts[key] = n;
    else {
      overflow(dst);
      break;
    }
  }
  return dst;
}

export function mergeQuality(into: Record<string, FieldQuality>, from: Record<string, FieldQuality>): void {
  for (const [name, src] of Object.entries(from)) {
    const dst = into[name];
    if (!dst) {
      into[name] = {
        missing: src.missing,
        nulls: src.nulls,
        wrongType: src.wrongType,
        mismatches: src.mismatches ?? 0,
        histogram: src.histogram
          ? { edges: [...src.histogram.edges], counts: [...src.histogram.counts] }
          : undefined,
        categories: src.categories ? mergeCategories(undefined, src.categories) : undefined,
      };
      continue;
    }
    dst.missing += src.missing;
    dst.nulls += src.nulls;
    dst.wrongType += src.wrongType;
    dst.mismatches = (dst.mismatches ?? 0) + (src.mismatches ?? 0);
    if (src.categories) dst.categories = mergeCategories(dst.categories, src.categories);
    if (dst.histogram && src.histogram) {
      if (dst.histogram.edges.length !== src.histogram.edges.length)
        throw new Error(
          `inputQuality.${name}: histogram edges differ between buckets; configure the same histogramEdges on every gateway`,
        );
      for (let i = 0; i < src.histogram.counts.length; i++)
        dst.histogram.counts[i]! += src.histogram.counts[i]!;
    }
  }
}
