/** The incident report in Markdown: the ticket and wiki form. Charts are referenced as files. */
import { formatElapsed } from '../../core/duration.js';
import type { ReleaseEvidence, WindowSummary } from '../evidence.js';
import { MILESTONE_WORDS, MILESTONES } from '../recovery-time.js';
import type { IncidentReport } from './build-report.js';

export function iso(at: number | undefined): string {
  return at === undefined ? '—' : new Date(at).toISOString();
}

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`;
}

function num(v: number | null | undefined, digits = 0, unit = ''): string {
  return v === null || v === undefined ? '—' : `${v.toFixed(digits)}${unit}`;
}

export function windowRow(label: string, w: WindowSummary): string {
  return `| ${label} | ${w.release} | ${w.requests} | ${pct(w.errorRate)} | ${num(w.latencyMs.p95, 0, ' ms')} | ${num(w.diversity.entropy, 3)} |`;
}

export function releaseLine(role: string, r: ReleaseEvidence | undefined): string {
  if (!r) return `- **${role}:** not frozen`;
  const features = r.features.map((f) => `${f.name}@${f.version} (${f.digest})`).join(', ') || 'none';
  return `- **${role}:** ${r.name} — model ${r.model} v${r.modelVersion}, artifact ${r.artifactUri} (${r.digest}), image ${r.image ?? 'not recorded'}, features ${features}`;
}

export function renderMarkdown(
  report: IncidentReport,
  chartPath = (slug: string) => `charts/${slug}.svg`,
): string {
  const r = report;
  const out: string[] = [
    `# ${r.title}`,
    '',
    `**Incident ID:** ${r.id}  `,
    `**Severity:** ${r.severity.severity} (${r.severity.because})  `,
    `**Status:** ${r.status}`,
    '',
    '## Summary',
    '',
    r.summary,
    '',
    '## Timeline (UTC)',
    '',
    ...r.timeline.map((e) => `- **${iso(e.at)}** — ${e.event} _(${e.clock})_`),
    '',
    '## Recovery time',
    '',
    r.recovery.line,
    '',
    '| milestone | at | clock |',
    '|---|---|---|',
    ...MILESTONES.map(
      (m) => `| ${MILESTONE_WORDS[m]} | ${iso(r.recovery.at[m])} | ${r.recovery.clocks[m]} |`,
    ),
    '',
    '| phase | duration |',
    '|---|---|',
    ...r.phases.phases.map(
      (p) => `| ${p.phase} | ${formatElapsed(p.ms)}${p.running ? ' (in progress)' : ''} |`,
    ),
    '',
    '## Impact',
    '',
    `- **Span:** ${iso(r.impact.from)} → ${iso(r.impact.to)} (${formatElapsed(r.impact.to - r.impact.from)})`,
    `- **Requests served by the pulled release:** ${r.impact.requests ?? 'unknown (no series frozen)'}`,
    `- **Distinct users (sticky key ${r.impact.stickyKey ?? 'none'}):** ${r.impact.stickyUsersSeen === null ? 'unknown' : `at least ${r.impact.stickyUsersSeen} (seen in sampled requests)`}`,
    r.impact.kpiLoss
      ? `- **KPI loss:** ${r.impact.kpiLoss.kpi} ${r.impact.kpiLoss.candidateRate.toFixed(4)} vs ${r.impact.kpiLoss.baselineRate.toFixed(4)} → ${r.impact.kpiLoss.lostConversions.toFixed(1)} conversions lost ≈ ${r.impact.kpiLoss.value.toFixed(2)} ${r.impact.kpiLoss.currency}`
      : '- **KPI loss:** not priced (set `spec.incident.valuePerConversion`)',
    '',
    '## Evidence',
    '',
    releaseLine('Pulled', r.releases.pulled),
    releaseLine('Target', r.releases.target),
    `- **Samples frozen:** ${r.samples} request/response pairs (redacted as the gateway redacts)`,
  ];
  if (r.decision) {
    out.push('', `**Decision** ${r.decision.verdict} at ${iso(r.decision.at)}: ${r.decision.reason}`, '');
    for (const reading of r.decision.readings)
      out.push(`- [${reading.status}] ${reading.trigger}: ${reading.message}`);
  }
  const windows = [
    ...(r.windows.before ? [['before', r.windows.before] as const] : []),
    ...(r.windows.after ? [['after', r.windows.after] as const] : []),
  ];
  if (windows.length > 0) {
    out.push('', '| window | release | requests | errors | p95 | diversity |', '|---|---|---|---|---|---|');
    for (const [label, pair] of windows)
      out.push(windowRow(`${label} (pulled)`, pair.candidate), windowRow(`${label} (target)`, pair.baseline));
  }
  if (r.captureErrors.length > 0) out.push('', ...r.captureErrors.map((e) => `- not captured: ${e}`));
  out.push('', '## Triggers against their thresholds', '');
  for (const chart of r.charts)
    out.push(
      `### ${chart.trigger}`,
      '',
      chart.missing ? `_${chart.missing}_` : `![${chart.metric}](${chartPath(chart.slug)})`,
      '',
    );
  if (r.stages.length > 0) out.push('## Rollback stages', '', ...r.stages.map((s) => `- ${s}`), '');
  if (r.relapses.length > 0) {
    out.push('## Relapses after rollback', '');
    for (const relapse of r.relapses) out.push(`- ${iso(relapse.at)}: ${relapse.reason}`);
    out.push('');
  }
  out.push(
    '## Root cause',
    '',
    r.rootCause,
    '',
    '## Contributing factors',
    '',
    ...r.contributingFactors.map((f) => `- ${f}`),
    '',
    '## What went well',
    '',
    ...r.whatWentWell.map((f) => `- ${f}`),
    '',
    '## What did not go well',
    '',
    ...r.whatDidNotGoWell.map((f) => `- ${f}`),
    '',
    '## Corrective actions',
    '',
    ...r.correctiveActions.map((a) => `- [ ] ${a.description} — Owner: ${a.owner}, Due: ${a.due}`),
    '',
    '---',
    '_Generated by ripcord from the incident record. Complete every [fill in] section before sharing._',
    '',
  );
  return out.join('\n');
}
