/**
 * The on-call's terminal against a real control plane: `incident list/describe/report/export/
 * onset`, `get rollouts|incidents` with filters (newest first), and `rollout status --watch` with
 * -o json, --timeout, a pause's countdown and its exit codes. A test per option.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/cli/api-client.js';
import type { Controller } from '../../src/controller/create-controller.js';
import { startModelServer } from '../../src/demo/model-server/index.js';
import type { ModelServer } from '../../src/demo/model-server/index.js';
import type { Incident } from '../../src/incidents/index.js';
import { formatRecovery } from '../../src/incidents/index.js';
import type { IncidentReport } from '../../src/incidents/report/build-report.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { resolvedIncident, T0 } from './incident-fixture.js';
import { runCli } from '../support/run-cli.js';

describe('incident and watch verbs against a control plane', () => {
  let plane: ControlPlane;
  let controller: Controller;
  let dataDir: string;
  const servers: ModelServer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-incident-cli-'));
    servers.push(await startModelServer({ version: 'v1' }), await startModelServer({ version: 'v2' }));
    const parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 100 } });
    plane = await startControlPlane({ dataDir, port: 0, plugins: parts.list });
    controller = parts.controller.controller();
    await seedRecommender(plane.registry, { v1: servers[0]?.url ?? '', v2: servers[1]?.url ?? '' });
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
    const stored = resolvedIncident();
    await controller.deps.incidents.create(stored.id, stored, new Date(T0).toISOString());
    // An older, escalated incident of another model, without a known onset.
    const older: Incident = {
      ...resolvedIncident(),
      id: 'rb_0',
      model: 'ranker',
      status: 'escalated',
      escalation: 'metrics did not recover',
      times: { firstBreachAt: T0 - 86_400_000, decidedAt: T0 - 86_390_000, escalatedAt: T0 - 86_000_000 },
    };
    await controller.deps.incidents.create(older.id, older, new Date(T0).toISOString());
  });
  afterAll(async () => {
    await plane.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const run = (...args: string[]) => runCli(dataDir, args);

  function rolloutFile(name: string, steps: string): string {
    const file = join(dataDir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        'apiVersion: ripcord.dev/v1',
        'kind: Rollout',
        `metadata: { name: ${name} }`,
        'spec:',
        '  model: recsys',
        '  release: recsys-v2-enc5',
        `  canary: { steps: ${steps} }`,
        "  analysis: { triggers: ['hard: error rate > 5% for 10s'] }",
      ].join('\n'),
    );
    return file;
  }

  it('prints one recovery time in incident list, describe and the report', async () => {
    const list = await run('incident', 'list');
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.startsWith('rb_1'));
    expect(row).toMatch(/resolved .* 20\.0 s\s+12\.1 s\s+onset$/);
    const describe = await run('incident', 'describe', 'rb_1');
    const line = formatRecovery(resolvedIncident());
    expect(line).toBe('recovered in 20.0 s, traffic restored in 12.1 s, from fault onset');
    expect(describe.stdout).toContain(`Recovery: ${line}`);
    const report = JSON.parse(
      (await run('incident', 'report', 'rb_1', '-o', 'json')).stdout,
    ) as IncidentReport;
    expect(report.recovery.line).toBe(line);
    const older = list.stdout.split('\n').find((l) => l.startsWith('rb_0'));
    expect(older).toMatch(/escalated .* escalated\s+—\s+first breach$/);
  });

  it('incident list: newest first, --model, --status, --since and --limit', async () => {
    const ids = async (...args: string[]) =>
      (JSON.parse((await run('incident', 'list', '-o', 'json', ...args)).stdout) as Incident[]).map(
        (i) => i.id,
      );
    expect(await ids()).toEqual(['rb_1', 'rb_0']);
    expect(await ids('--model', 'ranker')).toEqual(['rb_0']);
    expect(await ids('--status', 'resolved')).toEqual(['rb_1']);
    expect(await ids('--since', new Date(T0 - 3_600_000).toISOString())).toEqual(['rb_1']);
    expect(await ids('--limit', '1')).toEqual(['rb_1']);
    const bad = await run('incident', 'list', '--status', 'fixed');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/status/);
  });

  it('incident report: -o md and html printed, --out writes the report and its charts as files', async () => {
    const md = await run('incident', 'report', 'rb_1', '-o', 'md');
    expect(md.stdout).toMatch(/^# Incident report: model rollback of recsys\n/);
    expect(md.stdout).toContain('## Corrective actions');
    const html = await run('incident', 'report', 'rb_1', '-o', 'html');
    expect(html.stdout).toMatch(/^<!doctype html>/);
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-report-out-'));
    const out = await run('incident', 'report', 'rb_1', '-o', 'html', '--out', join(dir, 'report.html'));
    expect(out.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(html.stdout);
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual([
      'chart-1-p95-latency.svg',
      'chart-2-error-rate.svg',
    ]);
    expect(readFileSync(join(dir, 'charts', 'chart-1-p95-latency.svg'), 'utf8')).toMatch(/^<svg /);
    const wrong = await run('incident', 'report', 'rb_1', '-o', 'pdf');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/-o\/--output for a report is one of md, html, json/);
  });

  it('incident export -f writes the archive that sha256sum checks; the evidence route serves the same evidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-export-'));
    const file = join(dir, 'evidence.tar.gz');
    const exported = await run('incident', 'export', 'rb_1', '-f', file);
    expect(exported.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    execFileSync('tar', ['xzf', file, '-C', dir]);
    expect(
      execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(dir, 'rb_1'), encoding: 'utf8' }),
    ).not.toMatch(/FAILED/);
    const client = createApiClient({ dataDir });
    const evidence = await client.get<Incident['evidence']>('/incidents/rb_1/evidence');
    expect(evidence).toEqual(resolvedIncident().evidence);
    expect((await run('incident', 'export', 'rb_nope')).code).toBe(1);
  });

  it('incident onset --at sets the onset once and refuses one after the first breach', async () => {
    const late = await run('incident', 'onset', 'rb_0', '--at', new Date(T0).toISOString());
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/\[at\]: at: the fault onset .* cannot follow the first breach/);
    const at = new Date(T0 - 86_460_000).toISOString();
    const set = await run('incident', 'onset', 'rb_0', '--at', at);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`onset     ${at.replace('.000Z', 'Z')} (reported by admin)`);
    const again = await run(
      'incident',
      'onset',
      'rb_0',
      '--at',
      new Date(T0 - 86_500_000).toISOString(),
      '-o',
      'json',
    );
    expect((JSON.parse(again.stdout) as Incident).times.onsetAt).toBe(Date.parse(at));
    expect((await run('incident', 'onset', 'rb_0', '--at', 'yesterday')).code).toBe(2);
  });

  it('rollout status --watch --timeout shows a pause countdown and exits 124 when time runs out', async () => {
    expect(
      (
        await run(
          'rollout',
          'start',
          '-f',
          rolloutFile('recsys-paused', "[{ setWeight: 5 }, { pause: { duration: '30m' } }]"),
        )
      ).code,
    ).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const watched = await run('rollout', 'status', 'recsys-paused', '--watch', '--timeout', '1s');
    expect(watched.code).toBe(124);
    expect(watched.stderr).toMatch(/^rollout recsys-paused still Progressing after --timeout 1s/);
    expect(watched.stdout).toMatch(/pause {4}(1[0-7]\d\d|1800) s left at step 2/);
    const usage = await run('rollout', 'status', 'recsys-paused', '--timeout', '1s');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--timeout goes with --watch/);
  });

  it('rollout status --watch -o json prints one JSON object per event and exits 1 when the rollout ends Aborted', async () => {
    const watching = run('rollout', 'status', 'recsys-paused', '--watch', '-o', 'json');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await run('rollout', 'abort', 'recsys-paused', '--reason', 'wrong build')).code).toBe(0);
    const watched = await watching;
    expect(watched.code).toBe(1);
    expect(watched.stderr).toMatch(/^rollout recsys-paused ended Aborted: /);
    const events = watched.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; remainingMs?: number; message?: string });
    expect(events[0]?.type).toBe('rollout');
    expect(events.find((e) => e.type === 'pause')?.remainingMs).toBeGreaterThan(1_000_000);
    expect(
      events.some((e) => e.type === 'phase' && /aborted by admin: wrong build/.test(e.message ?? '')),
    ).toBe(true);
  });

  it('get rollouts and get incidents: newest first, --phase and --since', async () => {
    expect(
      (await run('rollout', 'start', '-f', rolloutFile('recsys-later', '[{ setWeight: 5 }, { pause: {} }]')))
        .code,
    ).toBe(0);
    const names = async (...args: string[]) =>
      (JSON.parse((await run('get', 'rollouts', '-o', 'json', ...args)).stdout) as { name: string }[]).map(
        (r) => r.name,
      );
    expect(await names()).toEqual(['recsys-later', 'recsys-paused']);
    expect(await names('--phase', 'Aborted')).toEqual(['recsys-paused']);
    expect(await names('--since', '1h', '--model', 'recsys')).toEqual(['recsys-later', 'recsys-paused']);
    expect(await names('--since', new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    const table = await run('get', 'rollouts', '--phase', 'Aborted');
    expect(table.stdout).toMatch(/^NAME\s+MODEL/);
    const incidents = await run('get', 'incidents', '--phase', 'escalated', '-o', 'json');
    expect((JSON.parse(incidents.stdout) as Incident[]).map((i) => i.id)).toEqual(['rb_0']);
    const wrong = await run('get', 'models', '--phase', 'Paused');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--phase and --since filter rollouts and incidents, not models/);
    expect((await run('rollout', 'list', '--phase', 'Paused', '-o', 'json')).code).toBe(0);
    expect((await run('rollout', 'abort', 'recsys-later')).code).toBe(0);
  });
});
