/**
 * The incident report as one self-contained HTML page: inline CSS and inline SVG charts, no
 * script, no network font, so it opens the same from an archive years later.
 */
import { formatElapsed } from '../../core/duration.js';
import type { WindowSummary } from '../evidence.js';
import { MILESTONE_WORDS, MILESTONES } from '../recovery-time.js';
import type { IncidentReport } from './build-report.js';
import { iso } from './render-markdown.js';
import { escapeXml as esc, renderChartSvg } from './svg-chart.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
.sev{display:inline-block;padding:.1em .5em;border-radius:3px;background:#c0392b;color:#fff}
.fill{color:#a04000;font-style:italic}figure{margin:1em 0}small{color:#666}`;

function cell(v: string | number | null | undefined): string {
  return `<td>${esc(v === null || v === undefined ? '—' : String(v))}</td>`;
}

function windowRow(label: string, w: WindowSummary): string {
  const pct = w.errorRate === null ? '—' : `${(w.errorRate * 100).toFixed(2)} %`;
  return `<tr>${cell(label)}${cell(w.release)}${cell(w.requests)}${cell(pct)}${cell(w.latencyMs.p95 === null ? null : `${w.latencyMs.p95.toFixed(0)} ms`)}${cell(w.diversity.entropy?.toFixed(3))}</tr>`;
}

function list(items: string[]): string {
  return `<ul>${items.map((i) => `<li${i.includes('[fill in]') ? ' class="fill"' : ''}>${esc(i)}</li>`).join('')}</ul>`;
}

export function renderHtml(report: IncidentReport): string {
  const r = report;
  const rows = (pairs: [string, string][]) =>
    `<table>${pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  const impact = r.impact;
  const body: string[] = [
    `<h1>${esc(r.title)}</h1>`,
    `<p><span class="sev" id="severity">${esc(r.severity.severity)}</span> ${esc(r.severity.because)} · status <b>${esc(r.status)}</b> · incident <code>${esc(r.id)}</code></p>`,
    `<h2>Summary</h2><p id="summary">${esc(r.summary)}</p>`,
    `<h2>Timeline (UTC)</h2><table id="timeline"><tr><th>time</th><th>event</th><th>clock</th></tr>${r.timeline
      .map((e) => `<tr>${cell(iso(e.at))}${cell(e.event)}${cell(e.clock)}</tr>`)
      .join('')}</table>`,
    `<h2>Recovery time</h2><p id="recovery">${esc(r.recovery.line)}</p>`,
    `<table><tr><th>milestone</th><th>at</th><th>clock</th></tr>${MILESTONES.map(
      (m) =>
        `<tr>${cell(MILESTONE_WORDS[m])}${cell(iso(r.recovery.at[m]))}${cell(r.recovery.clocks[m])}</tr>`,
    ).join('')}</table>`,
    `<table id="phases"><tr><th>phase</th><th>duration</th></tr>${r.phases.phases
      .map(
        (p) =>
          `<tr>${cell(p.phase)}${cell(`${formatElapsed(p.ms)}${p.running ? ' (in progress)' : ''}`)}</tr>`,
      )
      .join('')}</table>`,
    `<h2>Impact</h2>`,
    rows([
      ['span', `${iso(impact.from)} → ${iso(impact.to)}`],
      ['requests served by the pulled release', String(impact.requests ?? 'unknown')],
      [
        `distinct users (${impact.stickyKey ?? 'no sticky key'})`,
        impact.stickyUsersSeen === null
          ? 'unknown'
          : `at least ${impact.stickyUsersSeen} (seen in sampled requests)`,
      ],
      [
        'KPI loss',
        impact.kpiLoss
          ? `${impact.kpiLoss.lostConversions.toFixed(1)} ${impact.kpiLoss.kpi} lost ≈ ${impact.kpiLoss.value.toFixed(2)} ${impact.kpiLoss.currency}`
          : 'not priced (spec.incident.valuePerConversion)',
      ],
    ]),
    `<h2>Evidence</h2>`,
    rows(
      (['pulled', 'target'] as const).map((role) => {
        const rel = r.releases[role];
        return [
          role,
          rel
            ? `${rel.name}: ${rel.model} v${rel.modelVersion} ${rel.digest}, image ${rel.image ?? 'not recorded'}, features ${rel.features.map((f) => `${f.name}@${f.version} ${f.digest}`).join(', ') || 'none'}`
            : 'not frozen',
        ];
      }),
    ),
    `<p>${r.samples} request/response samples frozen (redacted).</p>`,
  ];
  if (r.decision)
    body.push(
      `<p><b>Decision</b> ${esc(r.decision.verdict)} at ${esc(iso(r.decision.at))}: ${esc(r.decision.reason)}</p>`,
      list(r.decision.readings.map((x) => `[${x.status}] ${x.trigger}: ${x.message}`)),
    );
  const windows = [
    ...(r.windows.before ? [['before', r.windows.before] as const] : []),
    ...(r.windows.after ? [['after', r.windows.after] as const] : []),
  ];
  if (windows.length > 0)
    body.push(
      `<table id="windows"><tr><th>window</th><th>release</th><th>requests</th><th>errors</th><th>p95</th><th>diversity</th></tr>${windows
        .map(([l, p]) => windowRow(`${l} (pulled)`, p.candidate) + windowRow(`${l} (target)`, p.baseline))
        .join('')}</table>`,
    );
  if (r.captureErrors.length > 0) body.push(list(r.captureErrors.map((e) => `not captured: ${e}`)));
  body.push(`<h2>Triggers against their thresholds</h2>`);
  for (const chart of r.charts)
    body.push(
      `<figure class="chart" data-trigger="${esc(chart.trigger)}">${renderChartSvg(chart)}<figcaption><small>${esc(chart.trigger)}</small></figcaption></figure>`,
    );
  if (r.stages.length > 0) body.push(`<h2>Rollback stages</h2>`, list(r.stages));
  if (r.relapses.length > 0)
    body.push(`<h2>Relapses after rollback</h2>`, list(r.relapses.map((x) => `${iso(x.at)}: ${x.reason}`)));
  body.push(
    `<h2>Root cause</h2><p class="fill" id="root-cause">${esc(r.rootCause)}</p>`,
    `<h2>Contributing factors</h2>${list(r.contributingFactors)}`,
    `<h2>What went well</h2>${list(r.whatWentWell)}`,
    `<h2>What did not go well</h2>${list(r.whatDidNotGoWell)}`,
    `<h2>Corrective actions</h2><ul id="corrective-actions">${r.correctiveActions
      .map(
        (a) =>
          `<li><input type="checkbox" disabled> ${esc(a.description)} — owner <span class="fill">${esc(a.owner)}</span>, due <span class="fill">${esc(a.due)}</span></li>`,
      )
      .join('')}</ul>`,
    `<hr><small>Generated by ripcord from the incident record. Complete every [fill in] section before sharing.</small>`,
  );
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)} (${esc(r.id)})</title><style>${STYLE}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
