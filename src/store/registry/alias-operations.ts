/** Aliases (production, staging, last-known-good, ...), every move they made, and where a rollback goes. */
import { NotFoundError } from '../../core/errors.js';
import type { Actor, IfRevision, Registry } from '../../registry/registry.js';
import { aliasInstant, checkAliasName, checkAliasTarget } from '../../registry/release-checks.js';
import { checkRevision, lostRevisionRace } from '../../registry/revision-checks.js';
import { chooseRollbackCandidate } from '../../registry/rollback-candidate.js';
import type { RollbackAnswer } from '../../registry/rollback-candidate.js';
import type { Alias, AliasMove } from '../../registry/types.js';
import { requireModel, requireRelease } from './registry-lookups.js';
import { mutate } from './registry-mutation.js';
import { toAlias } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';
import { listReleases } from './release-operations.js';

export type AliasOperations = Pick<
  Registry,
  'setAlias' | 'getAlias' | 'listAliases' | 'aliasHistory' | 'aliasAt' | 'rollbackCandidate'
>;

export function aliasOperations(state: RegistryState): AliasOperations {
  return {
    setAlias: (model, alias, release, actor) => setAlias(state, model, alias, release, actor),
    getAlias: (model, alias) => getAlias(state, model, alias),
    listAliases: (model) => listAliases(state, model),
    aliasHistory: (model, alias) => aliasHistory(state, model, alias),
    aliasAt: (model, alias, at) => aliasAt(state, model, alias, at),
    rollbackCandidate: (model, exclude) => rollbackCandidate(state, model, exclude),
  };
}

async function findAlias(
  trx: Db,
  model: string,
  alias: string,
): Promise<(Alias & { model: string }) | undefined> {
  const row = await trx
    .selectFrom('aliases')
    .selectAll()
    .where('model', '=', model)
    .where('name', '=', alias)
    .executeTakeFirst();
  return row ? toAlias(row) : undefined;
}

/** Points the alias at a release of its model and records the move (who, why, when, from where). */
export async function setAlias(
  state: RegistryState,
  model: string,
  alias: string,
  releaseName: string,
  actor: Actor & IfRevision,
): Promise<Alias> {
  checkAliasName(alias);
  return mutate(state, actor, { kind: 'alias', name: model, action: 'set' }, async (trx, audit) => {
    await requireModel(trx, model);
    checkAliasTarget(model, await requireRelease(trx, releaseName));
    const existing = await findAlias(trx, model, alias);
    checkRevision('alias', `${model}/${alias}`, existing?.revision ?? 0, actor.expectedRevision);
    if (existing?.release === releaseName) return existing;
    const now = nowIso(state);
    if (existing) {
      const result = await trx
        .updateTable('aliases')
        .set({
          release: releaseName,
          revision: existing.revision + 1,
          updated_at: now,
          updated_by: actor.actor,
        })
        .where('model', '=', model)
        .where('name', '=', alias)
        .where('revision', '=', existing.revision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const current = await findAlias(trx, model, alias);
        throw lostRevisionRace('alias', `${model}/${alias}`, existing.revision, current?.revision);
      }
    } else {
      await trx
        .insertInto('aliases')
        .values({
          model,
          name: alias,
          release: releaseName,
          revision: 1,
          created_at: now,
          updated_at: now,
          updated_by: actor.actor,
        })
        .execute();
    }
    await recordAliasMove(trx, model, alias, existing?.release ?? null, releaseName, actor, now);
    audit({
      action: 'alias.set',
      target: `alias/${model}/${alias}`,
      before: existing ? { release: existing.release } : undefined,
      after: { release: releaseName },
    });
    const updated = await findAlias(trx, model, alias);
    if (!updated) throw new NotFoundError('alias', `${model}/${alias}`);
    return updated;
  });
}

/** The alias's history: every move, with who made it, why and when (aliasHistory, aliasAt). */
async function recordAliasMove(
  trx: Db,
  model: string,
  alias: string,
  from: string | null,
  to: string,
  actor: Actor,
  at: string,
): Promise<void> {
  await trx
    .insertInto('alias_moves')
    .values({
      model,
      alias,
      from_release: from,
      to_release: to,
      actor: actor.actor,
      reason: actor.reason ?? '',
      at,
      request_id: actor.requestId ?? null,
    })
    .execute();
}

export async function getAlias(state: RegistryState, model: string, alias: string): Promise<Alias> {
  const found = await findAlias(state.db, model, alias);
  if (!found)
    throw new NotFoundError(
      'alias',
      `${model}/${alias}`,
      `set it with \`ripcord alias set ${model} ${alias} RELEASE\``,
    );
  return found;
}

export async function listAliases(
  state: RegistryState,
  model?: string,
): Promise<(Alias & { model: string })[]> {
  let query = state.db.selectFrom('aliases').selectAll();
  if (model) query = query.where('model', '=', model);
  const rows = await query.orderBy('model').orderBy('name').execute();
  return rows.map(toAlias);
}

export async function aliasHistory(state: RegistryState, model: string, alias: string): Promise<AliasMove[]> {
  const rows = await state.db
    .selectFrom('alias_moves')
    .selectAll()
    .where('model', '=', model)
    .where('alias', '=', alias)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    alias: r.alias,
    from: r.from_release,
    to: r.to_release,
    actor: r.actor,
    reason: r.reason,
    at: r.at,
    requestId: r.request_id ?? undefined,
  }));
}

export async function aliasAt(
  state: RegistryState,
  model: string,
  alias: string,
  at: string,
): Promise<string | null> {
  const instant = aliasInstant(at);
  const row = await state.db
    .selectFrom('alias_moves')
    .select('to_release')
    .where('model', '=', model)
    .where('alias', '=', alias)
    .where('at', '<=', instant)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.to_release ?? null;
}

/**
 * Without a release named, the question is "if production went bad now, where to?": the release
 * production serves is the one that would be pulled, never the answer (rollback-candidate.ts).
 */
export async function rollbackCandidate(
  state: RegistryState,
  model: string,
  exclude?: string,
): Promise<RollbackAnswer> {
  const { db } = state;
  await requireModel(db, model);
  const production = await findAlias(db, model, 'production');
  const lastKnownGood = await findAlias(db, model, 'last-known-good');
  return chooseRollbackCandidate({
    model,
    pulled: exclude ?? production?.release,
    lastKnownGood: lastKnownGood?.release,
    releases: await listReleases(state, model),
    productionMoves: await aliasHistory(state, model, 'production'),
  });
}
