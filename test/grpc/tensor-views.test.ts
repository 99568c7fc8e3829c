/** gRPC tensors read as their REST bodies: typed and raw contents, data types, shapes. */
import { describe, expect, it } from 'vitest';

import { inferRequestView, inferResponseView } from '../../src/gateway/grpc/kserve-view.js';
import { rawValues } from '../../src/gateway/grpc/tensor-values.js';
import {
  predictRequestView,
  predictResponseView,
  tensorValue,
} from '../../src/gateway/grpc/tfserving-view.js';

function le(write: (b: Buffer, at: number, v: number) => void, width: number, values: number[]): Buffer {
  const b = Buffer.alloc(width * values.length);
  values.forEach((v, i) => write(b, i * width, v));
  return b;
}

describe('raw tensor contents', () => {
  it('reads fixed-width types little-endian and BYTES as length-prefixed UTF-8', () => {
    expect(
      rawValues(
        'FP32',
        le((b, at, v) => b.writeFloatLE(v, at), 4, [0.5, -2]),
      ),
    ).toEqual([0.5, -2]);
    expect(
      rawValues(
        'INT64',
        le((b, at, v) => b.writeBigInt64LE(BigInt(v), at), 8, [-3, 7]),
      ),
    ).toEqual([-3, 7]);
    expect(
      rawValues(
        'UINT16',
        le((b, at, v) => b.writeUInt16LE(v, at), 2, [65535]),
      ),
    ).toEqual([65535]);
    expect(rawValues('BOOL', Buffer.from([0, 1, 2]))).toEqual([false, true, true]);
    // FP16: 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.333
    const half = rawValues(
      'FP16',
      le((b, at, v) => b.writeUInt16LE(v, at), 2, [0x3c00, 0xc000, 0x3555]),
    )!;
    expect(half.slice(0, 2)).toEqual([1, -2]);
    expect(half[2]).toBeCloseTo(1 / 3, 3);
    const text = Buffer.concat([Buffer.from([2, 0, 0, 0]), Buffer.from('ok'), Buffer.from([0, 0, 0, 0])]);
    expect(rawValues('BYTES', text)).toEqual(['ok', '']);
  });

  it('refuses bytes that do not fit the type', () => {
    expect(rawValues('FP32', Buffer.alloc(6))).toBeUndefined();
    expect(rawValues('BYTES', Buffer.from([9, 0, 0, 0, 1]))).toBeUndefined();
    expect(rawValues('COMPLEX', Buffer.alloc(8))).toBeUndefined();
  });
});

describe('KServe v2 messages as REST bodies', () => {
  it('turns typed and raw tensors, parameters and 64-bit integers into REST fields', () => {
    expect(
      inferRequestView({
        id: 'r1',
        parameters: { user: { string_param: 'u1' }, n: { int64_param: '5' } },
        inputs: [
          { name: 'a', datatype: 'INT64', shape: ['2'], contents: { int64_contents: ['1', '2'] } },
          { name: 'b', datatype: 'FP32', shape: ['2'] },
        ],
        raw_input_contents: [Buffer.alloc(0), le((b, at, v) => b.writeFloatLE(v, at), 4, [1.5, 2.5])],
      }),
    ).toEqual({
      id: 'r1',
      parameters: { user: 'u1', n: 5 },
      inputs: [
        { name: 'a', datatype: 'INT64', shape: [2], data: [] },
        { name: 'b', datatype: 'FP32', shape: [2], data: [1.5, 2.5] },
      ],
    });
    expect(
      inferResponseView({
        model_name: 'm',
        outputs: [
          {
            name: 'label',
            datatype: 'BYTES',
            shape: ['1'],
            contents: { bytes_contents: [Buffer.from('cat')] },
          },
        ],
      }),
    ).toEqual({
      model_name: 'm',
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [1], data: ['cat'] }],
    });
  });
});

describe('TF Serving messages as REST bodies', () => {
  const floats = (values: number[], dims: number[]) => ({
    dtype: 'DT_FLOAT',
    tensor_shape: { dim: dims.map((size) => ({ size: String(size) })) },
    float_val: values,
  });

  it('nests values by shape, fills a version-0 single value and reads tensor_content', () => {
    expect(tensorValue(floats([1, 2, 3, 4], [2, 2]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensorValue(floats([7], [3]))).toEqual([7, 7, 7]);
    expect(tensorValue(floats([9], []))).toBe(9);
    expect(
      tensorValue({
        dtype: 'DT_INT32',
        tensor_shape: { dim: [{ size: '2' }] },
        tensor_content: le((b, at, v) => b.writeInt32LE(v, at), 4, [-1, 4]),
      }),
    ).toEqual([-1, 4]);
    expect(
      tensorValue({
        dtype: 'DT_STRING',
        tensor_shape: { dim: [{ size: '1' }] },
        string_val: [Buffer.from('x')],
      }),
    ).toEqual(['x']);
  });

  it('reads inputs as rows and outputs as predictions, one output directly, several as rows', () => {
    expect(
      predictRequestView({ inputs: { age: floats([30, 40], [2]), score: floats([1, 2], [2]) } }),
    ).toEqual({
      instances: [
        { age: 30, score: 1 },
        { age: 40, score: 2 },
      ],
      inputs: { age: [30, 40], score: [1, 2] },
    });
    expect(predictResponseView({ outputs: { y: floats([0.1, 0.9], [2]) } })).toMatchObject({
      predictions: [0.1, 0.9],
    });
    expect(
      predictResponseView({ outputs: { a: floats([1, 2], [2]), b: floats([3, 4], [2]) } }).predictions,
    ).toEqual([
      { a: 1, b: 3 },
      { a: 2, b: 4 },
    ]);
  });
});
