/**
 * The evidence a canary step is judged on. Judging starts afresh whenever the traffic split
 * changes: data from a 5 % period pooled with a 50 % one compares the candidate and the baseline
 * over different seconds, so an incident shared by both in the 50 % period reads as the
 * candidate's (Simpson's paradox). And a step whose time is up advances only once every trigger
 * that acts has had enough data in it: a release that gets no traffic is never promoted unjudged.
 */
import type { Decision } from '../analysis/judge.js';
import { parseTrigger } from '../analysis/triggers/index.js';
import { gatingMetrics } from './measurements.js';
import { notifyAlert } from './notify-alert.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { RolloutStatus } from './rollout-state.js';

/** A new traffic split: the candidate's evidence, breach streaks and running tests start over. */
export function startEvidence(status: RolloutStatus, now: number): void {
  status.evidenceSince = now;
  status.judgeState = undefined;
  status.judgedTriggers = [];
  status.firstBreachAt = undefined;
  status.hold = undefined;
}

/** Where the current traffic split began (older documents: the current step's start). */
export function evidenceSince(status: RolloutStatus): number {
  return status.evidenceSince ?? status.stepStartedAt;
}

/** Remembers which triggers have had enough data since the split began. */
export function recordJudged(ctx: ReconcileContext, decision: Decision): void {
  const judged = new Set(ctx.status.judgedTriggers ?? []);
  const before = judged.size;
  for (const reading of decision.readings)
    if (reading.status !== 'insufficient-data') judged.add(reading.trigger);
  if (judged.size !== before) {
    ctx.status.judgedTriggers = [...judged];
    ctx.dirty = true;
  }
}

/** The triggers that act on a breach (hard and soft), as the judge names them; `observe:` only records. */
export function actingTriggers(triggers: readonly string[]): string[] {
  return triggers
    .map((text) => {
      try {
        const trigger = parseTrigger(text);
        return trigger.severity === 'observe' ? undefined : trigger.source;
      } catch {
        // A trigger that cannot be parsed can never be judged: it must hold the step, not vanish.
        return text.trim();
      }
    })
    .filter((t): t is string => t !== undefined);
}

/**
 * True when a timed step may advance. Otherwise the step holds: once, it says why in the status,
 * on the rollout's event stream and to its webhooks; it advances by itself once every trigger has
 * been judged, or when an operator promotes it.
 */
export async function readyToAdvance(ctx: ReconcileContext, where: string): Promise<boolean> {
  const { status, spec } = ctx;
  const exposed = status.weight > 0 || Object.values(status.regionWeights).some((w) => w > 0);
  if (!exposed) return true;
  const acting = [...actingTriggers(spec.analysis.triggers), ...gatingMetrics(spec)];
  const judged = new Set(status.judgedTriggers ?? []);
  const missing = acting.filter((t) => !judged.has(t));
  if (missing.length === 0) {
    if (status.hold) {
      status.hold = undefined;
      ctx.note('step', `hold released at ${where}: every trigger has now been judged on enough data`);
    }
    return true;
  }
  if (!status.hold) {
    const first = missing[0]!;
    const words = status.lastDecision?.readings.find((r) => r.trigger === first)?.message ?? 'not judged yet';
    const reason =
      `holding at ${where}: ${missing.length} of ${acting.length} triggers never had enough data in this step ` +
      `(${first}: ${words}); it advances once they have, or promote it with \`ripcord rollout promote ${ctx.name}\``;
    status.hold = { since: ctx.now, reason };
    ctx.note('alert', reason);
    await notifyAlert(ctx, `hold-${evidenceSince(status)}-${status.stepIndex}`, 'insufficient data', reason);
  }
  return false;
}
