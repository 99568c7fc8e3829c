/**
 * The stages of a rollout's rollback, as the status and the incident record them: stage 1 (the
 * model: traffic, aliases, release mark, flags, registry, webhooks) runs at once; stage 2 (the
 * serving infrastructure) waits for verification, runs at once for a severity the rollout lists
 * in `rollbackStages.immediateFor`, or is skipped when the rollout names no infrastructure step.
 */
import type { RollbackPlan } from '../actions/rollback-plan.js';
import type { PlanRun } from '../actions/run-plan.js';
import { stagePlan } from '../actions/staged-plan.js';
import type { IncidentStage } from '../incidents/index.js';
import type { RolloutSpec } from './rollout-spec.js';
import { ms } from './rollout-spec.js';
import type { RollbackEvent } from './rollout-state.js';

export const STAGE_1_REASON = 'model first: traffic, registry aliases, release mark, flags and webhooks';

/** How long stage 1 has to show recovery before stage 2 runs. */
export const infrastructureAfter = (spec: RolloutSpec): string =>
  spec.rollbackStages.infrastructureAfter ?? spec.verify.within;
export const infrastructureAfterMs = (spec: RolloutSpec): number => ms(infrastructureAfter(spec));

/** Why stage 2 runs with stage 1 for this decision, or undefined when it waits for verification. */
export function immediateReason(spec: RolloutSpec, event: RollbackEvent): string | undefined {
  const severity = event.severity ?? (event.trigger === 'manual' ? 'manual' : 'hard');
  return spec.rollbackStages.immediateFor.includes(severity)
    ? `the decision is ${severity} and rollbackStages.immediateFor lists it: the infrastructure rolls back with stage 1`
    : undefined;
}

/** The stages as decided before the plan runs (stored with the event, so a restart keeps them). */
export function plannedStages(spec: RolloutSpec, event: RollbackEvent, plan: RollbackPlan): IncidentStage[] {
  const names = (stage: 1 | 2) => stagePlan(plan, stage).steps.map((s) => s.executor.name);
  const infrastructure = names(2);
  const second: IncidentStage =
    infrastructure.length === 0
      ? {
          stage: 2,
          status: 'skipped',
          reason:
            'the rollout names no infrastructure executor (kubernetes-deployment, helm, kserve, argo-rollouts)',
          steps: [],
        }
      : {
          stage: 2,
          status: 'waiting',
          reason:
            immediateReason(spec, event) ??
            `runs if recovery is not verified within ${infrastructureAfter(spec)} of stage 1`,
          steps: infrastructure,
        };
  return [{ stage: 1, status: 'running', reason: STAGE_1_REASON, steps: names(1) }, second];
}

export function stageOf(event: RollbackEvent, stage: 1 | 2): IncidentStage | undefined {
  return event.stages?.find((s) => s.stage === stage);
}

/** Marks a stage as begun (the status is persisted before its first action). */
export function beginStage(record: IncidentStage, reason: string, at: number): void {
  record.status = 'running';
  record.reason = reason;
  record.startedAt ??= at;
}

/** Records a stage's finished run (not an aborted one: that resumes). */
export function finishStage(record: IncidentStage, run: PlanRun): void {
  record.status = 'ran';
  record.startedAt ??= run.startedAt;
  record.endedAt = run.endedAt;
  record.outcome = run.outcome === 'succeeded' ? 'succeeded' : 'failed';
}

/** The failed actions of a run, in a sentence. */
export const failures = (run: PlanRun): string =>
  run.actions
    .filter((a) => a.outcome?.result === 'failed')
    .map((a) => `${a.name} (${a.outcome?.error ?? 'no message'})`)
    .join('; ');
