/**
 * The seed's order for a rollback: the model first, the infrastructure only with analysis.
 * Stage 1 is every step but the infrastructure ones (traffic, aliases, the release mark, flags,
 * the model registry, webhooks); stage 2 is the infrastructure executors (Deployment, Helm,
 * InferenceService, Argo Rollout). The controller runs stage 1, verifies recovery, and runs
 * stage 2 only when that fails in time (src/controller/rollback-stages.ts). Both stages keep the
 * plan's action ids, so the journal makes each step exactly-once across the stages and restarts.
 */
import type { PlanStep, RollbackPlan } from './rollback-plan.js';
import type { PlanRun } from './run-plan.js';

/** Executor name prefixes of the infrastructure kinds (stage 2). */
export const INFRASTRUCTURE_EXECUTORS = [
  'kubernetes-deployment:',
  'helm:',
  'kserve:',
  'argo-rollouts:',
] as const;

export type StageNumber = 1 | 2;

export const isInfrastructure = (step: PlanStep): boolean =>
  step.kind === 'external' &&
  INFRASTRUCTURE_EXECUTORS.some((prefix) => step.executor.name.startsWith(prefix));

/** The steps of one stage, in plan order, with their plan-wide action ids. */
export function stagePlan(plan: RollbackPlan, stage: StageNumber): RollbackPlan {
  return {
    context: plan.context,
    steps: plan.steps.filter((step) => isInfrastructure(step) === (stage === 2)),
  };
}

/** Both stages' runs as one, in the order they ran (what the incident's actions list shows). */
export function joinRuns(first: PlanRun, second: PlanRun): PlanRun {
  const worst = [first.outcome, second.outcome].includes('aborted')
    ? 'aborted'
    : [first.outcome, second.outcome].includes('failed')
      ? 'failed'
      : 'succeeded';
  return {
    eventId: first.eventId,
    outcome: worst,
    actions: [...first.actions, ...second.actions],
    startedAt: first.startedAt,
    endedAt: second.endedAt,
    trafficRestoredAt: first.trafficRestoredAt,
  };
}
