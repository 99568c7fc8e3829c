/**
 * Registers the recommender over the API: model recsys, encoder item-encoder v4/v5, versions 1/2,
 * releases on the model servers' real ports, production and last-known-good on v1, stable v1.
 */
import type { E2eApi } from './api-client.js';

export const V1 = 'recsys-v1-enc4';
export const V2 = 'recsys-v2-enc5';

const digest = (char: string): string => `sha256:${char.repeat(64)}`;

export async function seedRecsys(api: E2eApi, backends: { v1: string; v2: string }): Promise<void> {
  await api.send('PUT', '/models/recsys', {
    owner: 'ranking-team',
    protocol: 'tfserving',
    predictionPath: '$.predictions[*].items[0]',
  });
  for (const version of ['4', '5'])
    await api.send('POST', '/features', {
      name: 'item-encoder',
      version,
      kind: 'encoder',
      digest: digest(version),
    });
  const versions = [
    { version: 1, char: 'a', encoder: '4', metrics: { primary_metric: 0.31, prediction_diversity: 0.73 } },
    { version: 2, char: 'b', encoder: '5', metrics: { primary_metric: 0.33, prediction_diversity: 0.72 } },
  ];
  for (const v of versions)
    await api.send('POST', '/models/recsys/versions', {
      version: v.version,
      artifactUri: `s3://models/recsys/${v.version}/`,
      digest: digest(v.char),
      framework: 'pytorch',
      metrics: v.metrics,
      compatibleFeatures: [{ name: 'item-encoder', version: v.encoder }],
    });
  await api.send('POST', '/releases', {
    name: V1,
    model: 'recsys',
    modelVersion: 1,
    features: [{ name: 'item-encoder', version: '4' }],
    serving: { backends: [{ url: backends.v1 }] },
  });
  await api.send('POST', '/releases', {
    name: V2,
    model: 'recsys',
    modelVersion: 2,
    features: [{ name: 'item-encoder', version: '5' }],
    serving: { backends: [{ url: backends.v2 }] },
  });
  for (const alias of ['production', 'last-known-good'])
    await api.send('PUT', `/models/recsys/aliases/${alias}`, { release: V1, reason: 'e2e seed' });
  await api.send('PUT', '/traffic/recsys', { stable: V1 });
}
