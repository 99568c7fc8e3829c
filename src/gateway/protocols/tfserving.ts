/**
 * TF Serving REST: `POST /v1/models/{name}[/versions/{v}|/labels/{l}]:predict|:classify|:regress`,
 * `GET /v1/models/{name}[/versions/{v}][/metadata]`. Rows come from `instances` (row format) or
 * `inputs` (columnar); outputs are `predictions` (or `outputs`).
 */
import { columnsToRows, isRecord, type ProtocolAdapter } from './protocol.js';

const PREFIX = '/v1/models/';

export const tfserving: ProtocolAdapter = {
  name: 'tfserving',
  match(path, method) {
    if (!path.startsWith(PREFIX)) return undefined;
    const rest = path.slice(PREFIX.length);
    let end = 0;
    while (end < rest.length && rest[end] !== '/' && rest[end] !== ':') end++;
    if (end === 0) return undefined;
    const suffix = rest.slice(end);
    const inference = method === 'POST' && /:(predict|classify|regress)$/.test(suffix);
    return { model: rest.slice(0, end), suffix, inference };
  },
  upstreamPath: (model, suffix) => PREFIX + model + suffix,
  inputs(body) {
    if (!isRecord(body)) return undefined;
    if (Array.isArray(body.instances)) return body.instances;
    if (Array.isArray(body.inputs)) return body.inputs;
    if (isRecord(body.inputs)) return columnsToRows(body.inputs);
    return undefined;
  },
  payload: (body) => (isRecord(body) ? (body.predictions ?? body.outputs ?? body.results ?? body) : body),
  // TF Serving answers a JSON object (`predictions`, `outputs`, `results` or model status).
  acceptsResponse: isRecord,
  // Model metadata (`GET /v1/models/{name}/metadata`) names the model in `model_spec`.
  modelNameFields: [['model_spec', 'name']],
};
