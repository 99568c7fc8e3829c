/**
 * Request and response shapes of the two serving protocols the demo model speaks:
 * TF Serving REST predict and the KServe Open Inference Protocol v2. Both reduce to rows of
 * instance fields in, one recommendation per row out.
 */
import type { Recommendation } from './catalogue.js';

/** One input row, e.g. `{ user_id: "u42", hour: 2 }`. */
export type Row = Record<string, unknown>;

/** Thrown for a malformed request body; the message says which field and what is expected. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

export interface ParsedRequest {
  rows: Row[];
  /** How the response is laid out (TF Serving answers columnar input with columnar output). */
  layout: 'tf-row' | 'tf-columnar' | 'kserve-v2';
  id?: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bare scalar instance is taken as the user id. */
function toRow(instance: unknown): Row {
  return isRecord(instance) ? instance : { user_id: instance };
}

export function parseTfServing(body: unknown): ParsedRequest {
  if (!isRecord(body)) throw new BadRequestError('body must be a JSON object with "instances" or "inputs"');
  if (Array.isArray(body.instances)) return { rows: body.instances.map(toRow), layout: 'tf-row' };
  if (isRecord(body.inputs)) {
    const columns = Object.entries(body.inputs);
    const length = columns.reduce((n, [, v]) => Math.max(n, Array.isArray(v) ? v.length : 1), 0);
    const rows = Array.from({ length }, (_, i) =>
      Object.fromEntries(columns.map(([name, v]) => [name, Array.isArray(v) ? v[i] : v])),
    );
    return { rows, layout: 'tf-columnar' };
  }
  throw new BadRequestError('"instances" must be an array of rows such as [{"user_id": "u1"}]');
}

interface V2Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

export function parseKserveV2(body: unknown): ParsedRequest {
  if (!isRecord(body) || !Array.isArray(body.inputs))
    throw new BadRequestError('"inputs" must be an array of tensors {name, shape, datatype, data}');
  const tensors: V2Tensor[] = body.inputs.map((t, i) => {
    if (!isRecord(t) || typeof t.name !== 'string' || !Array.isArray(t.data) || !Array.isArray(t.shape))
      throw new BadRequestError(`inputs[${i}] needs "name", "shape" and "data"`);
    return {
      name: t.name,
      shape: t.shape as number[],
      datatype: String(t.datatype ?? ''),
      data: t.data.flat(8),
    };
  });
  const length = tensors.reduce((n, t) => Math.max(n, Number(t.shape[0] ?? t.data.length)), 0);
  const rows = Array.from({ length }, (_, i) => Object.fromEntries(tensors.map((t) => [t.name, t.data[i]])));
  return { rows, layout: 'kserve-v2', id: typeof body.id === 'string' ? body.id : undefined };
}

export function formatResponse(
  parsed: ParsedRequest,
  recommendations: Recommendation[],
  model: { name: string; version: string },
): unknown {
  switch (parsed.layout) {
    case 'tf-row':
      return { predictions: recommendations.map((r) => ({ items: r.items, scores: r.scores })) };
    case 'tf-columnar':
      return {
        outputs: { items: recommendations.map((r) => r.items), scores: recommendations.map((r) => r.scores) },
      };
    case 'kserve-v2': {
      const k = recommendations[0]?.items.length ?? 0;
      const shape = [recommendations.length, k];
      return {
        model_name: model.name,
        model_version: model.version,
        ...(parsed.id === undefined ? {} : { id: parsed.id }),
        outputs: [
          { name: 'items', shape, datatype: 'BYTES', data: recommendations.flatMap((r) => r.items) },
          { name: 'scores', shape, datatype: 'FP32', data: recommendations.flatMap((r) => r.scores) },
        ],
      };
    }
  }
}
