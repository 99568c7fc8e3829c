/**
 * The incident report as data: what `incident report -o json` prints and what the Markdown and
 * HTML renderings are made from. Built from the stored incident alone (its frozen evidence), so
 * the same report can be rebuilt from an export archive.
 */
import type { ReleaseEvidence, WindowPair } from '../evidence.js';
import { incidentImpact } from '../impact.js';
import type { Impact } from '../impact.js';
import type { Incident } from '../incident.js';
import { mttrBreakdown } from '../mttr-breakdown.js';
import type { MttrBreakdown } from '../mttr-breakdown.js';
import { formatRecovery, MILESTONE_CLOCKS, recoveryFigures } from '../recovery-time.js';
import type { Milestone, RecoveryFigures } from '../recovery-time.js';
import { stageSentence } from '../incident-stages.js';
import { gradeSeverity } from '../severity.js';
import type { SeverityGrade } from '../severity.js';
import { triggerCharts } from './trigger-charts.js';
import type { TriggerChart } from './trigger-charts.js';

export const FILL_IN = '[fill in]';

export interface TimelineEntry {
  at: number;
  event: string;
  /** Which clock the time comes from (see recovery-time.ts). */
  clock: string;
}

export interface IncidentReport {
  id: string;
  title: string;
  model: string;
  status: Incident['status'];
  severity: SeverityGrade;
  summary: string;
  recovery: RecoveryFigures & { line: string; clocks: Record<Milestone, string> };
  phases: MttrBreakdown;
  timeline: TimelineEntry[];
  impact: Impact;
  releases: { pulled?: ReleaseEvidence | undefined; target?: ReleaseEvidence | undefined };
  decision?: Incident['evidence']['decision'];
  verification?: Incident['evidence']['verification'];
  windows: { before?: WindowPair | undefined; after?: WindowPair | undefined };
  samples: number;
  charts: TriggerChart[];
  escalation?: string | undefined;
  relapses: NonNullable<Incident['relapses']>;
  /** Which rollback stages ran and why (the model first, the infrastructure only with analysis). */
  stages: string[];
  watch?: Incident['watch'];
  captureErrors: string[];
  /** Sections a person completes before the report is shared. */
  rootCause: string;
  contributingFactors: string[];
  whatWentWell: string[];
  whatDidNotGoWell: string[];
  correctiveActions: { description: string; owner: string; due: string }[];
}

const CONTROLLER = "controller's clock";

function timeline(incident: Incident): TimelineEntry[] {
  const t = incident.times;
  const entries: TimelineEntry[] = [];
  if (t.onsetAt !== undefined)
    entries.push({
      at: t.onsetAt,
      event: `fault onset (reported by ${incident.onsetReportedBy ?? 'unknown'})`,
      clock: `${incident.onsetReportedBy ?? 'reporter'}'s clock`,
    });
  entries.push({ at: t.firstBreachAt, event: `first breach: ${incident.trigger}`, clock: CONTROLLER });
  if (t.decidedAt !== undefined)
    entries.push({
      at: t.decidedAt,
      event: `rollback decided by ${incident.actor}: ${incident.reason}`,
      clock: CONTROLLER,
    });
  for (const action of incident.actions) {
    const result = action.status === 'completed' ? (action.outcome?.result ?? 'unknown') : 'interrupted';
    entries.push({
      at: action.endedAt ?? action.startedAt,
      event: `action ${action.step + 1} ${action.name}: ${result}${action.outcome?.error ? ` (${action.outcome.error})` : ''}`,
      clock: CONTROLLER,
    });
  }
  if (incident.retrain)
    entries.push({
      at: incident.retrain.at,
      event: `emergency retrain triggered (no safe rollback target): ${incident.retrain.label}${incident.retrain.url ? ` ${incident.retrain.url}` : ''}, dataset ${incident.retrain.datasetVersion}, config ${incident.retrain.configCommit}`,
      clock: CONTROLLER,
    });
  if (t.trafficRestoredAt !== undefined)
    entries.push({
      at: t.trafficRestoredAt,
      event: `traffic restored: every data plane serves ${incident.target}`,
      clock: CONTROLLER,
    });
  for (const stage of incident.stages ?? [])
    if (stage.startedAt !== undefined)
      entries.push({
        at: stage.startedAt,
        event: `rollback stage ${stage.stage} started: ${stage.reason}`,
        clock: CONTROLLER,
      });
  if (t.verifiedAt !== undefined)
    entries.push({
      at: t.verifiedAt,
      event: `recovery verified: ${incident.verification?.message ?? ''}`,
      clock: CONTROLLER,
    });
  for (const relapse of incident.relapses ?? [])
    entries.push({
      at: relapse.at,
      event: `relapse on ${incident.target}: ${relapse.reason}`,
      clock: CONTROLLER,
    });
  if (t.escalatedAt !== undefined && !(incident.relapses ?? []).some((r) => r.at === t.escalatedAt))
    entries.push({ at: t.escalatedAt, event: `escalated: ${incident.escalation ?? ''}`, clock: CONTROLLER });
  if (incident.watch?.endedAt !== undefined && !(incident.relapses?.length ?? 0))
    entries.push({
      at: incident.watch.endedAt,
      event: 'post-rollback watch ended without a relapse',
      clock: CONTROLLER,
    });
  return entries.sort((a, b) => a.at - b.at);
}

export function buildIncidentReport(incident: Incident, now?: number): IncidentReport {
  const figures = recoveryFigures(incident, now);
  const line = formatRecovery(incident, now);
  const evidence = incident.evidence;
  return {
    id: incident.id,
    title: `${incident.drill ? '[DRILL] ' : ''}Incident report: model rollback of ${incident.model}`,
    model: incident.model,
    status: incident.status,
    severity: gradeSeverity(incident),
    summary:
      (incident.drill
        ? `A drill (${incident.drill.id}, fault ${incident.drill.fault}), not a production incident. `
        : '') +
      `${incident.model}: ${incident.release} (${incident.role}) was rolled back to ${incident.target}` +
      `${incident.rollout ? ` by rollout ${incident.rollout}` : ''} because ${incident.reason}. ` +
      `${line[0]?.toUpperCase()}${line.slice(1)}.`,
    recovery: { ...figures, line, clocks: MILESTONE_CLOCKS },
    phases: mttrBreakdown(incident, now),
    timeline: timeline(incident),
    impact: incidentImpact(incident),
    releases: evidence.releases ?? {},
    decision: evidence.decision,
    verification: evidence.verification,
    windows: evidence.windows ?? {},
    samples: evidence.samples.length,
    charts: triggerCharts(incident),
    escalation: incident.escalation,
    relapses: incident.relapses ?? [],
    stages: (incident.stages ?? []).map(stageSentence),
    watch: incident.watch,
    captureErrors: evidence.captureErrors ?? [],
    rootCause: FILL_IN,
    contributingFactors: [FILL_IN],
    whatWentWell: [FILL_IN],
    whatDidNotGoWell: [FILL_IN],
    correctiveActions: [
      {
        description: `add a test or alert that catches "${incident.trigger}" earlier`,
        owner: FILL_IN,
        due: FILL_IN,
      },
      { description: `plan a safer re-release of ${incident.release}`, owner: FILL_IN, due: FILL_IN },
    ],
  };
}
