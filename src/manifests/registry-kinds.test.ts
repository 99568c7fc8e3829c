import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors.js';
import type { Registry } from '../registry/registry.js';
import type { Model } from '../registry/types.js';
import { registryKinds } from './registry-kinds.js';

const model: Model = {
  name: 'recsys',
  owner: 'ranking-team',
  description: '',
  protocol: 'json',
  revision: 1,
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z',
};
const modelKind = registryKinds.find((k) => k.kind === 'Model')!;
const input = { name: 'recsys', owner: 'ranking-team', protocol: 'json' };
const actor = { actor: 'alice' };

function registryWith(getModel: () => Promise<Model>): Registry {
  return { getModel, upsertModel: async () => model } as unknown as Registry;
}

describe('the Model manifest kind', () => {
  it('reports a model the registry did not know as created', async () => {
    const registry = registryWith(() => Promise.reject(new NotFoundError('model', 'recsys')));
    await expect(modelKind.apply({ registry }, input, actor)).resolves.toMatchObject({ result: 'created' });
  });

  it('stops on any other failure to read the model instead of reporting it created', async () => {
    const registry = registryWith(() => Promise.reject(new Error('connection refused')));
    await expect(modelKind.apply({ registry }, input, actor)).rejects.toThrow('connection refused');
  });

  it('reports an unchanged model as unchanged', async () => {
    const registry = registryWith(async () => model);
    await expect(modelKind.apply({ registry }, input, actor)).resolves.toMatchObject({ result: 'unchanged' });
  });
});
