/**
 * The one definition of an incident's recovery time. Every surface (the demo's closing screen,
 * `incident list`, `incident describe`, the report) prints these figures and no others, so one
 * incident reads the same everywhere.
 *
 * Milestones, and the clock each is read from:
 *   onset            the fault began. Known only when something outside the controller reports it
 *                    (the demo's fault injector, a drill, an operator's annotation): their clock.
 *   detection        the first look whose reading breached the deciding trigger: the controller's
 *                    clock at that look (manual rollbacks: the moment they were asked for).
 *   decision         the rollback was decided and written: the controller's clock.
 *   traffic restored the plan's traffic step returned, i.e. every data plane confirmed it serves
 *                    the target (TrafficRouter.applied): the controller's clock.
 *   verified         the judges confirmed recovery on the target: the controller's clock.
 *
 * Figures, all measured from the *start*: the onset when known, else detection.
 *   time to restore  start → traffic restored (users stopped reaching the bad release)
 *   time to recover  start → verified (the MTTR, the sum of the four phases)
 */
import type { Incident } from './incident.js';

export const MILESTONES = ['onset', 'detection', 'decision', 'trafficRestored', 'verified'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_CLOCKS: Record<Milestone, string> = {
  onset: "the reporter's clock (fault injector, drill, operator); unknown in most real incidents",
  detection: "the controller's clock at the first look whose reading breached the deciding trigger",
  decision: "the controller's clock when the rollback decision was written",
  trafficRestored: "the controller's clock when every data plane confirmed it serves the target",
  verified: "the controller's clock when the judges confirmed recovery on the target",
};

export const MILESTONE_WORDS: Record<Milestone, string> = {
  onset: 'fault onset',
  detection: 'first breach',
  decision: 'rollback decided',
  trafficRestored: 'traffic restored',
  verified: 'recovery verified',
};

export interface RecoveryFigures {
  /** Epoch ms of each milestone reached. */
  at: Partial<Record<Milestone, number>>;
  /** Where both figures start. */
  start: 'onset' | 'detection';
  startAt: number;
  /** start → traffic restored. */
  timeToRestoreMs?: number | undefined;
  /** start → verified; with `now`, an open incident counts up to now (escalation stops it). */
  timeToRecoverMs?: number | undefined;
  /** True once verified. */
  recovered: boolean;
}

export function recoveryFigures(incident: Incident, now?: number): RecoveryFigures {
  const t = incident.times;
  const at: Partial<Record<Milestone, number>> = {};
  if (t.onsetAt !== undefined) at.onset = t.onsetAt;
  at.detection = t.firstBreachAt;
  if (t.decidedAt !== undefined) at.decision = t.decidedAt;
  if (t.trafficRestoredAt !== undefined) at.trafficRestored = t.trafficRestoredAt;
  if (t.verifiedAt !== undefined) at.verified = t.verifiedAt;
  const startAt = t.onsetAt ?? t.firstBreachAt;
  const stopped = incident.status === 'escalated' ? t.escalatedAt : undefined;
  const end = t.verifiedAt ?? stopped ?? now;
  return {
    at,
    start: t.onsetAt === undefined ? 'detection' : 'onset',
    startAt,
    timeToRestoreMs: t.trafficRestoredAt === undefined ? undefined : t.trafficRestoredAt - startAt,
    timeToRecoverMs: end === undefined ? undefined : end - startAt,
    recovered: t.verifiedAt !== undefined,
  };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

/** The recovery figures in one line, word for word the same wherever an incident is shown. */
export function formatRecovery(incident: Incident, now?: number): string {
  const f = recoveryFigures(incident, now);
  const from = f.start === 'onset' ? 'from fault onset' : 'from first breach (onset unknown)';
  const recover = f.recovered
    ? `recovered in ${seconds(f.timeToRecoverMs)}`
    : incident.status === 'escalated'
      ? `not recovered (escalated after ${seconds(f.timeToRecoverMs)})`
      : `open for ${seconds(f.timeToRecoverMs)}`;
  return `${recover}, traffic restored in ${seconds(f.timeToRestoreMs)}, ${from}`;
}

/** The two figures for table columns (`incident list`): same rounding as formatRecovery. */
export function recoveryColumns(incident: Incident, now?: number): { recover: string; restore: string } {
  const f = recoveryFigures(incident, now);
  return {
    recover: f.recovered
      ? seconds(f.timeToRecoverMs)
      : incident.status === 'escalated'
        ? 'escalated'
        : 'open',
    restore: seconds(f.timeToRestoreMs),
  };
}
