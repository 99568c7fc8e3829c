import { AlwaysValidPValue } from '../stats/index.js';
import type { ReleaseWindow } from '../telemetry/types.js';
import {
  compileJudgeConfig,
  DEFAULT_HORIZON_MS,
  DEFAULT_LOOKBACK_MS,
  type CompiledJudgeConfig,
} from './compile-judge-config.js';
import { mixCheckpoints, type MixtureReading } from './checkpoint-restart.js';
import { formatDuration } from './duration.js';
import type { Decision, Judge, JudgeConfig, JudgeInput, TriggerReading } from './judge.js';
import { freshState, readSnapshot, type JudgeSnapshot, type TriggerState } from './judge-snapshot.js';
import { EVALUATORS, type Evaluation } from './judges/index.js';
import { formatP } from './judges/format.js';
import type { Trigger } from './triggers/types.js';

export interface RipcordJudge extends Judge {
  readonly config: CompiledJudgeConfig;
  snapshot(): JudgeSnapshot;
}

/**
 * Builds a judge from its config, optionally resuming from a `snapshot()` taken earlier (state is
 * matched to triggers by their text, so an edited config keeps what still applies).
 */
export function createJudge(config: JudgeConfig, snapshot?: unknown): RipcordJudge {
  const compiled = compileJudgeConfig(config);
  const restored = snapshot === undefined ? undefined : readSnapshot(snapshot);
  let since: number | null = restored?.since ?? null;
  const states: TriggerState[] = compiled.triggers.map((t, i) => {
    const prior =
      restored?.triggers[i]?.trigger === t.source
        ? restored.triggers[i]
        : restored?.triggers.find((s) => s.trigger === t.source);
    return prior ? structuredClone(prior) : freshState(t.source);
  });

  function evaluate(input: JudgeInput): Decision {
    const now = input.now;
    const inputSince = input.since ?? null;
    if (inputSince !== since) {
      // A new step: the running tests start over on the new data.
      since = inputSince;
      states.forEach((s, i) => (states[i] = freshState(s.trigger)));
    }
    const cache = new Map<string, ReleaseWindow>();
    const read = (release: string, from: number, to: number): ReleaseWindow => {
      const key = `${release}\u0000${from}\u0000${to}`;
      let w = cache.get(key);
      if (!w) cache.set(key, (w = input.reader.window({ model: input.model, release, from, to })));
      return w;
    };

    const readings = compiled.triggers.map((trigger, i) => {
      const start = input.since ?? now - DEFAULT_LOOKBACK_MS;
      const from = trigger.overMs === undefined ? start : Math.max(start, now - trigger.overMs);
      const bs = input.baselineSpan;
      const baselineFrom = bs
        ? trigger.overMs === undefined
          ? bs.from
          : Math.max(bs.from, bs.to - trigger.overMs)
        : from;
      const evaluation = EVALUATORS[trigger.metric.kind]({
        trigger,
        candidate: read(input.candidate, from, now),
        baseline: read(input.baseline, baselineFrom, bs ? bs.to : now),
        concurrent: bs === undefined,
        candidateShare: input.candidateShare,
        baselineMetrics: input.baselineMetrics,
        alpha: compiled.alphaPerTest,
        horizonMs: trigger.overMs ?? DEFAULT_HORIZON_MS,
        spanMs: Math.max(0, now - from),
      });
      return step(trigger, states[i]!, evaluation, now, input.since);
    });
    return decide(readings, now);
  }

  function step(
    trigger: Trigger,
    state: TriggerState,
    ev: Evaluation,
    now: number,
    stepSince: number | undefined,
  ): TriggerReading {
    const base = { trigger: trigger.source, severity: trigger.severity };
    if (ev.status === 'insufficient-data')
      return {
        ...base,
        status: 'insufficient-data',
        observed: ev.observed,
        baseline: ev.baseline,
        message: ev.message,
        consecutiveBreaches: state.consecutive,
      };

    let pValue: number | undefined;
    let mixture: MixtureReading | undefined;
    if (trigger.significance && ev.logE !== undefined) {
      if (trigger.overMs !== undefined) {
        // A sliding window is a fresh test at each look: no running minimum across windows.
        pValue = Math.min(1, Math.exp(-ev.logE));
      } else {
        // Within a step, the test also restarts at checkpoints (checkpoint-restart.ts).
        if (ev.restart && stepSince !== undefined)
          mixture = mixCheckpoints(state, ev.restart, ev.logE, stepSince, now);
        const running = state.evidence
          ? AlwaysValidPValue.from(state.evidence)
          : new AlwaysValidPValue({ alpha: compiled.alphaPerTest });
        pValue = running.observe({ logE: mixture?.logE ?? ev.logE });
        state.evidence = running.toJSON();
      }
    } else if (trigger.significance && ev.pValue !== undefined) pValue = ev.pValue;
    const significant = pValue === undefined || pValue <= compiled.alphaPerTest;
    // After a long healthy stretch the limit may be crossed only on the data since the checkpoint
    // that carries the evidence: the effect size is then read there too.
    const recentOnly = !ev.exceeded && mixture?.leading?.exceeded === true;
    const breachNow = (ev.exceeded || recentOnly) && significant;
    // A running always-valid test controls its false alarms at every look, so repeating the
    // look adds delay, not protection; effect sizes and single-look tests keep the rule.
    const sequential = trigger.significance && trigger.overMs === undefined && ev.logE !== undefined;
    const required = sequential ? compiled.sequentialBreaches : compiled.consecutiveBreaches;

    if (breachNow) {
      state.consecutive++;
      state.breachingSince ??= now;
    } else {
      state.consecutive = 0;
      state.breachingSince = null;
    }
    const held = breachNow ? now - state.breachingSince! : 0;
    const heldLongEnough = trigger.forMs === undefined || held >= trigger.forMs;
    const countMet = state.consecutive >= required;
    const status = !breachNow ? 'ok' : countMet && heldLongEnough ? 'breach' : 'pending-breach';

    let window = '';
    if (trigger.forMs !== undefined && breachNow)
      window = heldLongEnough
        ? ` for ${formatDuration(trigger.forMs)}`
        : ` for ${formatDuration(held)} of ${formatDuration(trigger.forMs)}`;
    else if (trigger.overMs !== undefined) window = ` over ${formatDuration(trigger.overMs)}`;
    let message = `${ev.head}${window} ${ev.limit}`;
    if (recentOnly && mixture?.leading)
      message += `; crossed over the last ${formatDuration(now - mixture.leading.at)}`;
    if (ev.exceeded && !significant) message += `; not significant yet (p = ${formatP(pValue!)})`;
    if (breachNow && !countMet) message += `; breach ${state.consecutive} of ${required} in a row`;

    return {
      ...base,
      status,
      observed: ev.observed,
      baseline: ev.baseline,
      message,
      consecutiveBreaches: state.consecutive,
      pValue,
    };
  }

  function decide(readings: TriggerReading[], at: number): Decision {
    const hard = readings.find((r) => r.status === 'breach' && r.severity === 'hard');
    if (hard)
      return {
        verdict: 'ROLLBACK_IMMEDIATELY',
        reason: hard.message,
        trigger: hard.trigger,
        readings,
        insufficientData: false,
        at,
      };
    // `observe:` triggers are read and shown, never acted on.
    const soft = readings.find((r) => r.status === 'breach' && r.severity === 'soft');
    if (soft)
      return {
        verdict: 'INVESTIGATE_FIRST',
        reason: soft.message,
        trigger: soft.trigger,
        readings,
        insufficientData: false,
        at,
      };
    const waiting = readings.filter((r) => r.status === 'insufficient-data');
    const pending = readings.filter((r) => r.status === 'pending-breach');
    if (waiting.length === readings.length)
      return {
        verdict: 'MONITOR',
        reason: `insufficient data: no trigger can be judged yet (${waiting[0]!.message})`,
        readings,
        insufficientData: true,
        at,
      };
    const parts = [
      `${readings.length - waiting.length - pending.length} of ${readings.length} triggers within limits`,
    ];
    if (pending.length) parts.push(`${pending.length} pending (${pending[0]!.message})`);
    if (waiting.length) parts.push(`${waiting.length} waiting for data`);
    return { verdict: 'MONITOR', reason: parts.join('; '), readings, insufficientData: false, at };
  }

  return {
    config: compiled,
    evaluate,
    snapshot: () => ({ version: 1, since, triggers: structuredClone(states) }),
  };
}
