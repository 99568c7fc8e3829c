/**
 * The same faults judged Argo/Flagger style, on the same stack (control plane, in-process gateway,
 * real model servers, 500 req/s per model). All scenarios run at once, one model each, so the
 * minutes-long wait is paid once. Where a fault starts within the measurement interval matters
 * (up to one interval), so each model carries `phases` deciders whose schedules are spread over
 * the interval; they judge the same telemetry and only record when they would have rolled back.
 * Execution is then measured once per model: the routing change back to the baseline (Argo's abort).
 */
import { ACTOR } from './bench-plane.js';
import type { BenchPlane } from './bench-plane.js';
import { setFaults } from './children.js';
import type { LoadGenerator, ModelServers } from './children.js';
import { fixedThresholdDecider } from './fixed-threshold-decider.js';
import type { FixedThresholdDecider } from './fixed-threshold-decider.js';
import { sleep } from './measure-ripcord.js';
import type { Scenario } from './scenarios.js';

export interface FixedThresholdVerdict {
  /** Seconds from the fault to this decider's first measurement after it. */
  phaseSec: number;
  /** Onset → first failed measurement, and → the analysis failing (ms); undefined if it never did. */
  detectMs?: number | undefined;
  decideMs?: number | undefined;
  metrics?: string[] | undefined;
}

export interface FixedThresholdResult {
  scenario: string;
  intervalSec: number;
  failureLimit: number;
  verdicts: FixedThresholdVerdict[];
  /** The routing change back to the baseline, until the gateway served from the new table (ms). */
  executionMs: number;
}

export interface FixedThresholdOptions {
  rate: number;
  intervalSec: number;
  failureLimit: number;
  /** Deciders per model, their first looks spread evenly over one interval after the onset. */
  phases: number;
  /** Give up this many intervals after the onset. */
  maxIntervals: number;
}

interface Track {
  scenario: Scenario;
  model: string;
  releases: { v1: string; v2: string };
  server: string;
  onsetAt: number;
  deciders: { decider: FixedThresholdDecider; next: number; verdict: FixedThresholdVerdict }[];
}

export async function measureFixedThreshold(
  scenarios: readonly Scenario[],
  plane: BenchPlane,
  servers: ModelServers,
  load: LoadGenerator,
  options: FixedThresholdOptions,
): Promise<FixedThresholdResult[]> {
  const interval = options.intervalSec * 1000;
  const tracks: Track[] = [];
  let loading = false;
  try {
    // A rollback earlier in the bench disabled the candidates' encoder flag; v2 must serve.
    await plane.registry.setFlag('item-encoder@5', true, ACTOR);
    for (const [i, scenario] of scenarios.entries()) {
      const server = servers.candidates[i];
      if (!server) throw new Error(`need a candidate model server per scenario (${scenarios.length})`);
      await setFaults(server, []);
      const model = `recsys-${scenario.id}-peer`;
      const releases = await plane.seedModel(model, { v1: servers.v1, v2: server });
      tracks.push({ scenario, model, releases, server, onsetAt: 0, deciders: [] });
    }
    const canaryAt = Date.now();
    for (const t of tracks.filter((t) => t.scenario.stage === 'canary')) {
      await plane.registry.setTrafficPolicy(
        {
          model: t.model,
          stable: t.releases.v1,
          weights: [{ release: t.releases.v2, weight: t.scenario.weight }],
          sticky: { source: 'header', key: 'x-user-id' },
        },
        ACTOR,
      );
    }
    load.start(
      plane.gatewayUrl,
      options.rate,
      tracks.map((t) => t.model),
    );
    loading = true;
    // The guarded model serves v1 for half an interval (its baseline), then v2 takes all traffic.
    await sleep(interval / 2);
    const promotedAt = Date.now();
    for (const t of tracks.filter((t) => t.scenario.stage === 'guard')) {
      await plane.registry.setTrafficPolicy(
        { model: t.model, stable: t.releases.v2, sticky: { source: 'header', key: 'x-user-id' } },
        ACTOR,
      );
    }
    // A full healthy interval on the canary before the fault, so the first look after it sees both.
    await sleep(Math.max(0, canaryAt + interval - Date.now()));
    for (const t of tracks) {
      t.onsetAt = await setFaults(t.server, [t.scenario.fault]);
      const guard = t.scenario.stage === 'guard';
      for (let p = 0; p < options.phases; p += 1) {
        const phaseMs = ((p + 0.5) * interval) / options.phases;
        t.deciders.push({
          decider: fixedThresholdDecider({
            reader: plane.telemetry,
            model: t.model,
            candidate: t.releases.v2,
            baseline: t.releases.v1,
            intervalMs: interval,
            failureLimit: options.failureLimit,
            since: guard ? promotedAt : canaryAt,
            baselineSpan: guard ? { from: canaryAt, to: promotedAt } : undefined,
            metrics: [t.scenario.fixedMetric],
          }),
          next: t.onsetAt + phaseMs,
          verdict: { phaseSec: phaseMs / 1000 },
        });
      }
    }
    const giveUpAt = Math.max(...tracks.map((t) => t.onsetAt)) + options.maxIntervals * interval;
    const pending = () => tracks.flatMap((t) => t.deciders).filter((d) => d.verdict.decideMs === undefined);
    while (pending().length > 0 && Date.now() < giveUpAt) {
      await sleep(100);
      const now = Date.now();
      for (const t of tracks) {
        for (const d of t.deciders) {
          if (d.verdict.decideMs !== undefined || now < d.next) continue;
          const at = d.next;
          d.next += interval;
          const failed = d.decider.measure(at);
          if (d.decider.firstFailedAt !== undefined) d.verdict.detectMs = d.decider.firstFailedAt - t.onsetAt;
          if (failed) {
            d.verdict.decideMs = at - t.onsetAt;
            d.verdict.metrics = failed;
          }
        }
      }
    }
    const results: FixedThresholdResult[] = [];
    for (const t of tracks) {
      const started = performance.now();
      await plane.registry.setTrafficPolicy(
        { model: t.model, stable: t.releases.v1, sticky: { source: 'header', key: 'x-user-id' } },
        ACTOR,
      );
      results.push({
        scenario: t.scenario.id,
        intervalSec: options.intervalSec,
        failureLimit: options.failureLimit,
        verdicts: t.deciders.map((d) => d.verdict),
        executionMs: performance.now() - started,
      });
    }
    return results;
  } finally {
    if (loading) await load.stop();
    for (const t of tracks) await setFaults(t.server, []).catch(() => undefined);
  }
}
