/**
 * Stage 2 of a rollback, run from verification: stage 1 moved the model, recovery was not
 * verified in time, so the serving infrastructure goes back to the target's recorded revision.
 * The stage is marked running and persisted before its first action, so a controller that
 * restarts mid-stage resumes it (the journal skips what completed) whatever the metrics say by
 * then. A failed infrastructure step escalates at once: nothing automatic is left to try.
 */
import { runPlan } from '../actions/run-plan.js';
import { stagePlan } from '../actions/staged-plan.js';
import { recordInfrastructureStage, recordStages } from '../incidents/index.js';
import type { ReconcileContext } from './reconcile-context.js';
import { loadIncident, notifyIncident, planRunOptions, rollbackPlanOf } from './rollback.js';
import { beginStage, failures, finishStage, stageOf } from './rollback-stages.js';

export async function runInfrastructureStage(ctx: ReconcileContext, reason: string): Promise<void> {
  const { status, deps } = ctx;
  const event = status.rollback;
  const stage = event && stageOf(event, 2);
  if (!event || !stage) return;
  if (stage.status !== 'running') {
    beginStage(stage, reason, ctx.now);
    ctx.note('phase', `stage 2: rolling back the infrastructure (${stage.steps.join(', ')}): ${reason}`);
    ctx.dirty = true;
    await ctx.persist();
  }
  await ctx.beforeEffect();
  const plan = stagePlan(await rollbackPlanOf(ctx, event), 2);
  const run = await runPlan(plan, planRunOptions(ctx));
  if (run.outcome === 'aborted') return;
  finishStage(stage, run);
  const failure = run.outcome === 'failed' ? failures(run) : undefined;
  const incident = await loadIncident(ctx);
  const body = recordStages(
    recordInfrastructureStage(incident.body, run.actions, failure, ctx.now),
    event.stages,
  );
  if (failure === undefined) {
    // Verification starts again on the rolled-back infrastructure, with fresh counters.
    status.judgeState = undefined;
    ctx.note('phase', `stage 2 done: infrastructure back on ${event.target}; verifying recovery`);
  } else {
    event.verification = 'escalated';
    ctx.note('alert', `infrastructure rollback failed, escalating: ${failure}`);
    deps.emit({
      rollout: ctx.name,
      at: ctx.now,
      type: 'incident',
      message: `incident ${event.eventId} escalated: infrastructure rollback failed: ${failure}`,
      phase: status.phase,
    });
  }
  await deps.incidents.update(event.eventId, body, incident.revision, new Date(ctx.now).toISOString());
  ctx.dirty = true;
  if (failure !== undefined)
    await notifyIncident(ctx, 'escalated', `infrastructure rollback failed: ${failure}`);
}
