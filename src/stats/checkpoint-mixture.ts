/**
 * Checkpoint-restart mixture of always-valid tests. A test run from the start of a step is
 * diluted by the healthy data before a fault; tests restarted at scheduled checkpoints are not.
 * Checkpoint k ≥ 1 starts at the first look at or after since + k·interval, and the mixture is
 *
 *   M_t = w_0·E⁰_t + Σ_{k ≥ 1, started} w_k·E^k_t,   w_0 = startWeight,
 *   w_k = (1 − startWeight)·(k₀ + 1) / ((k + k₀)(k + k₀ + 1))
 *   (Σ_{k≥1} 1/((k + k₀)(k + k₀ + 1)) = 1/(k₀ + 1) by telescoping, so Σ w_k = 1),
 *
 * with k₀ = `offset` ≥ 0. k₀ = 0 puts a quarter of the weight on the first checkpoint and costs a
 * checkpoint k about 2·ln k nats; a larger k₀ moves weight from the first few checkpoints, whose
 * faults the step-start test also finds with little dilution, to later ones.
 *
 * where E^k is the same kind of e-process computed on the data seen since checkpoint k.
 *
 * Why it stays always-valid: let E^k_t = 1 before checkpoint k starts. Each E^k is then a
 * nonnegative supermartingale with E^k_0 = 1 under the null (a test martingale started at a
 * stopping time: before it, a constant; after it, a test martingale of the new data), so the
 * full sum N_t = Σ_k w_k·E^k_t over every scheduled k is a nonnegative supermartingale with
 * N_0 = Σ w_k ≤ 1 (an average of test supermartingales is one: Ramdas, Grünwald, Vovk & Shafer,
 * "Game-theoretic statistics and safe anytime-valid inference", Statist. Sci. 2023, §3; Vovk &
 * Wang, "E-values: calibration, combination and applications", Ann. Statist. 2021, on averaging
 * e-values). The judge computes M_t ≤ N_t: checkpoints not yet started, skipped (no look in
 * their slot) or dropped to bound memory only lose their nonnegative terms. Ville's inequality
 * (Ville 1939) gives P(∃t: M_t ≥ 1/alpha) ≤ P(∃t: N_t ≥ 1/alpha) ≤ alpha·N_0 ≤ alpha. The
 * schedule and weights are fixed before any data is seen; that is what the argument needs.
 *
 * Count-gated schedules (`countPerCheckpoint`): slot m (since + m·interval) keeps its fixed
 * weight w_m, and its test starts at σ_m, the first look at or after the slot's time by which
 * countPerCheckpoint observations have come since the previous start. σ_m depends only on what
 * was seen up to it, a stopping time, so E^m is again a test supermartingale started at a
 * stopping time and N_t is unchanged in kind. Slots whose σ_m coincide run the very same test,
 * so the judge computes it once with their weights summed (weightOver): Σ w_m ≤ 1 still.
 * The restarted tests are the same families as the step-start one (exact for counting-process
 * e-values, asymptotic for normal-mixture mSPRTs); restarting does not change their kind.
 */
import { StatsInputError, requirePositive } from './stats-input-error.js';

export interface CheckpointScheduleOptions {
  /** Spacing of checkpoints from the start of the step, ms. */
  intervalMs: number;
  /** Weight of the test started with the step (0 < w < 1). @default 0.5 */
  startWeight?: number;
  /** Offset k₀ (an integer ≥ 0) of the restarted tests' weights, w_k ∝ 1/((k + k₀)(k + k₀ + 1)). @default 0 */
  offset?: number;
  /** Most recent checkpoints kept live. @default 6 */
  recent?: number;
  /** Older checkpoints kept on a geometric trail (indices that are powers of two), most recent first. @default 6 */
  trail?: number;
  /**
   * Observations a checkpoint also waits for since the latest one; it then carries the weight of
   * every slot since that one (weightOver). Quiet traffic thus puts the weight on checkpoints
   * that hold data, not on near-empty ones; busy traffic, which fills every slot, is unchanged.
   * @default 0 (time alone)
   */
  countPerCheckpoint?: number;
}

/** One term of the mixture: a checkpoint's weight and its test's log e-value at this look. */
export interface MixtureTerm {
  weight: number;
  logE: number;
}

export class CheckpointSchedule {
  readonly intervalMs: number;
  readonly startWeight: number;
  readonly offset: number;
  readonly recent: number;
  readonly trail: number;
  readonly countPerCheckpoint: number;

  constructor(options: CheckpointScheduleOptions) {
    requirePositive('intervalMs', options.intervalMs);
    const startWeight = options.startWeight ?? 0.5;
    if (!(startWeight > 0 && startWeight < 1))
      throw new StatsInputError('startWeight', `must be strictly between 0 and 1, got ${startWeight}`);
    const offset = options.offset ?? 0;
    const recent = options.recent ?? 6;
    const trail = options.trail ?? 6;
    const countPerCheckpoint = options.countPerCheckpoint ?? 0;
    if (!(Number.isFinite(countPerCheckpoint) && countPerCheckpoint >= 0))
      throw new StatsInputError(
        'countPerCheckpoint',
        `must be a finite number ≥ 0, got ${countPerCheckpoint}`,
      );
    if (countPerCheckpoint > 0 && !(recent >= 1))
      throw new StatsInputError(
        'recent',
        'must be ≥ 1 on a count-gated schedule (the latest checkpoint gates the next)',
      );
    for (const [field, v] of [
      ['offset', offset],
      ['recent', recent],
      ['trail', trail],
    ] as const)
      if (!(Number.isInteger(v) && v >= 0))
        throw new StatsInputError(field, `must be an integer ≥ 0, got ${v}`);
    this.intervalMs = options.intervalMs;
    this.startWeight = startWeight;
    this.offset = offset;
    this.recent = recent;
    this.trail = trail;
    this.countPerCheckpoint = countPerCheckpoint;
  }

  /** w_0 = startWeight; w_k = (1 − startWeight)(k₀ + 1)/((k + k₀)(k + k₀ + 1)) for k ≥ 1. */
  weight(index: number): number {
    if (!(Number.isInteger(index) && index >= 0))
      throw new StatsInputError('index', `must be an integer ≥ 0, got ${index}`);
    const k = index + this.offset;
    return index === 0 ? this.startWeight : ((1 - this.startWeight) * (this.offset + 1)) / (k * (k + 1));
  }

  /** Index of the latest checkpoint scheduled at or before `now` (0 = the step start itself). */
  dueIndex(since: number, now: number): number {
    return now > since ? Math.floor((now - since) / this.intervalMs) : 0;
  }

  /**
   * The checkpoint to start at this look, or undefined: the latest slot due by time, after the
   * latest started one (`last`), once `countPerCheckpoint` observations have come since it
   * (`count`: observations since the step start; `last.count` theirs when it started).
   */
  next(
    since: number,
    now: number,
    last?: { index: number; count?: number },
    count?: number,
  ): number | undefined {
    const due = this.dueIndex(since, now);
    if (due < 1 || (last !== undefined && last.index >= due)) return undefined;
    if (this.countPerCheckpoint > 0) {
      if (count === undefined || !(count >= 0))
        throw new StatsInputError('count', `must be a number ≥ 0 on a count-gated schedule, got ${count}`);
      if (count - (last?.count ?? 0) < this.countPerCheckpoint) return undefined;
    }
    return due;
  }

  /**
   * Σ w_m over the slots after..index (after < index), i.e.
   * (1 − startWeight)(k₀ + 1)·(1/(after + 1 + k₀) − 1/(index + 1 + k₀)): the weight of a
   * checkpoint that starts in slot `index` for every slot since the one started in slot `after`.
   */
  weightOver(after: number, index: number): number {
    if (!(Number.isInteger(after) && Number.isInteger(index) && after >= 0 && index > after))
      throw new StatsInputError('index', `must be an integer above after (${after}), got ${index}`);
    const k0 = this.offset;
    return (1 - this.startWeight) * (k0 + 1) * (1 / (after + 1 + k0) - 1 / (index + 1 + k0));
  }

  /**
   * Which started checkpoints stay live: the `recent` latest, and `trail` older ones whose index
   * is a power of two (so older faults keep a checkpoint within a factor two of their onset).
   * Dropping a checkpoint drops its term, which only makes the mixture smaller: still valid.
   */
  keep(indices: readonly number[]): Set<number> {
    const sorted = [...indices].sort((a, b) => b - a);
    const kept = new Set(sorted.slice(0, this.recent));
    let trail = 0;
    for (const i of sorted.slice(this.recent)) {
      if (trail >= this.trail) break;
      if ((i & (i - 1)) === 0) {
        kept.add(i);
        trail++;
      }
    }
    return kept;
  }
}

/** ln Σ w·e^{logE} over the terms (log-sum-exp, finite when single terms overflow). */
export function mixtureLogE(terms: readonly MixtureTerm[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const t of terms) {
    if (!(t.weight >= 0)) throw new StatsInputError('weight', `must be ≥ 0, got ${t.weight}`);
    if (Number.isNaN(t.logE)) throw new StatsInputError('logE', 'must be a number, got NaN');
    if (t.weight > 0) max = Math.max(max, Math.log(t.weight) + t.logE);
  }
  if (max === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (const t of terms) if (t.weight > 0) sum += Math.exp(Math.log(t.weight) + t.logE - max);
  return max + Math.log(sum);
}
