import type { BlockedShareEProcess } from '../../stats/index.js';
import type { ReleaseWindow } from '../../telemetry/types.js';
import type { Trigger } from '../triggers/types.js';

/** What one trigger's evaluator sees on one evaluation. */
export interface EvalContext {
  trigger: Trigger;
  /** The candidate over the trigger's span. */
  candidate: ReleaseWindow;
  /** The baseline over the same span, or over the configured baseline span (blue/green). */
  baseline: ReleaseWindow;
  /** True when the baseline was read over the same span as the candidate (it received traffic alongside). */
  concurrent: boolean;
  /** Candidate's configured share of traffic (0..1), used when the windows hold no requests. */
  candidateShare: number;
  baselineMetrics: Readonly<Record<string, number>> | undefined;
  /** This trigger's share of the judge's false-alarm level. */
  alpha: number;
  /** Length of the span the test is tuned for (the `over` window, else a default horizon), ms. */
  horizonMs: number;
  /** Length of the candidate span read, ms. */
  spanMs: number;
}

/** What an evaluator reports; the judge adds the consecutive-breach rule, `for` and running p-values. */
export type Evaluation =
  | {
      status: 'insufficient-data';
      message: string;
      observed?: number | undefined;
      baseline?: number | undefined;
      /** Set when the data is there but cannot be a reading (a telemetry fault), in words. */
      telemetryError?: string | undefined;
    }
  | {
      status: 'measured';
      /** The effect-size condition holds (the threshold is crossed by the point estimate). */
      exceeded: boolean;
      observed: number;
      baseline?: number | undefined;
      /** Words before the window clause: "p95 412 ms is 41 % above baseline 292 ms". */
      head: string;
      /** "(limit 30 %)", after what the span qualifies ("at 600 predictions each (limit 20 %)"). */
      limit: string;
      /** log e-value of this look's always-valid test, when the trigger asks for significance. */
      logE?: number | undefined;
      /** p-value of a single-look test (chi-square), when the trigger asks for significance. */
      pValue?: number | undefined;
      /**
       * The always-valid test's statistic as a z-score on the side of harm (estimate over its
       * standard error, NaN without one): when set, the step-start test also takes one z-test on
       * it at the trigger's horizon (horizon-test.ts).
       */
      horizonZ?: number | undefined;
      /** The same always-valid test restartable at a checkpoint (see checkpoint-restart.ts). */
      restart?: RestartableTest | undefined;
      /**
       * Observations the test has read since the step start and how many a checkpoint waits
       * for: when set, its checkpoints wait for data, not time alone (checkpoint-restart.ts
       * countedCheckpoints).
       */
      checkpointCount?: { seen: number; every: number } | undefined;
      /**
       * The trigger's concurrent test, run second by second against the baseline serving beside
       * the candidate (blocked-evidence.ts); when set, it replaces `logE` and `restart`.
       */
      blocks?: BlockTest | undefined;
      /**
       * The trigger's single-look test rerun on the data since the step start and since each
       * checkpoint, its level spent across looks and checkpoints (checkpoint-spending.ts); when
       * set, a running step judges by it instead of `pValue`.
       */
      spent?: SpendableTest | undefined;
    };

/**
 * A test judged block by block (a block is a second the candidate and the baseline both served),
 * so what happens to both releases in that second cancels out.
 */
export interface BlockTest {
  readonly process: BlockedShareEProcess;
  /** Adds one block, the two releases' windows over the same second, to the running sums. */
  add(sums: number[], candidate: ReleaseWindow, baseline: ReleaseWindow): void;
}

/** A restarted test's reading on the data seen since its checkpoint. */
export interface RestartReading {
  logE: number;
}

/**
 * An evaluator's always-valid test, restartable at a checkpoint: `mark` holds additive statistics
 * of the data read so far (counts, sums), kept as plain JSON when a checkpoint starts; `since`
 * runs the test on this look's statistics minus a mark, i.e. on the data seen after it.
 */
export interface RestartableTest {
  readonly mark: readonly number[];
  /** `spanMs`: time since the mark was taken (tunes the mixture like the step-start test's span). */
  since(mark: readonly number[], spanMs: number): RestartReading;
}

/**
 * A single-look test of two count vectors (a homogeneity test), rerun on the counts since a
 * checkpoint: the counts so far per category on both arms, and the test on any such counts.
 */
export interface SpendableTest {
  /** Category names (items, values, or bin indices in order), one per count. */
  readonly labels: readonly string[];
  /**
   * The labels' ids in the telemetry's item table (ITEM_IDS), when they are items that all have
   * one: a judge's checkpoints then match them by index and never read `labels` but for new items.
   */
  readonly ids?: readonly number[] | undefined;
  readonly candidate: readonly number[];
  readonly baseline: readonly number[];
  /**
   * Set when a category empty on both arms changes nothing in the test, which then reads only
   * the others, in order (a homogeneity test): a span since a checkpoint may be given those alone.
   */
  readonly seenOnly?: boolean | undefined;
  /** p-value of the test on counts over `labels` (1 when they hold too little to test). */
  pValue(candidate: ArrayLike<number>, baseline: ArrayLike<number>): number;
}

export type Evaluator = (ctx: EvalContext) => Evaluation;
