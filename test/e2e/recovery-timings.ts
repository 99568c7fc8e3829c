/**
 * Times of one automated rollback measured from the fault's onset (when the test injected it):
 * detection (first breach), decision, traffic restored, execution complete, verification, and the
 * last answer users got from the pulled release. Printed so each run leaves its numbers.
 */
import type { IncidentView } from './harness.js';

export interface RecoveryTimings {
  detectMs: number;
  decideMs: number | undefined;
  trafficRestoredMs: number | undefined;
  executedMs: number | undefined;
  verifiedMs: number | undefined;
  lastBadSentMs: number | undefined;
}

export function recoveryTimings(
  label: string,
  onsetAt: number,
  incident: IncidentView,
  lastBadSentAt?: number,
): RecoveryTimings {
  const t = incident.times;
  const since = (at: number | undefined) => (at === undefined ? undefined : at - onsetAt);
  const timings: RecoveryTimings = {
    detectMs: t.firstBreachAt - onsetAt,
    decideMs: since(t.decidedAt),
    trafficRestoredMs: since(t.trafficRestoredAt),
    executedMs: since(t.executedAt),
    verifiedMs: since(t.verifiedAt),
    lastBadSentMs: since(lastBadSentAt),
  };
  const phases = incident.mttr.phases.map((p) => `${p.phase} ${p.ms ?? '-'} ms`).join(', ');
  process.stdout.write(
    `[e2e ${label}] from fault onset: first breach ${timings.detectMs} ms, decision ${timings.decideMs} ms, ` +
      `traffic restored ${timings.trafficRestoredMs} ms, executed ${timings.executedMs} ms, verified ` +
      `${timings.verifiedMs} ms, last request answered by ${incident.release} sent at ${timings.lastBadSentMs ?? '-'} ms; MTTR phases: ${phases}\n`,
  );
  return timings;
}
