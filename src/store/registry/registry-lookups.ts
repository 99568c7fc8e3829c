/** Reads every registry operation shares: the records a change needs, or NotFoundError with the fix. */
import { NotFoundError } from '../../core/errors.js';
import { lostRevisionRace } from '../../registry/revision-checks.js';
import type { Model, ModelVersion, Release } from '../../registry/types.js';
import { toModel, toRelease, toVersion } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export async function findModel(trx: Db, name: string): Promise<Model | undefined> {
  const row = await trx.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toModel(row) : undefined;
}

export async function requireModel(trx: Db, name: string): Promise<Model> {
  const model = await findModel(trx, name);
  if (!model)
    throw new NotFoundError('model', name, 'apply its Model manifest first (ripcord apply -f model.yaml)');
  return model;
}

export async function findVersion(
  trx: Db,
  model: string,
  version: number,
): Promise<ModelVersion | undefined> {
  const row = await trx
    .selectFrom('model_versions')
    .selectAll()
    .where('model', '=', model)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

export async function requireVersion(trx: Db, model: string, version: number): Promise<ModelVersion> {
  const found = await findVersion(trx, model, version);
  if (!found)
    throw new NotFoundError(
      'model version',
      `${model}@${version}`,
      'register it with a ModelVersion manifest',
    );
  return found;
}

export async function findRelease(trx: Db, name: string): Promise<Release | undefined> {
  const row = await trx.selectFrom('releases').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toRelease(row) : undefined;
}

export async function requireRelease(trx: Db, name: string): Promise<Release> {
  const release = await findRelease(trx, name);
  if (!release) throw new NotFoundError('release', name, 'list releases with `ripcord get releases`');
  return release;
}

/** Compare-and-set on a release's operational fields; a lost race is a ConflictError, never an overwrite. */
export async function updateReleaseRow(
  state: RegistryState,
  trx: Db,
  release: Release,
  patch: { healthy_baseline?: number; archived?: number; marks?: string },
): Promise<Release> {
  const result = await trx
    .updateTable('releases')
    .set({ ...patch, revision: release.revision + 1, updated_at: nowIso(state) })
    .where('name', '=', release.name)
    .where('revision', '=', release.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const current = await trx
      .selectFrom('releases')
      .select('revision')
      .where('name', '=', release.name)
      .executeTakeFirst();
    throw lostRevisionRace('release', release.name, release.revision, current?.revision);
  }
  return requireRelease(trx, release.name);
}
