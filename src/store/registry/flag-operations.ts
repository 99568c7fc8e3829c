/** Flags gating feature and encoder versions (`name@version`) in serving. */
import { checkFlagKey } from '../../registry/model-checks.js';
import type { Actor, IfRevision, Registry } from '../../registry/registry.js';
import { checkRevision, lostRevisionRace } from '../../registry/revision-checks.js';
import type { Flag } from '../../registry/types.js';
import { mutate } from './registry-mutation.js';
import { toFlag } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export type FlagOperations = Pick<Registry, 'setFlag' | 'getFlag' | 'listFlags'>;

export function flagOperations(state: RegistryState): FlagOperations {
  return {
    setFlag: (key, enabled, actor) => setFlag(state, key, enabled, actor),
    getFlag: (key) => findFlag(state.db, key),
    listFlags: () => listFlags(state),
  };
}

async function findFlag(trx: Db, key: string): Promise<Flag | undefined> {
  const row = await trx.selectFrom('flags').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? toFlag(row) : undefined;
}

export async function setFlag(
  state: RegistryState,
  key: string,
  enabled: boolean,
  actor: Actor & IfRevision,
): Promise<Flag> {
  checkFlagKey(key);
  return mutate(state, actor, { kind: 'flag', name: key, action: 'set' }, async (trx, audit) => {
    const existing = await findFlag(trx, key);
    checkRevision('flag', key, existing?.revision ?? 0, actor.expectedRevision);
    if (existing?.enabled === enabled) return existing;
    const now = nowIso(state);
    if (existing) {
      const result = await trx
        .updateTable('flags')
        .set({
          enabled: enabled ? 1 : 0,
          revision: existing.revision + 1,
          updated_at: now,
          updated_by: actor.actor,
        })
        .where('key', '=', key)
        .where('revision', '=', existing.revision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const current = await findFlag(trx, key);
        throw lostRevisionRace('flag', key, existing.revision, current?.revision);
      }
    } else {
      await trx
        .insertInto('flags')
        .values({
          key,
          enabled: enabled ? 1 : 0,
          revision: 1,
          created_at: now,
          updated_at: now,
          updated_by: actor.actor,
        })
        .execute();
    }
    audit({
      action: 'flag.set',
      target: `flag/${key}`,
      before: existing ? { enabled: existing.enabled } : undefined,
      after: { enabled },
    });
    const written = await findFlag(trx, key);
    if (!written) throw lostRevisionRace('flag', key, existing?.revision ?? 0);
    return written;
  });
}

export async function listFlags(state: RegistryState): Promise<Flag[]> {
  const rows = await state.db.selectFrom('flags').selectAll().orderBy('key').execute();
  return rows.map(toFlag);
}
