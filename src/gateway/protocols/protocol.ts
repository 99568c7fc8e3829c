/** One serving protocol: how its URLs name a model, and where rows and predictions sit in its bodies. */
import type { ServingProtocol } from '../../registry/schemas.js';
import type { ModelNameFields } from './model-name.js';

export interface ModelPathMatch {
  model: string;
  /** The path after the model name (e.g. `:predict`, `/versions/2/infer`), without the query string. */
  suffix: string;
  /** Whether this is an inference call (recorded in telemetry, mirrored, retried) or a status/metadata read. */
  inference: boolean;
}

export interface ProtocolAdapter {
  name: ServingProtocol;
  /** `path` has no query string. */
  match(path: string, method: string): ModelPathMatch | undefined;
  /** The upstream path for a backend that knows the model as `upstreamModel`. */
  upstreamPath(upstreamModel: string, suffix: string): string;
  /** Input rows for data-quality checks, or undefined when the body has none. */
  inputs(body: unknown): readonly unknown[] | undefined;
  /** The part of a response that carries the model's output, for shadow comparisons. */
  payload(body: unknown): unknown;
  /**
   * Whether a 2xx answer is one this protocol can read: `body` is the parsed JSON (undefined for
   * an empty body). False makes the request an `invalidResponse`.
   */
  acceptsResponse(body: unknown): boolean;
  /** Where answers name the model, rewritten to the name the client asked for (model-name.ts). */
  modelNameFields?: ModelNameFields;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Columnar inputs ({field: [v0, v1, ...]}) as rows. */
export function columnsToRows(columns: Record<string, unknown>): unknown[] {
  let n = 0;
  for (const v of Object.values(columns)) if (Array.isArray(v)) n = Math.max(n, v.length);
  const rows: Record<string, unknown>[] = Array.from({ length: n }, () => ({}));
  for (const [field, v] of Object.entries(columns))
    if (Array.isArray(v)) v.forEach((value: unknown, i) => (rows[i]![field] = value));
  return rows;
}
