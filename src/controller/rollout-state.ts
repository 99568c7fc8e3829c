/** A rollout's lifecycle and stored status. */
import type { WarmTargetStatus } from './warm-up/keep-warm.js';
import type { RecordedRevision } from '../actions/infrastructure-revision.js';
import type { Decision } from '../analysis/judge.js';
import type { IncidentSeverity, IncidentStage } from '../incidents/index.js';
import type { ReleaseRole } from '../registry/types.js';
import type { CanaryStep, RolloutSpec } from './rollout-spec.js';
import type { MeasurementRun } from './measurements.js';

/**
 * Progressing: steps advancing. Paused: waiting for a person (or a timed pause). Guarding: fully
 * promoted, still watched. RollingBack: the rollback plan is running. RolledBack: traffic is on the
 * target. Aborted: stopped by a person, traffic back on the baseline. Blocked: a shadow failed, no
 * user was exposed. Completed: shadow passed, or the guard period of a promoted release ended.
 */
export const PHASES = [
  'Progressing',
  'Paused',
  'Guarding',
  'RollingBack',
  'RolledBack',
  'Aborted',
  'Blocked',
  'Completed',
] as const;
export type Phase = (typeof PHASES)[number];

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The kind of a canary step, as written: `setWeight`, `pause`, `analysis`, `setMirror`, ... */
export type CanaryStepKind = KeysOfUnion<CanaryStep> & string;

/**
 * Where a rollout is within its strategy. Canary: `steps` at the start, then the kind of the
 * step it is on, `promoting` after the last. Blue/green: `prewarm`, `pre-promotion-analysis`,
 * `awaiting-flip`, `post-promotion-analysis`. Shadow: `mirroring`. Every strategy: `guard` once
 * fully promoted (the release role is then production).
 */
export type Stage =
  | 'steps'
  | CanaryStepKind
  | 'promoting'
  | 'prewarm'
  | 'pre-promotion-analysis'
  | 'awaiting-flip'
  | 'post-promotion-analysis'
  | 'mirroring'
  | 'guard';

export const ACTIVE_PHASES: readonly Phase[] = ['Progressing', 'Paused', 'Guarding', 'RollingBack'];

export interface RollbackEvent {
  eventId: string;
  /** Trigger text, `manual`, or `abort`. */
  trigger: string;
  reason: string;
  target: string;
  actor: string;
  /** The role the pulled release held: canary, green, shadow, or production (under guard). */
  role: ReleaseRole;
  firstBreachAt: number;
  decidedAt: number;
  executedAt?: number | undefined;
  /** When the plan's traffic action completed: verification judges the target from here. */
  trafficRestoredAt?: number | undefined;
  verifiedAt?: number | undefined;
  /** The post-rollback watch on the target runs until then (set at verification). */
  watchUntil?: number | undefined;
  /** Set when the watch ended without a relapse. */
  watchEndedAt?: number | undefined;
  /** Set when the target breached during the watch: the incident re-opened and escalated. */
  relapsedAt?: number | undefined;
  outcome?: 'succeeded' | 'failed' | undefined;
  verification?: 'pending' | 'verified' | 'escalated' | undefined;
  /** The decision's severity (`spec.rollbackStages.immediateFor` reads it). */
  severity?: IncidentSeverity | undefined;
  /** Which rollback stages ran, wait or were skipped, and why (rollback-stages.ts). */
  stages?: IncidentStage[] | undefined;
}

export interface RolloutStatus {
  phase: Phase;
  message: string;
  /** Index of the current canary step (blue/green and shadow use named stages). */
  stepIndex: number;
  stage: Stage;
  stepStartedAt: number;
  startedAt: number;
  baseline: string;
  rollbackTarget: { release: string | null; reason: string; explanation: string };
  /** Current canary share in percent. */
  weight: number;
  mirrorPercent: number;
  headerRoute?: { header: string; value?: string | undefined; regex?: string | undefined } | undefined;
  regionWeights: Record<string, number>;
  promotedAt?: number | undefined;
  /** When the person-requested pause began (cleared on resume). */
  pausedBy?: string | undefined;
  judgeState?: unknown;
  /**
   * When the current traffic split took effect (the last weight, region, header or mirror step):
   * the canary is judged on data from here, so candidate and baseline cover the same seconds.
   */
  evidenceSince?: number | undefined;
  /** Triggers that have had enough data to be judged since `evidenceSince`. */
  judgedTriggers?: string[] | undefined;
  /** Set while a step's time is up but its triggers never had enough data: it holds, saying why. */
  hold?: { since: number; reason: string } | undefined;
  /** Offline metrics of the rollback target's model version (e.g. prediction_diversity). */
  baselineMetrics?: Record<string, number> | undefined;
  lastDecision?: Decision | undefined;
  /** The metric templates' current run (controller/measurements.ts). */
  measurements?: MeasurementRun | undefined;
  /** When the current run of breaches began (detection time of a later rollback). */
  firstBreachAt?: number | undefined;
  lastGuardAt?: number | undefined;
  /** Last health probe of the warm blue release after a blue/green flip. */
  lastWarmCheckAt?: number | undefined;
  /** The rollback target's last warm-up reading (at start, then kept warm after promotion). */
  warmTarget?: WarmTargetStatus | undefined;
  rollback?: RollbackEvent | undefined;
  /** The infrastructure revisions the rollback target runs on, recorded at start (prestage-revisions.ts). */
  infrastructureRevisions?: RecordedRevision[] | undefined;
  /** Person-issued intents, applied by the next reconcile (promote, promote --full). */
  /** A finished rollout whose final routing has been applied. */
  settled?: boolean | undefined;
  intents: { promote?: 'step' | 'full' | undefined };
  alerts: { at: number; message: string }[];
}

export interface RolloutDocument {
  spec: RolloutSpec;
  status: RolloutStatus;
}
