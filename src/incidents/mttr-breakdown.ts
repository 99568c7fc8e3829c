/**
 * MTTR broken into phases, from the incident's milestones:
 *   detection     fault onset → first breach (only when the onset is known)
 *   triage        first breach → decision
 *   execution     decision → every action done
 *   verification  execution done → recovery confirmed
 * Total runs from the onset (or the first breach) to verification; time to mitigate ends when
 * the traffic action completed, the moment users stopped seeing the bad release.
 */
import type { Incident } from './incident.js';

export const MTTR_PHASES = ['detection', 'triage', 'execution', 'verification'] as const;
export type MttrPhase = (typeof MTTR_PHASES)[number];

export interface PhaseSpan {
  phase: MttrPhase;
  /** Epoch ms; undefined when the phase's start is unknown or not reached. */
  from?: number | undefined;
  to?: number | undefined;
  /** Duration; with `now`, a phase in progress counts up to now. */
  ms?: number | undefined;
  /** True when the phase started and has not ended (its ms is up to `now`). */
  running: boolean;
}

export interface MttrBreakdown {
  phases: PhaseSpan[];
  /** Where total and timeToMitigate start: the fault onset when known, else the first breach. */
  start: 'onset' | 'first-breach';
  /** Until verification (or up to `now` while open); undefined when neither applies. */
  totalMs?: number | undefined;
  timeToMitigateMs?: number | undefined;
  /** True once verified. */
  complete: boolean;
}

export function mttrBreakdown(incident: Incident, now?: number): MttrBreakdown {
  const t = incident.times;
  const bounds: [MttrPhase, number | undefined, number | undefined][] = [
    ['detection', t.onsetAt, t.onsetAt === undefined ? undefined : t.firstBreachAt],
    ['triage', t.firstBreachAt, t.decidedAt],
    ['execution', t.decidedAt, t.executedAt],
    ['verification', t.executedAt, t.verifiedAt],
  ];
  const stopped = incident.status === 'escalated' ? t.escalatedAt : undefined;
  const phases = bounds.map(([phase, from, to]): PhaseSpan => {
    if (from === undefined) return { phase, running: false };
    if (to !== undefined) return { phase, from, to, ms: to - from, running: false };
    const until = stopped ?? now;
    return {
      phase,
      from,
      ms: until === undefined ? undefined : until - from,
      running: stopped === undefined,
    };
  });
  const origin = t.onsetAt ?? t.firstBreachAt;
  const end = t.verifiedAt ?? stopped ?? now;
  return {
    phases,
    start: t.onsetAt === undefined ? 'first-breach' : 'onset',
    totalMs: end === undefined ? undefined : end - origin,
    timeToMitigateMs: t.trafficRestoredAt === undefined ? undefined : t.trafficRestoredAt - origin,
    complete: t.verifiedAt !== undefined,
  };
}
