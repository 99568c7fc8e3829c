/**
 * What the registry decides about models, their versions and feature versions, apart from how
 * they are stored: when a re-apply changes nothing, and why a clashing re-registration is refused
 * (versions and feature versions are immutable).
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, ImmutableError, ValidationError } from '../core/errors.js';
import type { FeatureVersionInputSchema, ModelInputSchema, ModelVersionInputSchema } from './schemas.js';
import type { FeatureVersion, Model, ModelVersion } from './types.js';
import type { z } from 'zod';

export type ModelSpec = z.output<typeof ModelInputSchema>;
export type ModelVersionSpec = z.output<typeof ModelVersionInputSchema>;
export type FeatureVersionSpec = z.output<typeof FeatureVersionInputSchema>;

/** A conditional create of a model that does not exist is refused unless it expects revision 0. */
export function checkModelAbsent(name: string, expectedRevision: number | undefined): void {
  if (expectedRevision !== undefined && expectedRevision !== 0) {
    throw new ConflictError(`model "${name}" does not exist yet (expected revision ${expectedRevision})`, {
      currentRevision: 0,
    });
  }
}

/** True when applying `spec` would leave the model as it is (then nothing is written or audited). */
export function modelUnchanged(existing: Model, spec: ModelSpec): boolean {
  return (
    existing.owner === spec.owner &&
    existing.description === spec.description &&
    existing.protocol === spec.protocol &&
    (existing.predictionPath ?? null) === (spec.predictionPath ?? null) &&
    isDeepStrictEqual(existing.inputSchema ?? null, spec.inputSchema ?? null)
  );
}

/** Re-registering a version is idempotent only with the same artifact and digest. */
export function checkVersionUnchanged(existing: ModelVersion, spec: ModelVersionSpec): void {
  const id = `${existing.model}@${existing.version}`;
  if (existing.digest !== spec.digest) {
    throw new ConflictError(
      `model version ${id} is already registered with digest ${existing.digest}; ` +
        `refusing ${spec.digest}: versions are immutable, register the new artifact as a new version`,
      { existingDigest: existing.digest, requestedDigest: spec.digest },
    );
  }
  if (existing.artifactUri !== spec.artifactUri) {
    throw new ConflictError(
      `model version ${id} is already registered at ${existing.artifactUri}; ` +
        `refusing ${spec.artifactUri}: versions are immutable`,
      { existingArtifactUri: existing.artifactUri },
    );
  }
}

/** Version numbers only go up: a new version must be above the model's latest. */
export function checkVersionMonotonic(model: string, version: number, latest: number): void {
  if (version <= latest) {
    throw new ValidationError(
      'version',
      `version: ${model} is already at version ${latest}; versions are monotonic, use ${latest + 1} or omit version`,
    );
  }
}

/** Why a version can never be deleted, and what to do instead. */
export function versionDeleteRefused(model: string, version: number): ImmutableError {
  return new ImmutableError(
    `model version ${model}@${version} cannot be deleted: versions are kept forever so any past ` +
      `release can be restored and audited; archive it instead (ripcord archive version ${model} ${version})`,
    { model, version },
  );
}

/** Re-registering a feature version is idempotent only with the same definition. */
export function checkFeatureUnchanged(existing: FeatureVersion, spec: FeatureVersionSpec): void {
  if (
    existing.digest !== spec.digest ||
    existing.kind !== spec.kind ||
    !isDeepStrictEqual(existing.config, spec.config)
  ) {
    throw new ConflictError(
      `feature version ${spec.name}@${spec.version} is already registered (digest ${existing.digest}); ` +
        `refusing a different definition (digest ${spec.digest}): register it as a new version`,
      { existingDigest: existing.digest, requestedDigest: spec.digest },
    );
  }
}

/** A flag is known by the key of the feature version it gates. */
export function checkFlagKey(key: string): void {
  if (!key.trim()) throw new ValidationError('key', 'key: give the flag key, e.g. item-encoder@5');
}
