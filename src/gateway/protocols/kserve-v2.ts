/**
 * KServe / Open Inference Protocol v2: `POST /v2/models/{name}[/versions/{v}]/infer`,
 * `GET /v2/models/{name}[/versions/{v}]` (metadata) and `.../ready`. Input tensors are turned
 * into rows (row i holds element i of each tensor's first dimension) for data-quality checks.
 */
import { isRecord, type ProtocolAdapter } from './protocol.js';

const PREFIX = '/v2/models/';

function tensorRows(inputs: unknown[]): unknown[] | undefined {
  const rows: Record<string, unknown>[] = [];
  for (const t of inputs) {
    if (!isRecord(t) || typeof t.name !== 'string' || !Array.isArray(t.data)) continue;
    const shape = Array.isArray(t.shape) ? (t.shape as number[]) : [t.data.length];
    const n = shape[0] ?? t.data.length;
    const width = n > 0 ? Math.max(1, Math.floor(t.data.length / n)) : 1;
    for (let i = 0; i < n; i++) {
      const row = (rows[i] ??= {});
      row[t.name] = width === 1 && shape.length <= 1 ? t.data[i] : t.data.slice(i * width, (i + 1) * width);
    }
  }
  return rows.length > 0 ? rows : undefined;
}

export const kserveV2: ProtocolAdapter = {
  name: 'kserve-v2',
  match(path, method) {
    if (!path.startsWith(PREFIX)) return undefined;
    const rest = path.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    const model = slash < 0 ? rest : rest.slice(0, slash);
    if (model === '') return undefined;
    const suffix = slash < 0 ? '' : rest.slice(slash);
    return { model, suffix, inference: method === 'POST' && suffix.endsWith('/infer') };
  },
  upstreamPath: (model, suffix) => PREFIX + model + suffix,
  inputs: (body) => (isRecord(body) && Array.isArray(body.inputs) ? tensorRows(body.inputs) : undefined),
  payload: (body) => (isRecord(body) ? (body.outputs ?? body) : body),
  // The v2 protocol answers a JSON object (`outputs`, metadata or readiness).
  acceptsResponse: isRecord,
  // Inference answers carry `model_name`; model metadata `name`.
  modelNameFields: [['model_name'], ['name']],
};
