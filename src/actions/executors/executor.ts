/**
 * The executor contract: one step of a rollback plan that changes one system. The plan runs
 * executors in order — traffic, registry aliases, the release mark, flags, then external
 * systems — and journals each one, so a controller that crashes mid-plan resumes without
 * repeating or losing a step.
 *
 * Rules every executor follows:
 * - Idempotent: applying twice has the effect of applying once. The plan skips an action the
 *   journal shows as completed, but a crash between the effect and the journal write re-applies
 *   it, so the executor itself must make the second call a no-op (compare with the current
 *   state, or send an idempotency key the other side honours).
 * - Keyed: its `name` is unique within a plan; the action id is `${eventId}/${name}`.
 * - Honest: resolve only when the change is made (or already was), throw with a message that
 *   names the system and what failed. Never put secrets in results or errors: both are stored.
 * - Plannable: `plan` reads the system and says what `apply` would change, writing nothing, so
 *   a person can see a rollback before it runs (`dryRunPlan`).
 * - Cancellable: stop promptly when `signal` aborts; an aborted signal changes nothing.
 * executor.contract.ts checks these rules; every executor's test runs it.
 *
 * Shipped, one folder each: traffic, alias, mark-release and flag executors (over the registry),
 * a signed webhook executor, a no-op one, a Kubernetes Deployment (`rollout undo --to-revision`
 * + `rollout status`), Helm (`helm rollback --wait`), Argo Rollouts (abort + undo), KServe
 * (InferenceService canary to 0 %), MLflow (alias or stage back, rollback tags), the feature
 * pipeline (git checkout + commit + push, then `dvc checkout`), GitOps (the target's pinned
 * versions written to a config repository) and retrain (a GitLab or GitHub pipeline when there is
 * no safe target).
 */

import type { ReleaseRole } from '../../registry/types.js';

/** What every action of one rollback knows. Decided once, before the plan runs, and stored with it. */
export interface ActionContext {
  /** The rollback event (also the incident id); every action id derives from it. */
  eventId: string;
  model: string;
  /** The release being pulled. */
  release: string;
  /** The release that receives all traffic (decided before the rollout started). */
  target: string;
  /** The trigger that fired, as written, or `manual`. */
  trigger: string;
  reason: string;
  /** The role the pulled release held. */
  role: ReleaseRole;
  /** Who acts: recorded in the audit trail of every change. */
  actor: string;
  /** Epoch ms of the decision. */
  decidedAt: number;
}

export interface ActionResult {
  /** False when the system was already in the desired state (a resumed or repeated action). */
  changed: boolean;
  /** What was done, for the journal and the incident: plain JSON, never a secret. */
  detail?: Record<string, unknown> | undefined;
}

export interface VerifyResult {
  ok: boolean;
  message: string;
}

/** What `apply` would do now, read without changing anything (a dry run). */
export interface PlannedAction {
  /** False when the system is already in the desired state. */
  changes: boolean;
  /** One line for a person: `traffic for recs: 100 % to v1 (was v2 at 10 %)`. */
  summary: string;
  detail?: Record<string, unknown> | undefined;
}

export interface Executor {
  /** Unique within a plan: `traffic`, `alias:production`, `flag:item-encoder@5`, `webhook:pagerduty`. */
  readonly name: string;
  apply(context: ActionContext, signal: AbortSignal): Promise<ActionResult>;
  /** Reads the system and says what `apply` would change; never writes. */
  plan(context: ActionContext, signal: AbortSignal): Promise<PlannedAction>;
  /** Reads the system back and confirms the change holds; a failed check fails the action. */
  verify?(context: ActionContext, signal: AbortSignal): Promise<VerifyResult>;
}

/** The journal key of an action. */
export function actionId(eventId: string, executorName: string): string {
  return `${eventId}/${executorName}`;
}
