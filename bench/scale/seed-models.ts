/** Registers `count` models, each with a baseline release serving and a candidate ready to roll out. */
import type { Registry } from '../../src/registry/registry.js';

export const ACTOR = { actor: 'bench', reason: 'scale benchmark' };

export interface SeededModel {
  model: string;
  baseline: string;
  candidate: string;
}

export async function seedModels(registry: Registry, count: number, backend: string): Promise<SeededModel[]> {
  for (const version of ['4', '5']) {
    await registry.registerFeature(
      { name: 'item-encoder', version, kind: 'encoder', digest: `sha256:${version.repeat(64)}` },
      ACTOR,
    );
  }
  const models: SeededModel[] = [];
  for (let i = 0; i < count; i += 1) {
    const model = `model-${String(i).padStart(4, '0')}`;
    await registry.upsertModel(
      { name: model, owner: 'team', protocol: 'tfserving', predictionPath: '$.predictions[*].items[0]' },
      ACTOR,
    );
    for (const [version, encoder, digest] of [
      [1, '4', 'a'],
      [2, '5', 'b'],
    ] as const) {
      await registry.registerVersion(
        {
          model,
          version,
          artifactUri: `s3://models/${model}/${version}/`,
          digest: `sha256:${digest.repeat(64)}`,
          framework: 'pytorch',
          compatibleFeatures: [{ name: 'item-encoder', version: encoder }],
        },
        ACTOR,
      );
      await registry.createRelease(
        {
          name: `${model}-v${version}`,
          model,
          modelVersion: version,
          features: [{ name: 'item-encoder', version: encoder }],
          serving: { backends: [{ url: backend }] },
          healthyBaseline: version === 1,
        },
        ACTOR,
      );
    }
    await registry.setAlias(model, 'production', `${model}-v1`, ACTOR);
    await registry.setTrafficPolicy({ model, stable: `${model}-v1` }, ACTOR);
    models.push({ model, baseline: `${model}-v1`, candidate: `${model}-v2` });
  }
  return models;
}
