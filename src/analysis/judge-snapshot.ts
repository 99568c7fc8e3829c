import { ValidationError } from '../core/errors.js';
import { snapshotValue } from './deferred-snapshot.js';
import type { AlwaysValidPValueJSON } from '../stats/index.js';
import { isPackedCounts, type PackedCounts } from './packed-counts.js';

/** Per-trigger state carried between evaluations. */
export interface TriggerState {
  /** The trigger as written, to match state to config on restore. */
  trigger: string;
  consecutive: number;
  /** Epoch ms of the first look of the current breach streak. */
  breachingSince: number | null;
  /** Running always-valid p-value of the trigger's sequential test since `since`. */
  evidence: AlwaysValidPValueJSON | null;
  /** Live checkpoints of the test's checkpoint-restart mixture, oldest first (absent in older snapshots). */
  checkpoints?: CheckpointState[] | undefined;
  /** The blocked test's committed seconds, when the trigger runs one (blocked-evidence.ts). */
  blocks?: BlockState | undefined;
  /**
   * A spent test's categories, in the order its checkpoints' marks count them (each mark holds a
   * candidate and a baseline count per label, for the labels known when it started).
   */
  labels?: string[] | undefined;
  /** Epoch ms of the last look a spent test was taken at (the level spent so far ends there). */
  spentTo?: number | undefined;
  /** The outcome of the step's horizon test once taken (horizon-test.ts); absent before its look. */
  horizon?: HorizonOutcome | undefined;
}

/** What the one z-test at the horizon said: taken once a step, then kept. */
export type HorizonOutcome = 'rejected' | 'not rejected';

/** A blocked test's sums (one per odds ratio) over the seconds before `to` (epoch ms). */
export interface BlockState {
  to: number;
  sums: number[];
}

/** A test restarted at a checkpoint: its index in the schedule, when it started, its statistics then. */
export interface CheckpointState {
  index: number;
  /** Epoch ms of the look that started it. */
  at: number;
  /**
   * The evaluator's additive statistics at that look (RestartableTest.mark); a spent test's
   * counts per label, packed when they are whole (packed-counts.ts).
   */
  mark: number[] | PackedCounts;
  /** On a count-gated schedule: observations since the step start when it started. */
  count?: number | undefined;
  /** On a count-gated schedule: its weight, every slot's since the checkpoint before it. */
  weight?: number | undefined;
  /**
   * A spent test's span since this checkpoint: the last look that took it (checkpoint-spending.ts
   * spanDue); absent until then, and in older snapshots, where every look took it.
   */
  spentTo?: number | undefined;
}

/** A judge's whole state as plain JSON (what `snapshot()` returns and `createJudge` accepts). */
export interface JudgeSnapshot {
  version: 1;
  /** The `since` the running tests started from; a new `since` restarts them. */
  since: number | null;
  triggers: TriggerState[];
}

export function freshState(trigger: string): TriggerState {
  return { trigger, consecutive: 0, breachingSince: null, evidence: null, checkpoints: [] };
}

/** Checks a snapshot's shape; throws ValidationError naming the field. */
export function readSnapshot(value: unknown): JudgeSnapshot {
  const s = snapshotValue(value) as Partial<JudgeSnapshot> | null;
  if (!s || typeof s !== 'object' || s.version !== 1)
    throw new ValidationError(
      'snapshot.version',
      'snapshot.version must be 1 (a value returned by judge.snapshot())',
    );
  if (!Array.isArray(s.triggers))
    throw new ValidationError('snapshot.triggers', 'snapshot.triggers must be an array');
  s.triggers.forEach((t: Partial<TriggerState>, i) => {
    if (typeof t.trigger !== 'string' || typeof t.consecutive !== 'number')
      throw new ValidationError(
        `snapshot.triggers[${i}]`,
        `snapshot.triggers[${i}] needs a string "trigger" and a number "consecutive"`,
      );
    if (t.blocks !== undefined && !validBlocks(t.blocks))
      throw new ValidationError(
        `snapshot.triggers[${i}].blocks`,
        `snapshot.triggers[${i}].blocks must be { to: number, sums: number[] } with finite numbers`,
      );
    if (t.labels !== undefined && !(Array.isArray(t.labels) && t.labels.every((l) => typeof l === 'string')))
      throw new ValidationError(
        `snapshot.triggers[${i}].labels`,
        `snapshot.triggers[${i}].labels must be an array of strings`,
      );
    if (t.spentTo !== undefined && !Number.isFinite(t.spentTo))
      throw new ValidationError(
        `snapshot.triggers[${i}].spentTo`,
        `snapshot.triggers[${i}].spentTo must be a finite number (epoch ms)`,
      );
    if (t.horizon !== undefined && t.horizon !== 'rejected' && t.horizon !== 'not rejected')
      throw new ValidationError(
        `snapshot.triggers[${i}].horizon`,
        `snapshot.triggers[${i}].horizon must be "rejected" or "not rejected"`,
      );
    if (t.checkpoints !== undefined && !validCheckpoints(t.checkpoints))
      throw new ValidationError(
        `snapshot.triggers[${i}].checkpoints`,
        `snapshot.triggers[${i}].checkpoints must be an array of { index, at, mark: number[] or packed counts, count?, weight?, spentTo? }`,
      );
  });
  return {
    version: 1,
    since: typeof s.since === 'number' ? s.since : null,
    triggers: structuredClone(s.triggers),
  };
}

function validCheckpoints(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((c: Partial<CheckpointState> | null) => {
      return (
        !!c &&
        Number.isInteger(c.index) &&
        (c.index ?? 0) >= 1 &&
        typeof c.at === 'number' &&
        ((Array.isArray(c.mark) && c.mark.every((v) => typeof v === 'number')) || isPackedCounts(c.mark)) &&
        (c.count === undefined || (typeof c.count === 'number' && c.count >= 0)) &&
        (c.weight === undefined || (typeof c.weight === 'number' && c.weight > 0 && c.weight < 1)) &&
        (c.spentTo === undefined || (typeof c.spentTo === 'number' && Number.isFinite(c.spentTo)))
      );
    })
  );
}

function validBlocks(value: unknown): boolean {
  const b = value as Partial<BlockState> | null;
  return (
    !!b &&
    typeof b.to === 'number' &&
    Number.isFinite(b.to) &&
    Array.isArray(b.sums) &&
    b.sums.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
