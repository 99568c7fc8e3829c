/**
 * The files of an incident's evidence archive, with a SHA-256 manifest in `sha256sum` format
 * (`sha256sum -c SHA256SUMS` checks an unpacked archive). Pure: the archive format (tar.gz) is
 * written at the edge. The archive is the whole incident: everything the report is built from,
 * so it can be rebuilt and checked without ripcord's store.
 */
import { createHash } from 'node:crypto';
import type { Incident } from '../incident.js';
import { buildIncidentReport } from './build-report.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderChartSvg } from './svg-chart.js';

export interface ArchiveFile {
  path: string;
  content: string;
}

export const MANIFEST_FILE = 'SHA256SUMS';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Every file of the archive under `<incident id>/`, the manifest last. */
export function incidentArchiveFiles(incident: Incident, now?: number): ArchiveFile[] {
  const report = buildIncidentReport(incident, now);
  const { samples, ...rest } = incident.evidence;
  const files: ArchiveFile[] = [
    { path: 'incident.json', content: json(incident) },
    {
      path: 'evidence/decision.json',
      content: json({ decision: rest.decision, verification: rest.verification }),
    },
    { path: 'evidence/releases.json', content: json(rest.releases ?? {}) },
    { path: 'evidence/windows.json', content: json(rest.windows ?? {}) },
    { path: 'evidence/series.json', content: json(rest.series ?? {}) },
    {
      path: 'evidence/samples.jsonl',
      content: samples.map((s) => JSON.stringify(s)).join('\n') + (samples.length ? '\n' : ''),
    },
    { path: 'report.json', content: json(report) },
    { path: 'report.md', content: renderMarkdown(report) },
    { path: 'report.html', content: renderHtml(report) },
    ...report.charts.map((chart) => ({ path: `charts/${chart.slug}.svg`, content: renderChartSvg(chart) })),
  ];
  const manifest = files.map((f) => `${sha256(f.content)}  ${f.path}`).join('\n') + '\n';
  return [...files, { path: MANIFEST_FILE, content: manifest }].map((f) => ({
    ...f,
    path: `${incident.id}/${f.path}`,
  }));
}
