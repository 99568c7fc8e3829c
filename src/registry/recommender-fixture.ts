/**
 * Small builders for the recommender example, shared by the registry contract suite and the
 * registry, API and controller suites (test/support/fixtures.ts re-exports them). Test support only.
 */
import type { Registry } from './registry.js';

export const admin = { actor: 'alice', reason: 'test' };

export function digestOf(char: string): string {
  return `sha256:${char.repeat(64)}`;
}

/** Model recsys, versions 1 (encoder 4) and 2 (encoder 5), releases recsys-v1-enc4 and recsys-v2-enc5. */
export async function seedRecommender(
  registry: Registry,
  backends: { v1: string; v2: string } = { v1: 'http://127.0.0.1:9101', v2: 'http://127.0.0.1:9102' },
): Promise<void> {
  await registry.upsertModel(
    {
      name: 'recsys',
      owner: 'ranking-team',
      protocol: 'tfserving',
      predictionPath: '$.predictions[*].items[0]',
    },
    admin,
  );
  await registry.registerFeature(
    { name: 'item-encoder', version: '4', kind: 'encoder', digest: digestOf('4') },
    admin,
  );
  await registry.registerFeature(
    { name: 'item-encoder', version: '5', kind: 'encoder', digest: digestOf('5') },
    admin,
  );
  await registry.registerVersion(
    {
      model: 'recsys',
      version: 1,
      artifactUri: 's3://models/recsys/1/',
      digest: digestOf('a'),
      framework: 'pytorch',
      metrics: { primary_metric: 0.31, prediction_diversity: 0.73 },
      compatibleFeatures: [{ name: 'item-encoder', version: '4' }],
    },
    admin,
  );
  await registry.registerVersion(
    {
      model: 'recsys',
      version: 2,
      artifactUri: 's3://models/recsys/2/',
      digest: digestOf('b'),
      framework: 'pytorch',
      metrics: { primary_metric: 0.33, prediction_diversity: 0.72 },
      compatibleFeatures: [{ name: 'item-encoder', version: '5' }],
    },
    admin,
  );
  await registry.createRelease(
    {
      name: 'recsys-v1-enc4',
      model: 'recsys',
      modelVersion: 1,
      features: [{ name: 'item-encoder', version: '4' }],
      serving: { backends: [{ url: backends.v1 }] },
    },
    admin,
  );
  await registry.createRelease(
    {
      name: 'recsys-v2-enc5',
      model: 'recsys',
      modelVersion: 2,
      features: [{ name: 'item-encoder', version: '5' }],
      serving: { backends: [{ url: backends.v2 }], timeoutMs: 2000 },
    },
    admin,
  );
}
