/**
 * Verification after a rollback: the rollout's own triggers, run through the judges on the
 * target release. Candidate: the target since traffic was restored; baseline: the target before
 * the incident (the guard's pre-promotion span once promoted, else the span before the first
 * breach). Recovered when every hard trigger reads ok on enough data, the target has traffic
 * within `verify.maxErrorRate` and the pulled release gets none. A reading out of bounds
 * escalates the incident when `verify.within` runs out; "insufficient data" never passes and,
 * like no traffic at all, escalates after ten verification windows so a person looks.
 * With infrastructure executors (rollback-stages.ts), a stage 1 not verified within
 * `rollbackStages.infrastructureAfter` runs stage 2, and verification starts again from its end.
 */
import type { Decision, JudgeInput, TriggerReading } from '../analysis/judge.js';
import { judgeLook } from '../analysis/judge-look.js';
import { decisionEvidence, recordStages, recordVerification, startWatch } from '../incidents/index.js';
import { runInfrastructureStage } from './infrastructure-stage.js';
import { infrastructureAfter, infrastructureAfterMs, stageOf } from './rollback-stages.js';
import { completeEvidence } from './incident-evidence.js';
import type { Incident } from '../incidents/index.js';
import { serverSideFailures } from '../telemetry/types.js';
import type { JudgeCache } from './judge-rollout.js';
import type { ReconcileContext } from './reconcile-context.js';
import { loadIncident, notifyIncident } from './rollback.js';
import { ms } from './rollout-spec.js';
import { metricsFor } from './measurements-source.js';
import { DeferredSnapshot } from '../analysis/deferred-snapshot.js';

/** The triggers that decided this rollout's fate: the guard's once promoted, else the analysis's. */
export function verificationTriggers(ctx: ReconcileContext): string[] {
  const { spec, status } = ctx;
  return status.stage === 'guard' ? (spec.guard.triggers ?? spec.analysis.triggers) : spec.analysis.triggers;
}

/** Where the target's healthy behaviour is read from: its window before the incident. */
export function preIncidentSpan(ctx: ReconcileContext, firstBreachAt: number): { from: number; to: number } {
  const { spec, status } = ctx;
  const end = status.promotedAt ?? firstBreachAt;
  return { from: end - ms(spec.guard.baselineWindow), to: end };
}

/** Hard triggers decide recovery; a rollout with soft triggers only is judged on all of them. */
function decisive(readings: TriggerReading[]): TriggerReading[] {
  const hard = readings.filter((r) => r.severity === 'hard');
  return hard.length > 0 ? hard : readings;
}

export async function verifyRollback(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const event = status.rollback;
  if (!event?.executedAt || event.verification !== 'pending') return;
  const stage2 = stageOf(event, 2);
  // A stage 2 begun before a restart finishes first, whatever the metrics say by now.
  if (stage2?.status === 'running') return runInfrastructureStage(ctx, stage2.reason);
  const within = ms(spec.verify.within);
  // After stage 2, recovery is judged afresh on the rolled-back infrastructure.
  const restartedAt = stage2?.status === 'ran' ? stage2.endedAt : undefined;
  const since = Math.max(event.trafficRestoredAt ?? event.executedAt, restartedAt ?? 0);
  const elapsed = now - (restartedAt ?? event.executedAt);
  const judge = judges.get(
    ctx.name,
    'verify',
    since,
    verificationTriggers(ctx),
    { consecutiveBreaches: spec.analysis.consecutiveBreaches, alpha: spec.analysis.alpha },
    status.judgeState,
  );
  const input: JudgeInput = {
    model: spec.model,
    candidate: event.target,
    baseline: event.target,
    candidateShare: 1,
    now,
    since,
    baselineSpan: preIncidentSpan(ctx, event.firstBreachAt),
    baselineMetrics: status.baselineMetrics,
  };
  // The rollout's own source (its Prometheus, when it names one), as the analysis read it.
  const metrics = metricsFor(spec, deps.metrics);
  const [decision, pulled, target] = await Promise.all([
    judgeLook(judge, metrics, input),
    // Requests still in flight when traffic moved may land just after it: count the pulled release
    // from 1 s on. A pass within that first second (a fast rollback) has nothing to count yet.
    metrics.window({
      model: spec.model,
      release: spec.release,
      from: Math.min(since + 1000, now),
      to: now,
    }),
    metrics.window({ model: spec.model, release: event.target, from: since, to: now }),
  ]);
  // Taken when the status is written (most looks' statuses are not): see DeferredSnapshot.
  status.judgeState = new DeferredSnapshot(() => judge.snapshot());
  ctx.dirty = true;
  const noTraffic = target.requests === 0 && pulled.requests === 0;
  const judged = decisive(decision.readings);
  const problems: string[] = [];
  if (noTraffic)
    problems.push(`no traffic reached ${event.target} within ${within * 10} ms to verify recovery`);
  for (const reading of judged)
    if (reading.status !== 'ok') problems.push(`${reading.trigger}: ${reading.message}`);
  const failures = serverSideFailures(target.outcomes);
  const errorRate = target.requests > 0 ? failures / target.requests : 0;
  if (errorRate > spec.verify.maxErrorRate)
    problems.push(
      `${event.target} error rate ${percent(errorRate)} exceeds ${percent(spec.verify.maxErrorRate)}`,
    );
  if (pulled.requests > Math.max(1, target.requests * 0.001))
    problems.push(`${spec.release} still received ${pulled.requests} requests`);
  const recovered = problems.length === 0;
  // Too little data to judge is no evidence either way (a quiet hour, a controller restarted
  // just after the plan): it waits ten verification windows, like no traffic at all. Anything
  // out of bounds has `within` to come back.
  const undecided =
    problems.length === judged.filter((r) => r.status === 'insufficient-data').length + (noTraffic ? 1 : 0);
  if (stage2?.status === 'waiting') {
    if (!recovered) {
      // Stage 1 has `infrastructureAfter` to show recovery; then the infrastructure rolls back.
      if (elapsed < infrastructureAfterMs(spec)) return;
      return runInfrastructureStage(
        ctx,
        `recovery not verified within ${infrastructureAfter(spec)} of stage 1: ${problems.join('; ')}`,
      );
    }
    stage2.status = 'skipped';
    stage2.reason = `recovery verified ${Math.round(elapsed / 1000)} s after stage 1: infrastructure left as it is`;
  }
  if (!recovered && elapsed < (undecided ? within * 10 : within)) return;

  await ctx.beforeEffect();
  const incident = await loadIncident(ctx);
  const summary = judged.map((r) => `${r.trigger}: ${r.status}`).join('; ');
  const message = recovered
    ? `${target.requests} requests on ${event.target}, error rate ${percent(errorRate)}, none on ${spec.release}; judges: ${summary}`
    : problems.join('; ');
  const verified = await completeEvidence(
    ctx,
    event,
    recordStages(
      recordVerification(withReadings(incident.body, decision), now, recovered, message),
      event.stages,
    ),
  );
  const watchUntil = now + ms(spec.verify.watchFor);
  const body = recovered ? startWatch(verified, watchUntil) : verified;
  if (recovered) {
    event.verification = 'verified';
    event.verifiedAt = now;
    event.watchUntil = watchUntil;
    // The post-rollback watch judges the target afresh from here.
    status.judgeState = undefined;
    ctx.note('phase', `recovery verified: ${message}; watching ${event.target} for ${spec.verify.watchFor}`);
  } else {
    event.verification = 'escalated';
    ctx.note('alert', `rollback not verified within ${spec.verify.within}, escalating: ${message}`);
    deps.emit({
      rollout: ctx.name,
      at: now,
      type: 'incident',
      message: `incident ${event.eventId} escalated: ${message}`,
      phase: status.phase,
    });
  }
  await deps.incidents.update(event.eventId, body, incident.revision, new Date(now).toISOString());
  await notifyIncident(ctx, recovered ? 'resolved' : 'escalated', message);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** The verification readings become evidence beside the decision's. */
function withReadings(incident: Incident, decision: Decision): Incident {
  return {
    ...incident,
    evidence: {
      ...incident.evidence,
      verification: decisionEvidence(decision),
    },
  };
}
