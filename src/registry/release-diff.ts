import { isDeepStrictEqual } from 'node:util';
import type { FeatureRef } from './schemas.js';
import type { FieldChange, ModelVersion, Release, ReleaseDiff } from './types.js';

/**
 * What changed between two releases, per component. Diagnosing which of model, features, data or
 * serving changed is the hard part of an incident, so each is reported separately.
 */
export function diffReleases(
  from: Release,
  to: Release,
  versions: { from: ModelVersion; to: ModelVersion },
): ReleaseDiff {
  const modelChanges = fieldChanges(
    pickModel(versions.from, from.model),
    pickModel(versions.to, to.model),
    '',
  );
  return {
    from: from.name,
    to: to.name,
    model: {
      from: `${from.model}@${from.modelVersion}`,
      to: `${to.model}@${to.modelVersion}`,
      changed: modelChanges.length > 0,
      changes: modelChanges,
    },
    features: diffFeatures(from.features, to.features),
    serving: (() => {
      const changes = fieldChanges(from.serving, to.serving, '');
      return { changed: changes.length > 0, changes };
    })(),
    data: (() => {
      const changes = fieldChanges(pickData(versions.from), pickData(versions.to), '');
      return { changed: changes.length > 0, changes };
    })(),
  };
}

function pickModel(version: ModelVersion, model: string): Record<string, unknown> {
  return {
    model,
    version: version.version,
    digest: version.digest,
    artifactUri: version.artifactUri,
    framework: version.framework,
    label: version.label,
  };
}

/** Unrecorded is null, so "recorded on one side only" shows as a change. */
function pickData(version: ModelVersion): Record<string, unknown> {
  return {
    datasetVersion: version.datasetVersion ?? null,
    trainingConfigCommit: version.trainingConfigCommit ?? null,
  };
}

function diffFeatures(from: FeatureRef[], to: FeatureRef[]): ReleaseDiff['features'] {
  const before = new Map(from.map((f) => [f.name, f.version]));
  const after = new Map(to.map((f) => [f.name, f.version]));
  return {
    added: to.filter((f) => !before.has(f.name)),
    removed: from.filter((f) => !after.has(f.name)),
    changed: to
      .filter((f) => before.has(f.name) && before.get(f.name) !== f.version)
      .map((f) => ({ name: f.name, from: before.get(f.name) ?? '', to: f.version })),
  };
}

/** Leaf-level differences between two JSON-like values, with dotted paths. */
export function fieldChanges(from: unknown, to: unknown, path: string): FieldChange[] {
  if (isDeepStrictEqual(from, to)) return [];
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) => fieldChanges(from[key], to[key], path ? `${path}.${key}` : key));
  }
  return [{ path: path || '(root)', from, to }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
