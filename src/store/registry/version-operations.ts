/** Model versions: immutable, numbered monotonically, archived but never deleted. */
import { parseInput } from '../../core/parse-input.js';
import {
  checkVersionMonotonic,
  checkVersionUnchanged,
  versionDeleteRefused,
} from '../../registry/model-checks.js';
import type { Actor, Registry } from '../../registry/registry.js';
import { ModelVersionInputSchema } from '../../registry/schemas.js';
import type { ModelVersionInput } from '../../registry/schemas.js';
import type { ModelVersion } from '../../registry/types.js';
import { findVersion, requireModel, requireVersion } from './registry-lookups.js';
import { mutate } from './registry-mutation.js';
import { json, toVersion } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { RegistryState } from './registry-state.js';

export type VersionOperations = Pick<
  Registry,
  'registerVersion' | 'getVersion' | 'listVersions' | 'archiveVersion' | 'deleteVersion'
>;

export function versionOperations(state: RegistryState): VersionOperations {
  return {
    registerVersion: (input, actor) => registerVersion(state, input, actor),
    getVersion: (model, version) => requireVersion(state.db, model, version),
    listVersions: (model) => listVersions(state, model),
    archiveVersion: (model, version, actor) => archiveVersion(state, model, version, actor),
    deleteVersion: (model, version, actor) => deleteVersion(state, model, version, actor),
  };
}

export async function registerVersion(
  state: RegistryState,
  input: ModelVersionInput,
  actor: Actor,
): Promise<{ version: ModelVersion; created: boolean }> {
  const spec = parseInput(ModelVersionInputSchema, input);
  return mutate(
    state,
    actor,
    { kind: 'version', name: spec.model, action: 'register' },
    async (trx, audit) => {
      await requireModel(trx, spec.model);
      const latest = await trx
        .selectFrom('model_versions')
        .select((eb) => eb.fn.max('version').as('max'))
        .where('model', '=', spec.model)
        .executeTakeFirst();
      const max = Number(latest?.max ?? 0);
      const version = spec.version ?? max + 1;
      const existing = await findVersion(trx, spec.model, version);
      if (existing) {
        checkVersionUnchanged(existing, spec);
        return { version: existing, created: false };
      }
      checkVersionMonotonic(spec.model, version, max);
      await trx
        .insertInto('model_versions')
        .values({
          model: spec.model,
          version,
          label: spec.label ?? null,
          artifact_uri: spec.artifactUri,
          digest: spec.digest,
          framework: spec.framework,
          metrics: json(spec.metrics),
          tags: json(spec.tags),
          compatible_features: json(spec.compatibleFeatures),
          dataset_version: spec.datasetVersion ?? null,
          training_config_commit: spec.trainingConfigCommit ?? null,
          archived: 0,
          created_at: nowIso(state),
          created_by: actor.actor,
        })
        .execute();
      const created = await requireVersion(trx, spec.model, version);
      audit({ action: 'version.register', target: `version/${spec.model}@${version}`, after: created });
      return { version: created, created: true };
    },
  );
}

export async function listVersions(state: RegistryState, model?: string): Promise<ModelVersion[]> {
  let query = state.db.selectFrom('model_versions').selectAll();
  if (model) query = query.where('model', '=', model);
  const rows = await query.orderBy('model').orderBy('version').execute();
  return rows.map(toVersion);
}

export async function archiveVersion(
  state: RegistryState,
  model: string,
  version: number,
  actor: Actor,
): Promise<ModelVersion> {
  return mutate(state, actor, { kind: 'version', name: model, action: 'archive' }, async (trx, audit) => {
    const existing = await requireVersion(trx, model, version);
    if (existing.archived) return existing;
    await trx
      .updateTable('model_versions')
      .set({ archived: 1 })
      .where('model', '=', model)
      .where('version', '=', version)
      .execute();
    const archived = await requireVersion(trx, model, version);
    audit({
      action: 'version.archive',
      target: `version/${model}@${version}`,
      before: existing,
      after: archived,
    });
    return archived;
  });
}

/** Always refused; the refusal itself is audited: someone tried, and the trail says who and why. */
export async function deleteVersion(
  state: RegistryState,
  model: string,
  version: number,
  actor: Actor,
): Promise<never> {
  await requireVersion(state.db, model, version);
  await mutate(state, actor, undefined, async (_trx, audit) => {
    audit({ action: 'version.delete-refused', target: `version/${model}@${version}` });
  });
  throw versionDeleteRefused(model, version);
}
