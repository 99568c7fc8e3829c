/** An in-memory ActionJournal for tests; production uses the store-backed journal. */
import type { ActionJournal, ActionOutcome, ActionRecord } from './action-journal.js';

export class MemoryActionJournal implements ActionJournal {
  private readonly records = new Map<string, ActionRecord>();

  get(actionId: string): Promise<ActionRecord | undefined> {
    const record = this.records.get(actionId);
    return Promise.resolve(record ? structuredClone(record) : undefined);
  }

  list(owner: string): Promise<ActionRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.owner === owner)
        .sort((a, b) => a.step - b.step)
        .map((r) => structuredClone(r)),
    );
  }

  begin(entry: {
    actionId: string;
    owner: string;
    name: string;
    step: number;
    startedAt: number;
  }): Promise<void> {
    this.records.set(entry.actionId, { ...entry, status: 'started' });
    return Promise.resolve();
  }

  complete(actionId: string, outcome: ActionOutcome, endedAt: number): Promise<void> {
    const record = this.records.get(actionId);
    if (!record) return Promise.reject(new Error(`action ${actionId} was never begun; call begin() first`));
    this.records.set(actionId, {
      ...record,
      status: 'completed',
      endedAt,
      outcome: structuredClone(outcome),
    });
    return Promise.resolve();
  }
}
