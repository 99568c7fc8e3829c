import { AlwaysValidPValue } from '../stats/index.js';
import { runningBlocks, windowBlocks, type BlockedReading } from './blocked-evidence.js';
import { compileJudgeConfig, DEFAULT_HORIZON_MS, type CompiledJudgeConfig } from './compile-judge-config.js';
import { deferrable } from './deferrable.js';
import { mixCheckpoints, type MixtureReading } from './checkpoint-restart.js';
import { withHorizonTestAt, zTestHorizonMs } from './horizon-test.js';
import { spentEvidence } from './checkpoint-spending.js';
import { formatDuration } from '../core/duration.js';
import type { Decision, Judge, JudgeConfig, JudgeInput, TriggerReading } from './judge.js';
import { judgeNeeds } from './judge-needs.js';
import { plainClone } from './plain-clone.js';
import { judgeReads, type JudgeReads, type Reading } from './judge-reads.js';
import { forWindows, lookStart, triggerFrom } from './judge-spans.js';
import { freshState, readSnapshot, type JudgeSnapshot, type TriggerState } from './judge-snapshot.js';
import type { RestartableTest } from './judges/types.js';
import { formatP } from './judges/format.js';
import { WindowsNeeded, type MetricWindows, type WindowRequest } from './metric-windows.js';
import type { Trigger } from './triggers/types.js';

export interface RipcordJudge extends Judge {
  readonly config: CompiledJudgeConfig;
  /** `full`: with every data trigger's checkpoint counts (for a caller that resumes a canary at every call). */
  snapshot(options?: { full?: boolean }): JudgeSnapshot;
}

type Measured = Extract<Reading, { status: 'measured' }>;

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

  /** Each trigger's reading at its last look in this step, and when (what a light look carries). */
  let last: ({ reading: TriggerReading; at: number } | undefined)[] = compiled.triggers.map(() => undefined);

  /** A new step (another `since`) starts the running tests over on the new data. */
  const startsOver = (input: JudgeInput): boolean => (input.since ?? null) !== since;

  /** Which triggers this look carries instead of judging: deferrable ones already read in this step. */
  function carried(input: JudgeInput): boolean[] {
    const light = input.light === true && !startsOver(input);
    return compiled.triggers.map((t, i) => light && deferrable(t) && last[i] !== undefined);
  }

  function needs(input: JudgeInput): ReturnType<typeof judgeNeeds> {
    const carry = carried(input);
    const seen = startsOver(input) ? states.map((s) => freshState(s.trigger)) : states;
    const judged = (_: unknown, i: number): boolean => !carry[i];
    return judgeNeeds(compiled.triggers.filter(judged), seen.filter(judged), input);
  }

  function evaluate(input: JudgeInput, windows: MetricWindows): Decision {
    // A look either completes or leaves the judge as it was (a state's fields are replaced, never
    // changed in place, so a shallow copy restores it).
    const before = { since, states: states.map((s) => ({ ...s })), last };
    const carry = carried(input);
    if (startsOver(input)) {
      since = input.since ?? null;
      states.forEach((s, i) => (states[i] = freshState(s.trigger)));
      last = last.map(() => undefined);
    } else last = [...last];
    const reads = judgeReads(input, windows);
    const needed: WindowRequest[] = [];
    const readings = compiled.triggers.map((trigger, i) => {
      const prior = last[i];
      if (carry[i] && prior) return { ...prior.reading, carriedFrom: prior.at };
      try {
        const reading = judgeTrigger(trigger, states[i]!, reads, input);
        last[i] = { reading, at: input.now };
        return reading;
      } catch (error) {
        if (!(error instanceof WindowsNeeded)) throw error;
        needed.push(...error.requests);
        return undefined;
      }
    });
    if (needed.length > 0) {
      since = before.since;
      before.states.forEach((s, i) => (states[i] = s));
      last = before.last;
      throw new WindowsNeeded(needed);
    }
    return decide(readings as TriggerReading[], input.now);
  }

  /** The evidence of a trigger's test at this look: a p-value, and the checkpoint carrying it. */
  function evidence(
    trigger: Trigger,
    state: TriggerState,
    ev: Measured,
    reads: JudgeReads,
    input: JudgeInput,
    from: number,
  ): { pValue?: number | undefined; mixture?: MixtureReading | undefined; fault?: string | undefined } {
    if (!trigger.significance) return {};
    const now = input.now;
    const sliding = trigger.overMs !== undefined || input.since === undefined;
    // A single-look test within a step: taken on every checkpoint's span, its level spent.
    if (ev.spent && !sliding) return spentEvidence(state, ev.spent, input.since!, now, compiled.alphaPerTest);
    let logE = ev.logE;
    let restart: RestartableTest | undefined = ev.restart;
    if (ev.blocks) {
      const check = reads.check(trigger);
      const r: BlockedReading = sliding
        ? windowBlocks(ev.blocks, from, now, reads.series, check)
        : runningBlocks(ev.blocks, state.blocks, input.since!, now, reads.series, check);
      if (!r.ok) return { fault: `telemetry error: ${r.problem}` };
      if (r.state) state.blocks = r.state;
      logE = r.logE;
      restart = r.restart;
    }
    if (logE === undefined) return { pValue: ev.pValue };
    // A sliding window is a fresh test at each look: no running minimum across windows.
    if (sliding) return { pValue: Math.min(1, Math.exp(-logE)) };
    // Within a step, the test also restarts at checkpoints (checkpoint-restart.ts).
    const mixture = restart
      ? mixCheckpoints(state, restart, logE, input.since!, now, ev.checkpointCount)
      : undefined;
    let stepLogE = mixture?.logE ?? logE;
    // Half the level then goes to one z-test at the horizon (horizon-test.ts).
    if (ev.horizonZ !== undefined)
      stepLogE = withHorizonTestAt(
        state,
        stepLogE,
        ev.horizonZ,
        { since: input.since!, now, horizonMs: zTestHorizonMs(input) },
        compiled.alphaPerTest,
      );
    const running = state.evidence
      ? AlwaysValidPValue.from(state.evidence)
      : new AlwaysValidPValue({ alpha: compiled.alphaPerTest });
    const pValue = running.observe({ logE: stepLogE });
    state.evidence = running.toJSON();
    return { pValue, mixture };
  }

  function judgeTrigger(
    trigger: Trigger,
    state: TriggerState,
    reads: JudgeReads,
    input: JudgeInput,
  ): TriggerReading {
    const now = input.now;
    const start = lookStart(input);
    const from = triggerFrom(trigger.overMs, start, now);
    const spec = {
      alpha: compiled.alphaPerTest,
      horizonMs: trigger.overMs ?? DEFAULT_HORIZON_MS,
      baselineSpanMs: trigger.overMs,
    };
    const base = { trigger: trigger.source, severity: trigger.severity };
    const waiting = (r: Exclude<Reading, Measured>): TriggerReading => ({
      ...base,
      status: 'insufficient-data',
      observed: r.observed,
      baseline: r.baseline,
      message: r.message,
      consecutiveBreaches: state.consecutive,
      telemetryError: r.telemetryError,
    });

    const ev = reads.evaluate(trigger, from, spec);
    if (ev.status === 'insufficient-data') {
      // `for` asks that the condition held throughout: a look that cannot tell breaks the streak.
      if (trigger.forMs !== undefined) resetStreak(state);
      return waiting(ev);
    }
    const { pValue, mixture, fault } = evidence(trigger, state, ev, reads, input, from);
    if (fault) {
      if (trigger.forMs !== undefined) resetStreak(state);
      return waiting({ status: 'insufficient-data', message: fault, telemetryError: fault });
    }
    const significant = pValue === undefined || pValue <= compiled.alphaPerTest;

    // The reading whose condition decides, and the words for its span.
    let shown: Measured = ev;
    let span = trigger.overMs !== undefined ? ` over ${formatDuration(trigger.overMs)}` : '';
    if (trigger.forMs !== undefined && trigger.overMs === undefined) {
      // The trailing minute (or D), doubled back toward the step start while it holds too little
      // data for the trigger's minimum (quiet hours): the shortest recent span that can be judged.
      const spans = forWindows(trigger.forMs, start, now);
      const froms = spans.map((ms) => Math.max(start, now - ms));
      let tried = 0;
      let windowMs = spans[0]!;
      let recent = reads.evaluate(trigger, froms[0]!, spec);
      while (recent.status === 'insufficient-data' && !recent.telemetryError && tried + 1 < spans.length) {
        windowMs = spans[++tried]!;
        recent = reads.further(trigger, froms[tried]!, spec, froms.slice(tried + 1));
      }
      if (recent.status === 'insufficient-data') {
        resetStreak(state);
        return waiting(recent);
      }
      shown = recent;
      span = ` over the last ${formatDuration(roundSeconds(Math.min(windowMs, now - start)))}`;
    } else if (!ev.exceeded && significant && mixture?.leadingAt !== undefined) {
      // The evidence sits in the data since a checkpoint: the condition is read there too. A spent
      // test's span too short for the reading's minimum is widened to the checkpoints before it.
      const starts = [mixture.leadingAt];
      if (ev.spent)
        starts.push(
          ...(state.checkpoints ?? [])
            .map((c) => c.at)
            .filter((at) => at < starts[0]!)
            .reverse(),
        );
      let tried = 0;
      let recent = reads.further(trigger, starts[0]!, spec, starts.slice(1));
      while (recent.status === 'insufficient-data' && !recent.telemetryError && ++tried < starts.length)
        recent = reads.further(trigger, starts[tried]!, spec, starts.slice(tried + 1));
      const from = starts[Math.min(tried, starts.length - 1)]!;
      if (recent.status === 'measured' && recent.exceeded) {
        shown = recent;
        span = ` over the last ${formatDuration(roundSeconds(now - from))}`;
      }
    }

    const breachNow = shown.exceeded && significant;
    // A running always-valid test controls its false alarms at every look, so repeating the
    // look adds delay, not protection; effect sizes and single-look tests keep the rule.
    const sequential =
      trigger.significance &&
      trigger.overMs === undefined &&
      input.since !== undefined &&
      pValue !== undefined &&
      !isSingleLook(ev);
    const required = sequential ? compiled.sequentialBreaches : compiled.consecutiveBreaches;
    if (breachNow) {
      state.consecutive++;
      state.breachingSince ??= now;
    } else resetStreak(state);
    const held = breachNow ? now - state.breachingSince! : 0;
    const heldLongEnough = trigger.forMs === undefined || held >= trigger.forMs;
    const countMet = state.consecutive >= required;
    const status = !breachNow ? 'ok' : countMet && heldLongEnough ? 'breach' : 'pending-breach';

    let holding = '';
    if (trigger.forMs !== undefined && breachNow)
      holding = heldLongEnough
        ? `, held for ${formatDuration(trigger.forMs)}`
        : `, held for ${formatDuration(roundSeconds(held))} of ${formatDuration(trigger.forMs)}`;
    let message = `${shown.head}${span}${holding} ${shown.limit}`;
    if (shown.exceeded && !significant) message += `; not significant yet (p = ${formatP(pValue!)})`;
    if (breachNow && !countMet) message += `; breach ${state.consecutive} of ${required} in a row`;

    return {
      ...base,
      status,
      observed: shown.observed,
      baseline: shown.baseline,
      message,
      consecutiveBreaches: state.consecutive,
      pValue,
    };
  }

  function decide(readings: TriggerReading[], at: number): Decision {
    const errors = readings.filter((r) => r.telemetryError).map((r) => `${r.trigger}: ${r.telemetryError}`);
    const telemetryErrors = errors.length > 0 ? errors : undefined;
    const hard = readings.find((r) => r.status === 'breach' && r.severity === 'hard');
    if (hard)
      return {
        verdict: 'ROLLBACK_IMMEDIATELY',
        reason: hard.message,
        trigger: hard.trigger,
        readings,
        insufficientData: false,
        telemetryErrors,
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
        telemetryErrors,
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
        telemetryErrors,
        at,
      };
    const parts = [
      `${readings.length - waiting.length - pending.length} of ${readings.length} triggers within limits`,
    ];
    if (pending.length) parts.push(`${pending.length} pending (${pending[0]!.message})`);
    if (waiting.length) parts.push(`${waiting.length} waiting for data`);
    if (errors.length) parts.push(`telemetry error on ${errors[0]}`);
    return {
      verdict: 'MONITOR',
      reason: parts.join('; '),
      readings,
      insufficientData: false,
      telemetryErrors,
      at,
    };
  }

  return {
    config: compiled,
    needs,
    evaluate,
    snapshot: (options = {}) => ({
      version: 1,
      since,
      triggers: states.map((state) => (options.full ? structuredClone(state) : persisted(state))),
    }),
  };
}

/**
 * A trigger's state as the controller writes it with the rollout's status on every pass. A data
 * trigger's checkpoints hold both arms' counts per item (a catalogue of thousands makes that
 * hundreds of kB per trigger); they are left out, and a judge restored from it starts its
 * checkpoints afresh: the dropped ones' share of the level is lost, which stays conservative
 * (docs/stats.md). The judge that took the looks keeps them in memory.
 */
function persisted(state: TriggerState): TriggerState {
  if (state.labels === undefined) return plainClone(state);
  const { checkpoints: _checkpoints, labels: _labels, ...rest } = state;
  return { ...plainClone(rest), checkpoints: [] };
}

function resetStreak(state: TriggerState): void {
  state.consecutive = 0;
  state.breachingSince = null;
}

/** A single-look test (chi-square) not spent across looks: its p-value comes with the evaluation alone. */
function isSingleLook(ev: Measured): boolean {
  return (
    ev.pValue !== undefined && ev.logE === undefined && ev.blocks === undefined && ev.spent === undefined
  );
}

const roundSeconds = (ms: number): number => Math.max(1000, Math.round(ms / 1000) * 1000);
