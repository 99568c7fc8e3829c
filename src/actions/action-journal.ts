/**
 * The action journal: a record written before and after every action of a plan. Because the
 * `begin` record is durable before the action runs and `complete` after it, a restarted
 * controller knows which actions finished (skip), which were interrupted (re-apply: executors
 * are idempotent) and which never started. The store provides the durable implementation
 * (table `action_journal`); MemoryActionJournal serves tests.
 */

/** started: begun, not finished (running, or interrupted by a crash); completed: has an outcome. */
export type ActionStatus = 'started' | 'completed';

export interface ActionOutcome {
  /** succeeded: applied (and verified); failed: threw or failed verification. */
  result: 'succeeded' | 'failed';
  /** False when the target system already was in the desired state. */
  changed?: boolean | undefined;
  /** The error message (never contains secrets). */
  error?: string | undefined;
  /** The executor's detail, plus `resumed: true` when the action was interrupted before. */
  detail?: Record<string, unknown> | undefined;
}

export interface ActionRecord {
  /** `${eventId}/${executor name}`. */
  actionId: string;
  /** The plan the action belongs to (the rollback event id). */
  owner: string;
  /** Executor name, e.g. `traffic` or `webhook:pagerduty`. */
  name: string;
  /** Position in the plan, from 0. */
  step: number;
  status: ActionStatus;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number | undefined;
  outcome?: ActionOutcome | undefined;
}

export interface ActionJournal {
  get(actionId: string): Promise<ActionRecord | undefined>;
  /** The owner's records in plan order. */
  list(owner: string): Promise<ActionRecord[]>;
  /** Records that the action is starting (again, when resumed): status `started`, no outcome. */
  begin(entry: {
    actionId: string;
    owner: string;
    name: string;
    step: number;
    startedAt: number;
  }): Promise<void>;
  /** Records the action's outcome: status `completed`. */
  complete(actionId: string, outcome: ActionOutcome, endedAt: number): Promise<void>;
}
