import type { FieldQuality } from './types.js';
import type { InputSchema } from '../registry/schemas.js';

/**
 * Default PSI edges for a numeric field when none are configured: signed decades. They depend
 * only on the model (never the release), so canary and baseline histograms always line up.
 */
export const DEFAULT_NUMERIC_EDGES: readonly number[] = [
  -1e6, -1e4, -1e3, -100, -10, -1, -0.1, 0, 0.1, 1, 10, 100, 1e3, 1e4, 1e6,
];

type FieldType = InputSchema['fields'][string]['type'];

interface CompiledField {
  name: string;
  type: FieldType;
  edges: readonly number[] | undefined;
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
    histogram: field.edges
      ? { edges: [...field.edges], counts: new Array<number>(field.edges.length + 1).fill(0) }
      : undefined,
  };
}

/** Counts missing / null / wrong-typed fields of one input row and bins numeric values. */
export function checkRow(schema: CompiledSchema, row: unknown, quality: Record<string, FieldQuality>): void {
  const record = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : undefined;
  for (const field of schema.fields) {
    let q = quality[field.name];
    if (!q) q = quality[field.name] = emptyQuality(field);
    if (!record || !(field.name in record)) {
      q.missing++;
      continue;
    }
    const value = record[field.name];
    if (value === null || value === undefined) q.nulls++;
    else if (!hasType(value, field.type)) q.wrongType++;
    else if (q.histogram && typeof value === 'number' && Number.isFinite(value))
      q.histogram.counts[binIndex(q.histogram.edges, value)]!++;
  }
}

export function mergeQuality(into: Record<string, FieldQuality>, from: Record<string, FieldQuality>): void {
  for (const [name, src] of Object.entries(from)) {
    const dst = into[name];
    if (!dst) {
      into[name] = {
        missing: src.missing,
        nulls: src.nulls,
        wrongType: src.wrongType,
        histogram: src.histogram
          ? { edges: [...src.histogram.edges], counts: [...src.histogram.counts] }
          : undefined,
      };
      continue;
    }
    dst.missing += src.missing;
    dst.nulls += src.nulls;
    dst.wrongType += src.wrongType;
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
