/**
 * One wall-clock recovery run with ripcord's controller: a fresh model on the running control
 * plane, load at `rate`, the rollout reaches its stage (a canary step, or promoted and guarding), a
 * healthy warm-up, then the fault at the candidate's model server; the run ends once traffic is
 * back on the target.
 */
import type { RolloutSpecInput } from '../../src/controller/index.js';
import type { Incident } from '../../src/incidents/index.js';
import { serverSideFailures } from '../../src/telemetry/types.js';
import { ACTOR } from './bench-plane.js';
import type { BenchPlane } from './bench-plane.js';
import { setFaults } from './children.js';
import type { LoadGenerator, ModelServers } from './children.js';
import { TRIGGERS } from './scenarios.js';
import type { Scenario } from './scenarios.js';

export interface RunTiming {
  /** Epoch ms. */
  onsetAt: number;
  firstBreachAt: number;
  decidedAt: number;
  trafficRestoredAt: number;
  executedAt: number;
  /** When the last request the bad release answered was sent. */
  lastBadAt: number;
}

export interface RipcordRun {
  scenario: string;
  timing?: RunTiming | undefined;
  trigger?: string | undefined;
  /** Why the run produced no timing (e.g. rolled back before the fault). */
  problem?: string | undefined;
  /** Set when the run gave up waiting: it took longer than this (counted so in the quantiles). */
  censoredAfterSec?: number | undefined;
  requests: number;
  failed: number;
  /** What the judge saw, from the plane's telemetry: rates before and after the onset. */
  seen?: string | undefined;
}

export interface RunOptions {
  rate: number;
  /** Healthy seconds on the stage before the fault. */
  warmupSec: number;
  /** Seconds of v1-only traffic before a promotion (the guard's baseline); a canary waits at most 3. */
  baselineSec: number;
  timeoutSec: number;
}

export async function measureRipcordRun(
  scenario: Scenario,
  plane: BenchPlane,
  run: number,
  servers: ModelServers,
  candidate: string,
  load: LoadGenerator,
  options: RunOptions,
): Promise<RipcordRun> {
  await setFaults(candidate, []);
  // A model of its own per run (same servers): a fresh rollout, judge and telemetry on a warm process.
  const model = `recsys-${scenario.id}-${run}`;
  let stopped = false;
  try {
    // The previous run's rollback disabled the candidate's encoder flag.
    await plane.registry.setFlag('item-encoder@5', true, ACTOR);
    const releases = await plane.seedModel(model, { v1: servers.v1, v2: candidate });
    load.start(plane.gatewayUrl, options.rate, [model]);
    // The guard compares with v1's traffic before the promotion: give it some; a canary has v1 alongside.
    await sleep((scenario.stage === 'guard' ? options.baselineSec : Math.min(3, options.baselineSec)) * 1000);
    const spec: RolloutSpecInput = {
      name: `${model}-canary`,
      model,
      release: releases.v2,
      canary: {
        steps:
          scenario.stage === 'canary'
            ? [{ setWeight: scenario.weight }, { pause: { duration: '1h' } }]
            : [{ setWeight: 100 }],
      },
      analysis: { triggers: TRIGGERS },
    };
    await plane.controller.startRollout(spec, ACTOR);
    const phase = async () => (await plane.controller.deps.rollouts.require(spec.name)).body.status;
    const expected = scenario.stage === 'canary' ? ['Progressing', 'Paused'] : ['Guarding'];
    if (!expected.includes((await phase()).phase)) {
      return {
        scenario: scenario.id,
        problem: `rollout in ${(await phase()).phase} after start`,
        requests: 0,
        failed: 0,
      };
    }
    await sleep(options.warmupSec * 1000);
    const before = await phase();
    if (before.rollback) {
      const summary = await load.stop();
      stopped = true;
      return {
        scenario: scenario.id,
        problem: `false rollback before the fault: ${before.rollback.reason}`,
        requests: summary.models[model]?.sent ?? 0,
        failed: summary.models[model]?.failed ?? 0,
      };
    }
    const onsetAt = await setFaults(candidate, [scenario.fault]);
    const deadline = onsetAt + options.timeoutSec * 1000;
    let status = await phase();
    while (status.phase !== 'RolledBack' && Date.now() < deadline) {
      await sleep(100);
      status = await phase();
    }
    // Requests already routed to the bad release finish before the count closes.
    await sleep(1500);
    const summary = await load.stop();
    stopped = true;
    await setFaults(candidate, []);
    const load_ = summary.models[model];
    const requests = load_?.sent ?? 0;
    const failed = load_?.failed ?? 0;
    const event = status.rollback;
    if (status.phase !== 'RolledBack' || !event) {
      return {
        scenario: scenario.id,
        problem: `not rolled back within ${options.timeoutSec} s (${status.phase})`,
        censoredAfterSec: options.timeoutSec,
        requests,
        failed,
      };
    }
    const incident = (await plane.controller.deps.incidents.require(event.eventId)).body as Incident;
    const { times } = incident;
    const judgedFrom =
      scenario.stage === 'guard' ? (status.promotedAt ?? status.stepStartedAt) : status.stepStartedAt;
    const seen = describeSeen(plane, model, releases, judgedFrom, onsetAt, times.firstBreachAt);
    // Another trigger pulling the release is a false alarm as far as this fault is concerned.
    const other =
      event.trigger !== scenario.trigger
        ? `rolled back by "${event.trigger}" (${((times.firstBreachAt - onsetAt) / 1000).toFixed(1)} s from the fault to its first breach), not by "${scenario.trigger}"`
        : undefined;
    return {
      scenario: scenario.id,
      trigger: event.trigger,
      problem: other,
      requests,
      failed,
      seen,
      timing: other
        ? undefined
        : {
            onsetAt,
            firstBreachAt: times.firstBreachAt,
            decidedAt: times.decidedAt ?? Number.NaN,
            trafficRestoredAt: times.trafficRestoredAt ?? Number.NaN,
            executedAt: times.executedAt ?? Number.NaN,
            lastBadAt: load_?.releases[releases.v2]?.lastSentAt ?? Number.NaN,
          },
    };
  } finally {
    if (!stopped) await load.stop();
  }
}

/**
 * Requests and errors per release before and after the onset, as the judge read them: tells a
 * slower detection caused by the data (fewer candidate requests, a weaker fault) from one caused
 * by the judge or the plane.
 */
function describeSeen(
  plane: BenchPlane,
  model: string,
  releases: { v1: string; v2: string },
  from: number,
  onsetAt: number,
  breachAt: number,
): string {
  const part = (release: string, a: number, b: number): string => {
    const w = plane.telemetry.window({ model, release, from: a, to: b });
    const errors = serverSideFailures(w.outcomes);
    const sec = Math.max(1e-3, (b - a) / 1000);
    return `${(w.requests / sec).toFixed(1)} req/s, ${errors} errors`;
  };
  const before = `${((onsetAt - from) / 1000).toFixed(1)} s before: v2 ${part(releases.v2, from, onsetAt)}; v1 ${part(releases.v1, from, onsetAt)}`;
  const after = `${((breachAt - onsetAt) / 1000).toFixed(1)} s after: v2 ${part(releases.v2, onsetAt, breachAt)}; v1 ${part(releases.v1, onsetAt, breachAt)}`;
  return `${before} | ${after}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
