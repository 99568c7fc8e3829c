/**
 * The incident report from a stored incident: content and structure of the JSON, Markdown and
 * HTML forms, severity by rules (defaults and a per-rollout override), impact, the charts, and
 * the evidence archive (tar.gz unpacked by the system's tar, checked by sha256sum -c).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarGz } from '../../src/api/incident-archive.js';
import { IncidentPolicySchema } from '../../src/incidents/index.js';
import { incidentArchiveFiles, sha256 } from '../../src/incidents/report/archive-files.js';
import { buildIncidentReport, FILL_IN } from '../../src/incidents/report/build-report.js';
import { renderHtml } from '../../src/incidents/report/render-html.js';
import { renderMarkdown } from '../../src/incidents/report/render-markdown.js';
import { ERRORS, LATENCY, resolvedIncident, T0 } from './incident-fixture.js';

describe('incident report', () => {
  it('has the summary, the timeline in order, the recovery figures with their clocks and the phases', () => {
    const report = buildIncidentReport(resolvedIncident());
    expect(report.summary).toBe(
      'recsys: recsys-v2-enc5 (canary) was rolled back to recsys-v1-enc4 by rollout recsys-v2 because ' +
        'p95 latency 40 ms is 100 % above baseline 20 ms for 10s (limit 30 %). ' +
        'Recovered in 20.0 s, traffic restored in 12.1 s, from fault onset.',
    );
    expect(report.timeline.map((e) => [e.at - T0, e.event.split(':')[0]])).toEqual([
      [0, 'fault onset (reported by unknown)'],
      [2_000, 'first breach'],
      [12_000, 'rollback decided by ripcord-controller'],
      [12_100, 'action 1 traffic'],
      [12_100, 'traffic restored'],
      [12_300, 'action 2 alias'],
      [20_000, 'recovery verified'],
    ]);
    expect(report.recovery).toMatchObject({
      start: 'onset',
      timeToRestoreMs: 12_100,
      timeToRecoverMs: 20_000,
    });
    expect(report.recovery.clocks.trafficRestored).toMatch(
      /controller's clock .* every data plane confirmed/,
    );
    expect(report.phases.phases.map((p) => p.ms)).toEqual([2_000, 10_000, 300, 7_700]);
    // The four phases sum to the recovery time: one figure, however it is cut.
    expect(report.phases.phases.reduce((s, p) => s + (p.ms ?? 0), 0)).toBe(report.recovery.timeToRecoverMs);
    expect(report.rootCause).toBe(FILL_IN);
    expect(report.correctiveActions.every((a) => a.owner === FILL_IN && a.due === FILL_IN)).toBe(true);
  });

  it('grades severity by the seed rules by default and by the rollout policy when given', () => {
    expect(buildIncidentReport(resolvedIncident()).severity).toEqual({
      severity: 'P2',
      because: 'rule P2: metric error-rate/latency',
    });
    expect(buildIncidentReport(resolvedIncident(undefined, ERRORS)).severity.severity).toBe('P2');
    expect(
      buildIncidentReport(resolvedIncident(undefined, 'hard: kpi revenue down > 10% over 5m')).severity,
    ).toMatchObject({
      severity: 'P1',
    });
    expect(
      buildIncidentReport(resolvedIncident(undefined, 'hard: prediction diversity down > 20% over 5s'))
        .severity,
    ).toEqual({
      severity: 'P3',
      because: 'no rule matched: P3',
    });
    const policy = IncidentPolicySchema.parse({
      severityRules: [{ severity: 'P1', metrics: ['latency'] }],
      otherwise: 'P4',
    });
    expect(buildIncidentReport(resolvedIncident(policy)).severity.severity).toBe('P1');
    expect(buildIncidentReport(resolvedIncident(policy, ERRORS)).severity.severity).toBe('P4');
    expect(() => IncidentPolicySchema.parse({ severityRules: [{ severity: 'P1' }] })).toThrow(
      /a severity rule needs at least one of metrics, kpis or words/,
    );
  });

  it('counts the impact: requests and sticky users on the pulled release, and the priced KPI loss', () => {
    const unpriced = buildIncidentReport(resolvedIncident()).impact;
    // 2 s steps from the onset (T0) to the decision (the after series starts there): 6 of 40 requests.
    expect(unpriced).toMatchObject({
      from: T0,
      to: T0 + 12_100,
      requests: 6 * 40,
      stickyUsersSeen: 2,
      stickyKey: 'header:x-user-id',
    });
    expect(unpriced.kpiLoss).toBeUndefined();
    const priced = buildIncidentReport(
      resolvedIncident(
        IncidentPolicySchema.parse({ valuePerConversion: { kpi: 'conversion', value: 12.5 } }),
      ),
    ).impact.kpiLoss;
    expect(priced).toMatchObject({
      kpi: 'conversion',
      candidateRate: 0.05,
      baselineRate: 0.1,
      currency: 'USD',
    });
    expect(priced?.lostConversions).toBeCloseTo(0.05 * 240, 9);
    expect(priced?.value).toBeCloseTo(0.05 * 240 * 12.5, 9);
  });

  it('draws one chart per trigger from both releases, with its threshold and the breach and rollback marked', () => {
    const [latency, errors] = buildIncidentReport(resolvedIncident()).charts;
    expect(latency).toMatchObject({ trigger: LATENCY, metric: 'p95 latency', unit: 'ms', threshold: 26 });
    expect(latency?.lines.map((l) => [l.release, l.role])).toEqual([
      ['recsys-v2-enc5', 'pulled'],
      ['recsys-v1-enc4', 'target'],
    ]);
    // Points before the decision and after traffic moved; the pulled release has none after.
    expect(latency?.lines[0]?.points).toHaveLength(36);
    expect(latency?.lines[1]?.points).toHaveLength(40);
    expect(latency?.marks.map((m) => [m.label, m.at - T0])).toEqual([
      ['first breach', 2_000],
      ['rollback', 12_000],
      ['traffic restored', 12_100],
    ]);
    expect(errors).toMatchObject({ metric: 'error rate', unit: '%', threshold: 5 });
  });

  it('renders Markdown with every section and the charts as files', () => {
    const md = renderMarkdown(buildIncidentReport(resolvedIncident()));
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Incident report: model rollback of recsys',
      '## Summary',
      '## Timeline (UTC)',
      '## Recovery time',
      '## Impact',
      '## Evidence',
      '## Triggers against their thresholds',
      `### ${LATENCY}`,
      `### ${ERRORS}`,
      '## Root cause',
      '## Contributing factors',
      '## What went well',
      '## What did not go well',
      '## Corrective actions',
    ]);
    expect(md).toContain('**Severity:** P2');
    expect(md).toContain(`![p95 latency](charts/chart-1-p95-latency.svg)`);
    expect(md).toContain(`artifact s3://models/recsys/2 (sha256:${'2'.repeat(64)})`);
    expect(md).toContain('- **Requests served by the pulled release:** 240');
    expect(md).toContain('at least 2 (seen in sampled requests)');
  });

  it('renders one self-contained HTML page: inline SVG charts, no script, nothing fetched', () => {
    const html = renderHtml(buildIncidentReport(resolvedIncident()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(
      html
        .match(/https?:\/\/[^"\s<]+/g)
        ?.filter((u) => u !== 'http://www.w3.org/2000/svg' && !u.startsWith('http://127.0.0.1')),
    ).toEqual([]);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(2);
    expect(html.match(/<polyline class="series"/g)).toHaveLength(4);
    expect(html.match(/<line class="threshold"/g)).toHaveLength(2);
    expect(html.match(/<line class="mark" data-label="rollback"/g)).toHaveLength(2);
    expect(html).toContain('<span class="sev" id="severity">P2</span>');
    // Anything from the incident is escaped (a trigger or reason is user text).
    const hostile = resolvedIncident();
    const escaped = renderHtml(buildIncidentReport({ ...hostile, reason: '<img src=x onerror=alert(1)>' }));
    expect(escaped).not.toContain('<img');
    expect(escaped).toContain('&#60;img');
  });
});

describe('evidence archive', () => {
  it('holds the incident, evidence, report and charts with a SHA-256 manifest that sha256sum accepts', async () => {
    const incident = resolvedIncident();
    const files = incidentArchiveFiles(incident);
    expect(files.map((f) => f.path)).toEqual([
      'rb_1/incident.json',
      'rb_1/evidence/decision.json',
      'rb_1/evidence/releases.json',
      'rb_1/evidence/windows.json',
      'rb_1/evidence/series.json',
      'rb_1/evidence/samples.jsonl',
      'rb_1/report.json',
      'rb_1/report.md',
      'rb_1/report.html',
      'rb_1/charts/chart-1-p95-latency.svg',
      'rb_1/charts/chart-2-error-rate.svg',
      'rb_1/SHA256SUMS',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-archive-'));
    const archive = join(dir, 'rb_1.tar.gz');
    writeFileSync(archive, await tarGz(files, new Date(T0)));
    execFileSync('tar', ['xzf', archive, '-C', dir]);
    const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], {
      cwd: join(dir, 'rb_1'),
      encoding: 'utf8',
    });
    expect(checked.trim().split('\n')).toHaveLength(11);
    expect(checked).not.toMatch(/FAILED/);
    expect(JSON.parse(readFileSync(join(dir, 'rb_1/incident.json'), 'utf8'))).toEqual(incident);
    expect(readFileSync(join(dir, 'rb_1/evidence/samples.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    // A changed file no longer matches the manifest.
    writeFileSync(join(dir, 'rb_1/report.md'), 'edited');
    expect(() =>
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: join(dir, 'rb_1'), stdio: 'pipe' }),
    ).toThrow();
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
