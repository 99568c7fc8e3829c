/**
 * `ripcord import mlflow MODEL`: MLflow's versions of a registered model become ripcord model
 * versions (same numbers), with the artifact URI, a digest, the training run's metrics as the
 * offline baseline, and MLflow's tags. A version already imported is left alone, so importing
 * again picks up only new versions. MLflow's `rollback.healthy_baseline=true` marks the ripcord
 * releases built on that version as healthy baselines, which ripcord's candidate search prefers.
 */
import type { ModelVersionInput } from '../registry/schemas.js';
import type { ModelVersion, Release } from '../registry/types.js';
import { isHealthyBaseline } from './find-rollback-candidate.js';
import type { MlflowClient } from './mlflow-client.js';
import { mlflowDigest } from './mlflow-digest.js';
import { MLFLOW_VERSION_TAG, tagRecord, type MlflowModelVersion } from './mlflow-types.js';

/** The ripcord side of an import (the CLI implements it over the API). */
export interface RipcordVersions {
  listVersions(model: string): Promise<ModelVersion[]>;
  registerVersion(model: string, input: Omit<ModelVersionInput, 'model'>): Promise<void>;
  listReleases(model: string): Promise<Release[]>;
  markHealthyBaseline(release: string, reason: string): Promise<void>;
}

export interface ImportedVersion {
  mlflowVersion: string;
  version: number;
  outcome: 'imported' | 'exists';
  digest: 'mlflow-tag' | 'derived' | 'exists';
  metrics: number;
  healthyBaseline: boolean;
}

export interface ImportResult {
  model: string;
  registeredModel: string;
  versions: ImportedVersion[];
  /** Releases newly marked as healthy baselines. */
  baselines: string[];
}

export async function importMlflowVersions(
  client: MlflowClient,
  ripcord: RipcordVersions,
  options: { registeredModel: string; model: string; framework?: string | undefined },
): Promise<ImportResult> {
  const { registeredModel, model } = options;
  await client.getRegisteredModel(registeredModel); // a missing model fails here, naming it
  const mlflowVersions = (await client.searchModelVersions(registeredModel)).sort(
    (a, b) => Number(a.version) - Number(b.version),
  );
  const known = new Map(
    (await ripcord.listVersions(model)).map((v) => [v.tags[MLFLOW_VERSION_TAG] ?? '', v]),
  );
  const versions: ImportedVersion[] = [];
  for (const source of mlflowVersions) {
    const healthyBaseline = isHealthyBaseline(source);
    const existing = known.get(source.version);
    if (existing) {
      versions.push({
        mlflowVersion: source.version,
        version: existing.version,
        outcome: 'exists',
        digest: 'exists',
        metrics: Object.keys(existing.metrics).length,
        healthyBaseline,
      });
      continue;
    }
    const input = await versionInput(client, source, options.framework);
    await ripcord.registerVersion(model, input.body);
    versions.push({
      mlflowVersion: source.version,
      version: input.body.version ?? Number(source.version),
      outcome: 'imported',
      digest: input.digestSource,
      metrics: Object.keys(input.body.metrics ?? {}).length,
      healthyBaseline,
    });
  }
  const healthy = new Set(versions.filter((v) => v.healthyBaseline).map((v) => v.version));
  const baselines: string[] = [];
  for (const release of await ripcord.listReleases(model)) {
    if (!healthy.has(release.modelVersion) || release.healthyBaseline) continue;
    await ripcord.markHealthyBaseline(
      release.name,
      `MLflow ${registeredModel} version tagged rollback.healthy_baseline=true`,
    );
    baselines.push(release.name);
  }
  return { model, registeredModel, versions, baselines };
}

async function versionInput(client: MlflowClient, source: MlflowModelVersion, framework: string | undefined) {
  const { digest, source: digestSource } = mlflowDigest(source);
  const metrics: Record<string, number> = {};
  if (source.run_id) {
    const run = await client.getRun(source.run_id);
    // The newest value of each metric (a run logs many steps): the training run's final figure.
    const newest = new Map<string, { value: number; step: number; timestamp: number }>();
    for (const m of run.data.metrics ?? []) {
      const seen = newest.get(m.key);
      const step = m.step ?? 0;
      const timestamp = m.timestamp ?? 0;
      if (!seen || step > seen.step || (step === seen.step && timestamp >= seen.timestamp))
        newest.set(m.key, { value: m.value, step, timestamp });
    }
    for (const [key, m] of newest) if (Number.isFinite(m.value)) metrics[key] = m.value;
  }
  const tags: Record<string, string> = {
    ...tagRecord(source),
    'mlflow.model': source.name,
    [MLFLOW_VERSION_TAG]: source.version,
    ...(source.run_id ? { 'mlflow.run_id': source.run_id } : {}),
    'ripcord.digest_source': digestSource,
  };
  const body: Omit<ModelVersionInput, 'model'> = {
    version: Number(source.version),
    artifactUri: source.source || `models:/${source.name}/${source.version}`,
    digest,
    framework: framework ?? tags['mlflow.flavor'] ?? 'mlflow',
    metrics,
    tags,
    ...(source.description ? { label: source.description.slice(0, 128) } : {}),
  };
  return { body, digestSource };
}
