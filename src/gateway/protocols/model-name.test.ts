import { describe, expect, it, vi } from 'vitest';
import { renameModel } from './model-name.js';

describe('renameModel', () => {
  it("renames the model without rewriting the tensors' numbers", () => {
    const body = Buffer.from(
      '{"model_name":"upstream-v2","outputs":[{"name":"scores","datatype":"INT64","shape":[2],"data":[9007199254740993,1.0]}]}',
    );
    expect(renameModel(body, [['model_name']], 'recsys', 'upstream-v2')?.toString()).toBe(
      '{"model_name":"recsys","outputs":[{"name":"scores","datatype":"INT64","shape":[2],"data":[9007199254740993,1.0]}]}',
    );
  });

  it('leaves a body alone when the name is not where the protocol puts it', () => {
    const body = Buffer.from('{"outputs":[{"name":"upstream-v2"}]}');
    expect(renameModel(body, [['name']], 'recsys', 'upstream-v2')).toBeUndefined();
  });
});

describe('renameModel on an answer the gateway has already parsed', () => {
  const text =
    '{"model_name":"upstream-v2","model_version":"1","outputs":[{"name":"label","datatype":"FP32","shape":[1],"data":[1.0]}]}';

  it('does not parse it again, and leaves the parsed answer as it was (telemetry and shadows read it)', () => {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const before = structuredClone(parsed);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const renamed = renameModel(Buffer.from(text), [['model_name']], 'recsys', 'upstream-v2', parsed);
      expect(renamed?.toString()).toBe(text.replace('"upstream-v2"', '"recsys"'));
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(parsed).toEqual(before);
  });

  it('falls back to a re-serialised copy only when the text spells the name otherwise', () => {
    const escaped = '{"model_name":"upstream\\u002dv2"}';
    const parsed = JSON.parse(escaped) as Record<string, unknown>;
    expect(
      renameModel(Buffer.from(escaped), [['model_name']], 'recsys', 'upstream-v2', parsed)?.toString(),
    ).toBe('{"model_name":"recsys"}');
    expect(parsed['model_name']).toBe('upstream-v2');
  });
});
