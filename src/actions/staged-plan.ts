/**
 * The seed's order for a rollback: the model first, the infrastructure only with analysis.
 * Stage 1 runs every step but the infrastructure ones (traffic, aliases, the release mark, flags,
 * the model registry, webhooks); recovery is then verified, and stage 2 (Deployment, Helm,
 * InferenceService, Argo Rollout executors) runs only when verification has not passed within
 * `within`, or at once when the rollout says so for the decision's severity. Each stage is the
 * same journaled plan run (exactly-once per action), so a resumed rollback repeats nothing; the
 * result says which stages ran and why, for the incident.
 */
import type { Clock } from '../core/clock.js';
import type { RollbackPlan, PlanStep } from './rollback-plan.js';
import { runPlan, type PlanRun, type RunPlanOptions } from './run-plan.js';

/** Executor name prefixes of the infrastructure kinds (stage 2). */
export const INFRASTRUCTURE_EXECUTORS = [
  'kubernetes-deployment:',
  'helm:',
  'kserve:',
  'argo-rollouts:',
] as const;

export const isInfrastructure = (step: PlanStep): boolean =>
  step.kind === 'external' &&
  INFRASTRUCTURE_EXECUTORS.some((prefix) => step.executor.name.startsWith(prefix));

export interface StageRecord {
  stage: 1 | 2;
  ran: boolean;
  /** Why the stage ran or did not, in a sentence for the incident. */
  reason: string;
  run?: PlanRun | undefined;
}

export interface StagedPlanOptions extends RunPlanOptions {
  /** Resolves true once the target serves healthily (the controller's recovery check). */
  verify(signal: AbortSignal | undefined): Promise<boolean>;
  /** How long stage 1 has to show recovery before stage 2 runs. */
  withinMs: number;
  /** Between verification reads. @default 1000 */
  pollMs?: number;
  /** Run stage 2 right after stage 1 (the rollout asks so for this decision's severity). */
  immediate?: { reason: string } | undefined;
  clock: Clock;
}

const only = (plan: RollbackPlan, keep: (step: PlanStep) => boolean): RollbackPlan => ({
  context: plan.context,
  steps: plan.steps.filter(keep),
});

async function verifiedWithin(options: StagedPlanOptions): Promise<{ ok: boolean; afterMs: number }> {
  const started = options.clock.now();
  for (;;) {
    if (await options.verify(options.signal)) return { ok: true, afterMs: options.clock.now() - started };
    const elapsed = options.clock.now() - started;
    if (elapsed >= options.withinMs) return { ok: false, afterMs: elapsed };
    await options.clock.sleep(Math.min(options.pollMs ?? 1_000, options.withinMs - elapsed), options.signal);
  }
}

export async function runStagedPlan(plan: RollbackPlan, options: StagedPlanOptions): Promise<StageRecord[]> {
  const infrastructure = plan.steps.filter(isInfrastructure);
  const first = await runPlan(
    only(plan, (s) => !isInfrastructure(s)),
    options,
  );
  const stages: StageRecord[] = [
    { stage: 1, ran: true, reason: 'model first: traffic, registry, flags and notifications', run: first },
  ];
  if (infrastructure.length === 0)
    return [...stages, { stage: 2, ran: false, reason: 'the rollout names no infrastructure step' }];
  // A failed notification does not hold the infrastructure back; traffic not restored does.
  const trafficStep = plan.steps.some((s) => s.kind === 'traffic');
  if (first.outcome === 'aborted' || (trafficStep && first.trafficRestoredAt === undefined))
    return [
      ...stages,
      {
        stage: 2,
        ran: false,
        reason: `stage 1 ${first.outcome === 'aborted' ? 'was aborted' : 'did not restore traffic'}: infrastructure is not touched over a failed model rollback`,
      },
    ];
  let reason: string;
  if (options.immediate) reason = options.immediate.reason;
  else {
    const verified = await verifiedWithin(options);
    if (verified.ok)
      return [
        ...stages,
        {
          stage: 2,
          ran: false,
          reason: `recovery verified ${Math.round(verified.afterMs / 1000)} s after stage 1: infrastructure left as it is`,
        },
      ];
    reason = `recovery not verified within ${Math.round(options.withinMs / 1000)} s of stage 1`;
  }
  const second = await runPlan(only(plan, isInfrastructure), options);
  return [...stages, { stage: 2, ran: true, reason, run: second }];
}
