import { describe, expect, it } from 'vitest';
import { ConflictError, ImmutableError, ValidationError } from '../core/errors.js';
import {
  checkFeatureUnchanged,
  checkFlagKey,
  checkModelAbsent,
  checkVersionMonotonic,
  checkVersionUnchanged,
  modelUnchanged,
  versionDeleteRefused,
} from './model-checks.js';
import type { FeatureVersionSpec, ModelSpec, ModelVersionSpec } from './model-checks.js';
import type { FeatureVersion, Model, ModelVersion } from './types.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('model checks', () => {
  it('refuses a conditional create of a model unless it expects revision 0', () => {
    expect(() => checkModelAbsent('recsys', 2)).toThrow(ConflictError);
    expect(() => checkModelAbsent('recsys', 0)).not.toThrow();
    expect(() => checkModelAbsent('recsys', undefined)).not.toThrow();
  });

  it('sees an identical model as unchanged, whatever is left undefined', () => {
    const existing = { owner: 'o', description: '', protocol: 'json' } as Model;
    const spec = { owner: 'o', description: '', protocol: 'json' } as ModelSpec;
    expect(modelUnchanged(existing, spec)).toBe(true);
    expect(modelUnchanged(existing, { ...spec, predictionPath: '$.x' })).toBe(false);
  });

  it('keeps versions immutable and monotonic, naming both digests', () => {
    const existing = {
      model: 'recsys',
      version: 2,
      digest: digest('a'),
      artifactUri: 's3://a',
    } as ModelVersion;
    const spec = { model: 'recsys', digest: digest('b'), artifactUri: 's3://a' } as ModelVersionSpec;
    expect(() => checkVersionUnchanged(existing, spec)).toThrow(new RegExp(`${digest('a')}.*${digest('b')}`));
    expect(() =>
      checkVersionUnchanged(existing, { ...spec, digest: digest('a'), artifactUri: 's3://b' }),
    ).toThrow(/already registered at s3:\/\/a/);
    expect(() => checkVersionMonotonic('recsys', 2, 5)).toThrow(ValidationError);
    expect(() => checkVersionMonotonic('recsys', 6, 5)).not.toThrow();
    expect(versionDeleteRefused('recsys', 2)).toBeInstanceOf(ImmutableError);
  });

  it('keeps feature versions immutable and flag keys named', () => {
    const existing = {
      digest: digest('4'),
      kind: 'encoder',
      config: { dim: 8 },
    } as unknown as FeatureVersion;
    const spec = {
      name: 'enc',
      version: '4',
      digest: digest('4'),
      kind: 'encoder',
      config: { dim: 8 },
    } as FeatureVersionSpec;
    expect(() => checkFeatureUnchanged(existing, spec)).not.toThrow();
    expect(() => checkFeatureUnchanged(existing, { ...spec, config: { dim: 16 } })).toThrow(ConflictError);
    expect(() => checkFlagKey(' ')).toThrow(expect.objectContaining({ field: 'key' }));
  });
});
