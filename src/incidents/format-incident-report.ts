/**
 * The incident as text: the demo's final screen and `ripcord incident describe`. Plain text
 * with no colour codes, stable column widths, every time in UTC, so it reads the same in a
 * terminal, a log and a ticket.
 */
import type { ActionRecord } from '../actions/action-journal.js';
import { formatElapsed } from '../core/duration.js';
import type { WindowSummary } from './evidence.js';
import type { Incident } from './incident.js';
import { mttrBreakdown, type MttrPhase } from './mttr-breakdown.js';
import { formatRecovery } from './recovery-time.js';
import { stageLines } from './incident-stages.js';

export interface ReportOptions {
  /** Epoch ms; phases still open count up to it. */
  now?: number | undefined;
  /** Width of the phase bars in characters. @default 24 */
  barWidth?: number | undefined;
}

const PHASE_WORDS: Record<MttrPhase, string> = {
  detection: 'fault onset → first breach',
  triage: 'first breach → decision',
  execution: 'decision → rollback executed',
  verification: 'executed → recovery confirmed',
};

function iso(at: number | undefined): string {
  return at === undefined ? '—' : new Date(at).toISOString().replace('.000Z', 'Z');
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
}

function fixed(value: number | null, digits: number, unit = ''): string {
  return value === null ? '—' : `${value.toFixed(digits)}${unit}`;
}

function windowLine(label: string, w: WindowSummary): string {
  const kpis = Object.entries(w.kpis)
    .map(([name, k]) => `${name} ${fixed(k.mean, 4)} (n ${k.n})`)
    .join(', ');
  return (
    `  ${label.padEnd(9)} ${w.release}: ${w.requests} req, errors ${percent(w.errorRate)}, ` +
    `p95 ${fixed(w.latencyMs.p95, 0, ' ms')}, diversity ${fixed(w.diversity.entropy, 2)}` +
    (kpis ? `, ${kpis}` : '')
  );
}

function actionLine(action: ActionRecord): string {
  const result = action.status === 'completed' ? (action.outcome?.result ?? 'unknown') : 'interrupted';
  const took = action.endedAt === undefined ? '' : formatElapsed(action.endedAt - action.startedAt);
  const notes = [
    action.outcome?.changed === false ? 'already done' : '',
    action.outcome?.detail?.resumed === true ? 'resumed' : '',
    action.outcome?.error ?? '',
  ].filter(Boolean);
  return `  ${String(action.step + 1).padStart(2)}. ${action.name.padEnd(26)} ${result.padEnd(11)} ${took.padStart(8)}${notes.length ? `  ${notes.join('; ')}` : ''}`;
}

export function formatIncidentReport(incident: Incident, options: ReportOptions = {}): string {
  const breakdown = mttrBreakdown(incident, options.now);
  const width = options.barWidth ?? 24;
  const longest = Math.max(1, ...breakdown.phases.map((p) => p.ms ?? 0));
  const lines: string[] = [
    `Incident ${incident.id}  ${incident.status.toUpperCase()}${incident.drill ? `  [DRILL ${incident.drill.id}, ${incident.drill.fault}]` : ''}`,
    `  ${incident.model}: ${incident.release} rolled back to ${incident.target}${incident.rollout ? ` (rollout ${incident.rollout})` : ''}`,
    `  trigger   ${incident.trigger} [${incident.severity}]`,
    `  reason    ${incident.reason}`,
    `  role      ${incident.role}, by ${incident.actor}, first breach ${iso(incident.times.firstBreachAt)}`,
  ];
  if (incident.times.onsetAt !== undefined)
    lines.push(
      `  onset     ${iso(incident.times.onsetAt)}${incident.onsetReportedBy ? ` (reported by ${incident.onsetReportedBy})` : ''}`,
    );
  if (incident.escalation) lines.push(`  ESCALATED ${incident.escalation}`);
  if (incident.verification) lines.push(`  verified  ${incident.verification.message}`);
  lines.push(...stageLines(incident.stages));
  for (const relapse of incident.relapses ?? [])
    lines.push(`  RELAPSE   ${iso(relapse.at)}: ${relapse.reason}`);
  if (incident.watch)
    lines.push(
      `  watch     ${incident.watch.endedAt === undefined ? `until ${iso(incident.watch.until)}` : `ended ${iso(incident.watch.endedAt)}`}`,
    );

  lines.push('', `Recovery: ${formatRecovery(incident, options.now)}`);
  for (const phase of breakdown.phases) {
    const filled =
      phase.ms === undefined ? 0 : Math.max(phase.ms > 0 ? 1 : 0, Math.round((phase.ms / longest) * width));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const state = phase.running ? '  (in progress)' : '';
    lines.push(
      `  ${phase.phase.padEnd(13)} ${formatElapsed(phase.ms).padStart(8)}  ${bar}  ${PHASE_WORDS[phase.phase]}${state}`,
    );
  }

  if (incident.actions.length > 0) {
    lines.push('', 'Actions');
    for (const action of incident.actions) lines.push(actionLine(action));
  }
  if (incident.retrain)
    lines.push(
      '',
      `Retrain   ${incident.retrain.label}${incident.retrain.url ? ` ${incident.retrain.url}` : ''} ` +
        `(dataset ${incident.retrain.datasetVersion}, config ${incident.retrain.configCommit}); the fallback serves meanwhile`,
    );

  const { decision, candidate, baseline, samples, releases } = incident.evidence;
  if (decision || candidate || baseline || releases || samples.length > 0) {
    lines.push('', 'Evidence');
    if (decision) {
      lines.push(`  decision  ${decision.verdict} at ${iso(decision.at)}: ${decision.reason}`);
      for (const r of decision.readings) lines.push(`    ${r.status.padEnd(17)} ${r.message}`);
    }
    if (candidate) lines.push(windowLine('candidate', candidate));
    if (baseline) lines.push(windowLine('baseline', baseline));
    const after = incident.evidence.windows?.after;
    if (after) {
      lines.push(windowLine('after', after.candidate), windowLine('after', after.baseline));
    }
    for (const [role, release] of Object.entries(incident.evidence.releases ?? {}))
      if (release)
        lines.push(
          `  ${role.padEnd(9)} ${release.name}: ${release.model} v${release.modelVersion} ${release.digest}` +
            `${release.features.length ? `, ${release.features.map((f) => `${f.name}@${f.version}`).join(', ')}` : ''}`,
        );
    if (samples.length > 0) lines.push(`  ${samples.length} request/response samples frozen (redacted)`);
  }
  return `${lines.join('\n')}\n`;
}
