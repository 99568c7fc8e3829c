/**
 * An incident: opened on every automated or manual rollback, it carries the four timestamps
 * that make MTTR and each of its phases a number (first breach, decision, execution complete,
 * verification), the actions as journaled, and the evidence frozen at decision time.
 * Plain JSON, so the store keeps it as a document and the API returns it as is.
 */
import type { ActionRecord } from '../actions/action-journal.js';
import type { ReleaseRole } from '../registry/types.js';
import type { DecisionEvidence, Evidence } from './evidence.js';
import type { IncidentPolicy } from './incident-policy.js';

/**
 * detected: a trigger breached; no decision yet.
 * triaged: the decision to roll back is made; the plan is running.
 * verifying: the plan completed; waiting for the judges to confirm the metrics recovered.
 * resolved: recovery confirmed.
 * escalated: the plan failed or recovery was not confirmed in time; a person must act.
 */
export const INCIDENT_STATUSES = ['detected', 'triaged', 'verifying', 'resolved', 'escalated'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** hard / soft: the severity of the trigger that fired; manual: an operator's rollback. */
export type IncidentSeverity = 'hard' | 'soft' | 'manual';

/** Epoch ms of each milestone; a milestone not reached yet is absent. */
export interface IncidentTimes {
  /** When the fault began, when known (drills, the demo, benchmarks); production rarely knows. */
  onsetAt?: number | undefined;
  /** Detection: the first breaching measurement of the deciding trigger (the decision time for manual rollbacks). */
  firstBreachAt: number;
  /** Triage: the rollback decision. */
  decidedAt?: number | undefined;
  /** The traffic action completed: users are served by the target from here on. */
  trafficRestoredAt?: number | undefined;
  /** Execution complete: every action of the plan finished. */
  executedAt?: number | undefined;
  /** Verification: the judges confirmed the metrics recovered. */
  verifiedAt?: number | undefined;
  escalatedAt?: number | undefined;
}

export interface IncidentVerification {
  recovered: boolean;
  message: string;
}

/** The emergency retrain a rollback without a safe target triggered in CI, with its link. */
export interface IncidentRetrain {
  provider: 'gitlab' | 'github';
  /** `GitLab pipeline 1001`, `GitHub Actions run 7001 of retrain.yml in ml/recsys-training`. */
  label: string;
  id?: number | undefined;
  url?: string | undefined;
  datasetVersion: string;
  configCommit: string;
  /** Epoch ms, the controller's clock. */
  at: number;
}

/** A breach on the target during the post-rollback watch: the incident re-opens and escalates. */
export interface Relapse {
  at: number;
  trigger: string;
  reason: string;
  readings: DecisionEvidence['readings'];
}

/**
 * A rollback stage (incident-stages.ts). waiting: stage 2 runs if recovery is not verified in time; running: begun, resumed after a
 * restart; ran: finished (see outcome); skipped: will not run (the reason says why).
 */
export type StageStatus = 'waiting' | 'running' | 'ran' | 'skipped';

export interface IncidentStage {
  stage: 1 | 2;
  status: StageStatus;
  /** Why the stage ran, waits or was skipped, in a sentence. */
  reason: string;
  /** The journal names of its steps, in plan order. */
  steps: string[];
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  outcome?: 'succeeded' | 'failed' | undefined;
}

/** The watch kept on the target after recovery was verified (`spec.verify.watchFor`). */
export interface PostRollbackWatch {
  /** Epoch ms the watch ends, unless a relapse ends it first. */
  until: number;
  /** Set once the watch ended without a relapse. */
  endedAt?: number | undefined;
}

export interface Incident {
  /** Same as the rollback event id: action ids, release marks and audit entries point back here. */
  id: string;
  model: string;
  /** The release that was pulled. */
  release: string;
  /** The release that took the traffic. */
  target: string;
  /** The rollout the rollback ended, if any. */
  rollout?: string | undefined;
  /** The trigger as written, or `manual`. */
  trigger: string;
  reason: string;
  severity: IncidentSeverity;
  /** The role the pulled release held: production, canary, green, shadow. */
  role: ReleaseRole;
  actor: string;
  status: IncidentStatus;
  times: IncidentTimes;
  /** As journaled, in plan order. */
  actions: ActionRecord[];
  evidence: Evidence;
  verification?: IncidentVerification | undefined;
  /** Why a person was called, when status is escalated. */
  escalation?: string | undefined;
  /** Who reported the fault onset (`times.onsetAt`), when someone did. */
  onsetReportedBy?: string | undefined;
  /** Severity rules and KPI value the report uses (from the rollout's `spec.incident`). */
  policy?: IncidentPolicy | undefined;
  watch?: PostRollbackWatch | undefined;
  /** Breaches on the target after recovery was verified; each re-opened the incident. */
  relapses?: Relapse[] | undefined;
  /** Set when a game day (`ripcord drill`) caused it: the drill record it belongs to. */
  drill?: { id: string; fault: string } | undefined;
  /** Set when the rollback had no safe target and CI was asked to retrain (`kind: retrain`). */
  retrain?: IncidentRetrain | undefined;
  /** Which rollback stages ran and why (model first, infrastructure only with analysis). */
  stages?: IncidentStage[] | undefined;
}
