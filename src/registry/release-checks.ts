/**
 * What the registry decides about releases and aliases, apart from how they are stored: which
 * feature versions a release may pair with its model version, when a re-create is a no-op, and
 * what an alias may be called and point at.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, ValidationError } from '../core/errors.js';
import { NAME_PATTERN } from './schemas.js';
import type { FeatureRef, ReleaseInputSchema } from './schemas.js';
import type { ModelVersion, Release } from './types.js';
import type { z } from 'zod';

export type ReleaseSpec = z.output<typeof ReleaseInputSchema>;

/** `name@version`, the key feature versions (and their flags) are known by. */
export function featureKey(ref: FeatureRef): string {
  return `${ref.name}@${ref.version}`;
}

/**
 * Each feature version of the release must be registered (`registered` holds their keys) and
 * declared compatible by the model version; the first that is not is named with the fix.
 */
export function checkReleaseFeatures(
  spec: ReleaseSpec,
  version: ModelVersion,
  registered: ReadonlySet<string>,
): void {
  const compatible = new Set(version.compatibleFeatures.map(featureKey));
  for (const [index, ref] of spec.features.entries()) {
    const key = featureKey(ref);
    if (!registered.has(key)) {
      throw new ValidationError(
        `features[${index}]`,
        `features[${index}]: feature version ${key} is not registered; apply its FeatureVersion manifest first`,
      );
    }
    if (!compatible.has(key)) {
      const declared = [...compatible].join(', ') || 'none';
      throw new ValidationError(
        `features[${index}]`,
        `features[${index}]: model version ${spec.model}@${spec.modelVersion} does not declare ${key} ` +
          `compatible (declared: ${declared}); pair it with a compatible version or register a model version that declares it`,
      );
    }
  }
}

/** Releases are immutable bundles: re-creating one is a no-op only with the same contents. */
export function checkReleaseUnchanged(existing: Release, spec: ReleaseSpec): void {
  const same =
    existing.model === spec.model &&
    existing.modelVersion === spec.modelVersion &&
    isDeepStrictEqual(existing.features, spec.features) &&
    isDeepStrictEqual(existing.serving, spec.serving);
  if (!same) {
    throw new ConflictError(
      `release "${spec.name}" already exists with different contents; releases are immutable bundles: ` +
        'create a new release with a new name',
      { release: spec.name },
    );
  }
}

/** New releases use live versions only. */
export function checkVersionLive(spec: ReleaseSpec, version: ModelVersion): void {
  if (version.archived) {
    throw new ValidationError(
      'modelVersion',
      `modelVersion: ${spec.model}@${spec.modelVersion} is archived; new releases must use a live version`,
    );
  }
}

export function checkAliasName(alias: string): void {
  if (!NAME_PATTERN.test(alias)) {
    throw new ValidationError(
      'alias',
      `alias: "${alias}" must be lowercase letters, digits, ".", "_" or "-"`,
    );
  }
}

/** An alias of a model points at one of that model's releases. */
export function checkAliasTarget(model: string, release: Release): void {
  if (release.model !== model) {
    throw new ValidationError(
      'release',
      `release: "${release.name}" serves model "${release.model}", not "${model}"; pick a release of ${model}`,
    );
  }
}

/** The instant an alias is asked about, as ISO 8601. */
export function aliasInstant(at: string): string {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) {
    throw new ValidationError('at', `at: "${at}" is not a time; use ISO 8601 such as 2026-11-24T02:17:00Z`);
  }
  return instant.toISOString();
}
