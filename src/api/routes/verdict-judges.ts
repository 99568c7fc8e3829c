/**
 * Verdicts on a canary that another controller routes (Argo Rollouts, Flagger): ripcord judges
 * it but moves no traffic. A canary is named by model, candidate and baseline release (and the
 * caller's revision, e.g. Flagger's checksum); ripcord keeps one judge per canary so the running
 * always-valid tests accumulate evidence across calls, starting when the canary was first asked
 * about (or at the caller's `since`). The judge's state lives in a `CanaryMemory` (canary-memory.ts:
 * the store in a control plane), so it survives restarts and is one test across replicas.
 *
 * Rate: a canary is looked at most once per `minLookMs`; calls in between get the last answer,
 * so a tight polling loop costs no extra reads of the metric provider.
 */
import { createJudge, type RipcordJudge } from '../../analysis/create-judge.js';
import type { Decision, TriggerReading } from '../../analysis/judge.js';
import { judgeLook } from '../../analysis/judge-look.js';
import type { MetricProvider } from '../../analysis/providers/metric-provider.js';
import type { Clock } from '../../core/clock.js';
import { memoryCanaryMemory, type CanaryMemory } from './canary-memory.js';

/** pass: every trigger judged and none breached; fail: a hard trigger breached; hold: a soft one did; pending: not enough data yet. */
export const CANARY_VERDICTS = ['pass', 'fail', 'hold', 'pending'] as const;
export type CanaryVerdict = (typeof CANARY_VERDICTS)[number];

export interface CanaryQuestion {
  model: string;
  candidate: string;
  baseline: string;
  /** Trigger expressions (docs/triggers.md), e.g. `hard: error rate > 2% for 1m`. */
  triggers: string[];
  alpha?: number | undefined;
  /** Epoch ms from which telemetry counts; default: when this canary was first asked about. */
  since?: number | undefined;
  /** The canary's share of traffic in percent, when the caller knows it; else read from the telemetry. */
  canaryWeight?: number | undefined;
  /** The caller's revision of the canary (Flagger's checksum): a new one starts a new judge. */
  revision?: string | undefined;
}

export interface CanaryAnswer {
  verdict: CanaryVerdict;
  reason: string;
  model: string;
  candidate: string;
  baseline: string;
  /** ISO 8601: from when telemetry counts. */
  since: string;
  /** The canary's share of traffic in percent that the count-based tests used. */
  canaryWeight: number;
  /** ISO 8601: when this look was taken. */
  at: string;
  readings: {
    trigger: string;
    severity: string;
    status: TriggerReading['status'];
    message: string;
    pValue?: number | undefined;
  }[];
}

export interface CanaryVerdictsOptions {
  metrics: MetricProvider;
  clock: Clock;
  /** @default 1000 */
  minLookMs?: number;
  /** Where each canary's judge is kept between calls. @default in this process, 1,000 canaries */
  memory?: CanaryMemory;
}

export interface CanaryVerdicts {
  judge(question: CanaryQuestion): Promise<CanaryAnswer>;
}

export function canaryVerdicts(options: CanaryVerdictsOptions): CanaryVerdicts {
  const minLookMs = options.minLookMs ?? 1000;
  const memory = options.memory ?? memoryCanaryMemory();

  const keyOf = (q: CanaryQuestion): string =>
    JSON.stringify([
      q.model,
      q.candidate,
      q.baseline,
      q.revision ?? '',
      q.since ?? null,
      q.alpha,
      q.triggers,
    ]);

  return {
    async judge(q: CanaryQuestion): Promise<CanaryAnswer> {
      const now = options.clock.now();
      const key = keyOf(q);
      const stored = await memory.load(key);
      const last = stored?.state.last;
      if (last && now - last.at < minLookMs) return last.answer;
      const since = stored?.state.since ?? q.since ?? now;
      const judge: RipcordJudge = createJudge({ triggers: q.triggers, alpha: q.alpha }, stored?.state.judge);
      const share =
        q.canaryWeight !== undefined
          ? q.canaryWeight / 100
          : await observedShare(options.metrics, q, since, now);
      const decision = await judgeLook(judge, options.metrics, {
        model: q.model,
        candidate: q.candidate,
        baseline: q.baseline,
        candidateShare: share,
        now,
        since,
      });
      const answer = toAnswer(q, decision, since, share);
      // Another replica may have looked meanwhile: its state stands (the next call resumes from
      // it) and this look, on the same data, is answered without being kept.
      await memory.save(
        key,
        { since, judge: judge.snapshot({ full: true }), last: { at: now, answer } },
        stored?.revision,
      );
      return answer;
    },
  };
}

/** The candidate's share of the two releases' requests since the canary started (0.5 before any). */
async function observedShare(
  metrics: MetricProvider,
  q: CanaryQuestion,
  since: number,
  now: number,
): Promise<number> {
  const from = Math.min(since, now - 1000);
  const [candidate, baseline] = await Promise.all([
    metrics.window({ model: q.model, release: q.candidate, from, to: now }),
    metrics.window({ model: q.model, release: q.baseline, from, to: now }),
  ]);
  const total = candidate.requests + baseline.requests;
  return total === 0 ? 0.5 : candidate.requests / total;
}

/** ripcord's decision as a canary verdict: pass only when every acting trigger was judged and held. */
export function canaryVerdictOf(decision: Decision): CanaryVerdict {
  if (decision.verdict === 'ROLLBACK_IMMEDIATELY') return 'fail';
  if (decision.verdict === 'INVESTIGATE_FIRST') return 'hold';
  const acting = decision.readings.filter((r) => r.severity !== 'observe');
  return decision.insufficientData || acting.some((r) => r.status !== 'ok') ? 'pending' : 'pass';
}

function toAnswer(q: CanaryQuestion, decision: Decision, since: number, share: number): CanaryAnswer {
  return {
    verdict: canaryVerdictOf(decision),
    reason: decision.reason,
    model: q.model,
    candidate: q.candidate,
    baseline: q.baseline,
    since: new Date(since).toISOString(),
    canaryWeight: Math.round(share * 10_000) / 100,
    at: new Date(decision.at).toISOString(),
    readings: decision.readings.map((r) => ({
      trigger: r.trigger,
      severity: r.severity,
      status: r.status,
      message: r.message,
      ...(r.pValue === undefined ? {} : { pValue: r.pValue }),
    })),
  };
}
