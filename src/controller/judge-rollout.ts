/**
 * Asks the judges about a rollout and keeps their state: the judge lives in memory between
 * ticks, and its snapshot is stored with the rollout so a restarted controller resumes.
 */
import { createJudge } from '../analysis/create-judge.js';
import type { RipcordJudge } from '../analysis/create-judge.js';
import type { Decision, JudgeInput, TriggerReading } from '../analysis/judge.js';
import { judgeLook } from '../analysis/judge-look.js';
import { parseTrigger } from '../analysis/triggers/index.js';
import { measureStep, withMeasurements } from './measurements.js';
import { metricsFor } from './measurements-source.js';
import type { ReconcileContext } from './reconcile-context.js';
import { DeferredSnapshot } from '../analysis/deferred-snapshot.js';

export class JudgeCache {
  private readonly judges = new Map<string, { key: string; judge: RipcordJudge }>();

  /**
   * The judge for a rollout's stage and evidence span; rebuilt from the stored snapshot after a
   * restart, a stage change or a new span (a traffic step, whose evidence starts over).
   */
  get(
    rollout: string,
    stage: string,
    since: number,
    triggers: string[],
    options: {
      consecutiveBreaches?: number | undefined;
      sequentialBreaches?: number | undefined;
      alpha?: number | undefined;
    },
    snapshot: unknown,
  ): RipcordJudge {
    const key = `${stage}\u0000${since}\u0000${triggers.join('\u0001')}`;
    const cached = this.judges.get(rollout);
    if (cached?.key === key) return cached.judge;
    const judge = createJudge({ triggers, ...options }, snapshot);
    this.judges.set(rollout, { key, judge });
    return judge;
  }

  forget(rollout: string): void {
    this.judges.delete(rollout);
  }
}

export interface JudgeRequest {
  stage: string;
  candidate: string;
  baseline: string;
  candidateShare: number;
  since: number;
  baselineSpan?: { from: number; to: number } | undefined;
  triggers?: string[] | undefined;
  /**
   * Look at every trigger even on a tick that defers the distribution triggers: a step whose time
   * is up advances on this look, and must not advance on a reading from seconds before.
   */
  stepEnds?: boolean | undefined;
}

/** Evaluates, records the decision (stored when it is not a plain pass), and tracks first breach time. */
export async function judgeRollout(
  ctx: ReconcileContext,
  judges: JudgeCache,
  request: JudgeRequest,
): Promise<Decision> {
  const { spec, status, deps } = ctx;
  const { valid: triggers, invalid } = splitTriggers(request.triggers ?? spec.analysis.triggers);
  if (triggers.length === 0) return unjudgeable(ctx, invalid);
  const judge = judges.get(
    ctx.name,
    request.stage,
    request.since,
    triggers,
    {
      consecutiveBreaches: spec.analysis.consecutiveBreaches,
      sequentialBreaches: spec.analysis.sequentialBreaches,
      alpha: spec.analysis.alpha,
    },
    status.judgeState,
  );
  const input: JudgeInput = {
    model: spec.model,
    candidate: request.candidate,
    baseline: request.baseline,
    candidateShare: request.candidateShare,
    now: ctx.now,
    since: request.since,
    baselineSpan: request.baselineSpan,
    baselineMetrics: status.baselineMetrics,
    light: ctx.lightLook && request.stepEnds !== true,
  };
  const judged = await judgeLook(judge, metricsFor(spec, deps.metrics), input);
  const measured = await measureStep(ctx, request);
  const decision = withMeasurements(
    invalid.length === 0 ? judged : { ...judged, readings: [...judged.readings, ...invalid] },
    measured.readings,
  );
  const previous = status.lastDecision;
  // Taken when the status is written (most looks' statuses are not): see DeferredSnapshot.
  status.judgeState = new DeferredSnapshot(() => judge.snapshot());
  status.lastDecision = decision;
  const breaching = decision.readings.some(
    (r) => r.severity !== 'observe' && (r.status === 'breach' || r.status === 'pending-breach'),
  );
  if (breaching && status.firstBreachAt === undefined) status.firstBreachAt = ctx.now;
  if (!breaching) status.firstBreachAt = undefined;
  // `observe:` readings never act, but a change in one is shown (status, --watch) like any decision.
  const observed = decision.readings.some(
    (r) =>
      r.severity === 'observe' &&
      previous?.readings.find((p) => p.trigger === r.trigger)?.status !== r.status,
  );
  const notable =
    decision.verdict !== 'MONITOR' ||
    breaching ||
    observed ||
    measured.measured ||
    previous?.verdict !== decision.verdict;
  if (notable) {
    ctx.dirty = true;
    const id = `${ctx.name}/${ctx.now}/${request.stage}`;
    await deps.decisions
      .create(
        id,
        {
          rollout: ctx.name,
          release: request.candidate,
          baseline: request.baseline,
          phase: status.phase,
          candidateShare: request.candidateShare,
          decision,
        },
        new Date(ctx.now).toISOString(),
      )
      .catch((error: unknown) =>
        // The decision still acts and is on the rollout's status; only its history entry is lost.
        deps.logger.error(
          { err: error, rollout: ctx.name, decision: id, verdict: decision.verdict },
          'could not store the decision in the decision history',
        ),
      );
    deps.emit({
      rollout: ctx.name,
      at: ctx.now,
      type: 'decision',
      message: decision.reason,
      decision,
      phase: status.phase,
    });
  }
  return decision;
}

/**
 * Triggers are compiled when a rollout is submitted, but a stored rollout may hold one this
 * version cannot read: it is judged on the rest, and the one it cannot read is shown as a reading
 * that never has enough data (so a step waiting on it holds instead of passing unjudged).
 */
function splitTriggers(triggers: string[]): { valid: string[]; invalid: TriggerReading[] } {
  const valid: string[] = [];
  const invalid: TriggerReading[] = [];
  triggers.forEach((text, i) => {
    try {
      parseTrigger(text, `triggers[${i}]`);
      valid.push(text);
    } catch (error) {
      invalid.push({
        trigger: text.trim(),
        severity: 'hard',
        status: 'insufficient-data',
        message: `cannot be judged: ${(error as Error).message.split('\n')[0] ?? ''}`,
        consecutiveBreaches: 0,
      });
    }
  });
  return { valid, invalid };
}

function unjudgeable(ctx: ReconcileContext, readings: TriggerReading[]): Decision {
  const decision: Decision = {
    verdict: 'MONITOR',
    reason: `insufficient data: no trigger can be judged (${readings[0]?.message ?? 'no triggers'})`,
    readings,
    insufficientData: true,
    at: ctx.now,
  };
  if (ctx.status.lastDecision?.reason !== decision.reason) ctx.dirty = true;
  ctx.status.lastDecision = decision;
  return decision;
}
