/**
 * KServe v2 gRPC messages seen as their REST bodies (Open Inference Protocol JSON): the same
 * `inputs` / `outputs` tensors with `data`, so a model's predictionPath (`outputs[0].data`), its
 * input schema and sticky JSON paths mean the same over gRPC as over REST.
 */
import { plainValues, rawValues } from './tensor-values.js';

type Message = Record<string, unknown>;

interface WireTensor {
  name?: string;
  datatype?: string;
  shape?: (string | number)[];
  parameters?: Record<string, WireParameter>;
  contents?: Record<string, unknown[] | undefined>;
}

interface WireParameter {
  bool_param?: boolean;
  int64_param?: string | number;
  string_param?: string;
}

/** Which InferTensorContents field holds a datatype's elements. */
const CONTENTS_FIELD: Record<string, string> = {
  BOOL: 'bool_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
};

export function parameterValues(parameters: Record<string, WireParameter> | undefined): Message | undefined {
  if (!parameters) return undefined;
  const out: Message = {};
  for (const [name, p] of Object.entries(parameters))
    out[name] =
      p.string_param ?? p.bool_param ?? (p.int64_param === undefined ? undefined : Number(p.int64_param));
  return out;
}

function tensorView(t: WireTensor, raw: Buffer | undefined): Message {
  const datatype = t.datatype ?? '';
  const field = CONTENTS_FIELD[datatype];
  const typed = field ? t.contents?.[field] : undefined;
  const data = raw ? rawValues(datatype, raw) : typed ? plainValues(typed) : [];
  return {
    name: t.name ?? '',
    datatype,
    shape: (t.shape ?? []).map(Number),
    ...(t.parameters ? { parameters: parameterValues(t.parameters) } : {}),
    data: data ?? [],
  };
}

function tensorsView(tensors: unknown, raw: unknown): Message[] {
  const list = Array.isArray(tensors) ? (tensors as WireTensor[]) : [];
  const raws = Array.isArray(raw) ? (raw as Buffer[]) : [];
  return list.map((t, i) => tensorView(t, raws[i]));
}

/** A ModelInferRequest as the REST infer body. */
export function inferRequestView(req: Message): Message {
  return {
    ...(req.id ? { id: req.id } : {}),
    ...(req.parameters
      ? { parameters: parameterValues(req.parameters as Record<string, WireParameter>) }
      : {}),
    inputs: tensorsView(req.inputs, req.raw_input_contents),
  };
}

/** A ModelInferResponse as the REST infer answer. */
export function inferResponseView(res: Message): Message {
  return {
    model_name: res.model_name ?? '',
    ...(res.model_version ? { model_version: res.model_version } : {}),
    ...(res.id ? { id: res.id } : {}),
    outputs: tensorsView(res.outputs, res.raw_output_contents),
  };
}
