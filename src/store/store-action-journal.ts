import type { ActionJournal, ActionOutcome, ActionRecord } from '../actions/action-journal.js';
import type { Store } from './open-store.js';

interface JournalRow {
  action_id: string;
  owner: string;
  name: string;
  step: number;
  status: string;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
}

/** The durable action journal: one row per action, written before and after it runs. */
export function storeActionJournal(store: Store): ActionJournal {
  const { db } = store;
  return {
    async get(actionId) {
      const row = await db
        .selectFrom('action_journal')
        .selectAll()
        .where('action_id', '=', actionId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async list(owner) {
      const rows = await db
        .selectFrom('action_journal')
        .selectAll()
        .where('owner', '=', owner)
        .orderBy('step')
        .execute();
      return rows.map(toRecord);
    },
    async begin(entry) {
      await db
        .insertInto('action_journal')
        .values({
          action_id: entry.actionId,
          owner: entry.owner,
          name: entry.name,
          step: entry.step,
          status: 'started',
          started_at: entry.startedAt,
          ended_at: null,
          outcome: null,
        })
        .onConflict((oc) =>
          oc
            .column('action_id')
            .doUpdateSet({ status: 'started', started_at: entry.startedAt, ended_at: null, outcome: null }),
        )
        .execute();
    },
    async complete(actionId, outcome, endedAt) {
      await db
        .updateTable('action_journal')
        .set({ status: 'completed', outcome: JSON.stringify(outcome), ended_at: endedAt })
        .where('action_id', '=', actionId)
        .execute();
    },
  };
}

/** One journal row as the ActionRecord the controller reads. */
function toRecord(row: JournalRow): ActionRecord {
  return {
    actionId: row.action_id,
    owner: row.owner,
    name: row.name,
    step: Number(row.step),
    status: row.status as ActionRecord['status'],
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? undefined : Number(row.ended_at),
    outcome: row.outcome === null ? undefined : (JSON.parse(row.outcome) as ActionOutcome),
  };
}
