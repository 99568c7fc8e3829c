/**
 * TF Serving gRPC messages seen as their REST bodies: a PredictRequest's input tensors as
 * `instances` (rows, the REST row format), a PredictResponse's output tensors as `predictions`
 * (rows; one output's values directly, as TF Serving REST answers) and `outputs` (columnar).
 * A model's predictionPath, input schema and sticky JSON paths read them as over REST.
 */
import { columnsToRows } from '../protocols/protocol.js';
import { bfloatToNumber, halfToNumber, nest, plainValues, rawValues } from './tensor-values.js';

type Message = Record<string, unknown>;

interface WireTensorProto {
  dtype?: string;
  tensor_shape?: { dim?: { size?: string | number }[]; unknown_rank?: boolean };
  version_number?: number;
  tensor_content?: Buffer;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Buffer[];
  int64_val?: string[];
  bool_val?: boolean[];
  uint32_val?: number[];
  uint64_val?: string[];
}

/** The typed field and the KServe datatype of the same raw layout, per TF dtype. */
const DTYPES: Record<string, { field: keyof WireTensorProto; raw: string }> = {
  DT_FLOAT: { field: 'float_val', raw: 'FP32' },
  DT_DOUBLE: { field: 'double_val', raw: 'FP64' },
  DT_INT32: { field: 'int_val', raw: 'INT32' },
  DT_INT16: { field: 'int_val', raw: 'INT16' },
  DT_INT8: { field: 'int_val', raw: 'INT8' },
  DT_UINT8: { field: 'int_val', raw: 'UINT8' },
  DT_UINT16: { field: 'int_val', raw: 'UINT16' },
  DT_INT64: { field: 'int64_val', raw: 'INT64' },
  DT_UINT32: { field: 'uint32_val', raw: 'UINT32' },
  DT_UINT64: { field: 'uint64_val', raw: 'UINT64' },
  DT_BOOL: { field: 'bool_val', raw: 'BOOL' },
  DT_HALF: { field: 'half_val', raw: 'FP16' },
  DT_BFLOAT16: { field: 'half_val', raw: 'BF16' },
  DT_STRING: { field: 'string_val', raw: '' },
};

/** A TensorProto's values nested by its shape (a scalar for a rank-0 tensor). */
export function tensorValue(t: WireTensorProto): unknown {
  const dtype = t.dtype ?? 'DT_INVALID';
  const shape = (t.tensor_shape?.dim ?? []).map((d) => Number(d.size ?? 0));
  const spec = DTYPES[dtype];
  let flat: unknown[] = [];
  if (spec && t.tensor_content && t.tensor_content.length > 0 && spec.raw !== '')
    flat = rawValues(spec.raw, t.tensor_content) ?? [];
  else if (spec) {
    const typed = (t[spec.field] as unknown[] | undefined) ?? [];
    flat =
      dtype === 'DT_HALF'
        ? typed.map((v) => halfToNumber(Number(v)))
        : dtype === 'DT_BFLOAT16'
          ? typed.map((v) => bfloatToNumber(Number(v)))
          : plainValues(typed);
  }
  // Version 0: a single value fills the whole shape.
  const size = shape.reduce((a, b) => a * Math.max(b, 0), 1);
  if (flat.length === 1 && shape.length > 0 && size > 1) flat = new Array<unknown>(size).fill(flat[0]);
  return nest(flat, shape);
}

function tensorMap(tensors: unknown): Message {
  const out: Message = {};
  if (tensors && typeof tensors === 'object')
    for (const [name, t] of Object.entries(tensors as Record<string, WireTensorProto>))
      out[name] = tensorValue(t);
  return out;
}

/** A PredictRequest as the REST row-format body (`instances`, one object per row) and its columns. */
export function predictRequestView(req: Message): Message {
  const inputs = tensorMap(req.inputs);
  // Rows keyed by input name, so an input schema's fields name the tensors.
  return { instances: columnsToRows(inputs), inputs };
}

/** A PredictResponse as the REST answer: `predictions` (rows) and `outputs` (columnar). */
export function predictResponseView(res: Message): Message {
  const outputs = tensorMap(res.outputs);
  const names = Object.keys(outputs);
  const predictions = names.length === 1 ? outputs[names[0]!] : columnsToRows(outputs);
  return { predictions, outputs: names.length === 1 ? outputs[names[0]!] : outputs };
}
