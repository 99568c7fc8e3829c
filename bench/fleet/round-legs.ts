/**
 * The legs of one round's recovery, each from the fault onset: the first of the faulted model's
 * errors visible to the control plane's judges (its telemetry, polled), the deciding trigger's
 * first breach and the rollback decision (the incident's times, the controller's clock), and the
 * first and last gateway routing the canary users to the target (the probes). All clocks are this
 * machine's.
 */
import type { FleetApi } from './seed-fleet.js';

export interface RoundLegs {
  /** Fault → the control plane's telemetry shows an error for the model. */
  evidenceSec: number | undefined;
  /** Fault → the deciding trigger's first breaching look. */
  breachSec: number | undefined;
  /** Fault → the rollback decision written. */
  decisionSec: number | undefined;
  /** Fault → the plan's traffic step confirmed by every gateway (the incident's trafficRestoredAt). */
  confirmedSec: number | undefined;
}

export interface EvidenceWatch {
  /** Epoch ms of the first poll that saw an error, or undefined when stopped before. */
  seen: Promise<number | undefined>;
  /** Resolves once the baseline (errors before the fault) is read. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Polls `GET /models/{model}/telemetry?over=15s` every `intervalMs` until it counts more
 * server-side errors than at the first poll (taken before the fault): the window is long, so a
 * remote gateway's buckets are in it however late they arrive. The poll's send time is the figure
 * (so it errs early by at most the poll's own latency).
 */
export function watchEvidence(api: FleetApi, model: string, intervalMs = 50): EvidenceWatch {
  let stopped = false;
  const errors = async (): Promise<number | undefined> => {
    const traffic = (await api.send('GET', `/models/${model}/telemetry?over=15s`).catch(() => undefined)) as
      { errorRate: number | null; requestsPerSecond: number } | undefined;
    return traffic === undefined ? undefined : (traffic.errorRate ?? 0) * traffic.requestsPerSecond * 15;
  };
  const before = errors();
  const seen = (async (): Promise<number | undefined> => {
    const baseline = (await before) ?? 0;
    while (!stopped) {
      const sentAt = Date.now();
      const now = await errors();
      if (now !== undefined && now > baseline + 0.5) return sentAt;
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - sentAt))));
    }
    return undefined;
  })();
  return { seen, ready: before.then(() => undefined), stop: () => void (stopped = true) };
}

interface IncidentTimesView {
  times: { firstBreachAt: number; decidedAt?: number; trafficRestoredAt?: number };
}

/** The newest incident of `model` opened after `onsetAt`, read into legs from the onset. */
export async function incidentLegs(
  api: FleetApi,
  model: string,
  onsetAt: number,
  evidenceAt: number | undefined,
): Promise<RoundLegs> {
  const incidents = (await api.send('GET', `/incidents?model=${encodeURIComponent(model)}`)) as
    IncidentTimesView[] | undefined;
  const mine = (incidents ?? [])
    .filter((i) => i.times.firstBreachAt >= onsetAt)
    .sort((a, b) => b.times.firstBreachAt - a.times.firstBreachAt)[0];
  const since = (at: number | undefined): number | undefined =>
    at === undefined ? undefined : (at - onsetAt) / 1000;
  return {
    evidenceSec: since(evidenceAt),
    breachSec: since(mine?.times.firstBreachAt),
    decisionSec: since(mine?.times.decidedAt),
    confirmedSec: since(mine?.times.trafficRestoredAt),
  };
}
