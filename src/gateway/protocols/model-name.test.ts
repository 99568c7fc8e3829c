import { describe, expect, it } from 'vitest';
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
