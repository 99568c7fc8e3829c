/**
 * doctor, drills and runbooks on the example recommender (the demo's model servers behind the
 * in-process gateway, registered as examples/recommender registers them), through the CLI as a
 * user runs it: doctor fails naming each missing step and its fix; a drill runs end to end in
 * well under two minutes, records its MTTR, tells Slack it is a drill and pages nobody; doctor
 * then passes; a cold target fails it again; the runbook renders, lints and walks its steps
 * into the audit trail.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startModelServer } from '../../src/demo/model-server/index.js';
import type { ModelServer } from '../../src/demo/model-server/index.js';
import { DrillRecordSchema } from '../../src/operations/drill/drill-record.js';
import { formatIncidentReport } from '../../src/incidents/format-incident-report.js';
import { buildIncidentReport } from '../../src/incidents/report/build-report.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { bodyOf, startReceiver } from '../notifiers/receiver.js';
import type { Receiver } from '../notifiers/receiver.js';
import { BlockKitMessage } from '../notifiers/slack-schema.js';
import { runCli } from '../support/run-cli.js';

const [sqlite] = await testDatabases();
/** The triggers examples/recommender/rollout-canary.yaml recommends. */
const CANARY_TRIGGERS = [
  'hard: p95 latency up > 20%',
  'hard: error rate up > 100%',
  'hard: kpi conversion down > 1% with significance',
  'hard: prediction diversity down > 20%',
  'soft: input null rate > 1%',
];

describe('doctor, drill and runbook on the example recommender', () => {
  let plane: ControlPlane;
  let parts: ReturnType<typeof standardPlugins>;
  let servers: ModelServer[];
  let slack: Receiver;
  let pager: Receiver;
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-ops-'));

  const run = (args: string[], stdin?: string) => runCli(dataDir, args, stdin);

  beforeAll(async () => {
    slack = await startReceiver((r) =>
      BlockKitMessage.safeParse(bodyOf(r)).success
        ? { status: 200, body: 'ok', accepted: true }
        : { status: 400, body: 'invalid_blocks' },
    );
    pager = await startReceiver(() => ({ status: 202, body: { status: 'success' }, accepted: true }));
    vi.stubEnv('OPS_SLACK_URL', `${slack.url}/services/T/B/x`);
    vi.stubEnv('OPS_PD_KEY', 'R0UT1NGKEY0123456789abcdefABCDEF');
    servers = await Promise.all([
      startModelServer({ version: 'v1', expectFeatures: ['item-encoder@4'] }),
      startModelServer({ version: 'v2', expectFeatures: ['item-encoder@5'] }),
    ]);
    parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 250 } });
    const connection = sqlite!.connection();
    plane = await startControlPlane({
      dataDir,
      databaseUrl: connection.url,
      databaseSchema: connection.schema,
      port: 0,
      plugins: parts.list,
    });
    await seedRecommender(plane.registry, { v1: servers[0]!.url, v2: servers[1]!.url });
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
  });

  afterAll(async () => {
    await plane?.close();
    await Promise.all([...(servers ?? []).map((s) => s.close()), slack?.close(), pager?.close()]);
    vi.unstubAllEnvs();
  });

  it('doctor fails on a model never rolled out or drilled, naming each failure and its fix', async () => {
    const result = await run(['doctor', 'recsys']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('doctor recsys: NOT ready');
    expect(result.stdout).toMatch(
      /PASS {2}rollback target designated and warm: recsys-v1-enc4 answers its health check/,
    );
    expect(result.stdout).toMatch(
      /FAIL {2}triggers for latency, errors, a KPI and data quality: no rollout of this model states triggers\n\s+fix: start rollouts with spec.analysis.triggers/,
    );
    expect(result.stdout).toMatch(
      /FAIL {2}a drill in the last 90 days: never drilled\n\s+fix: run one: `ripcord drill recsys --fault latency`/,
    );
    expect(result.stderr).toMatch(/^error: recsys: \d+ checks failed/);
    const json = await run(['doctor', 'recsys', '-o', 'json']);
    expect(json.code).toBe(1);
    const view = JSON.parse(json.stdout) as { ok: boolean; checks: { name: string; status: string }[] };
    expect(view.ok).toBe(false);
    expect(view.checks.map((c) => c.name)).toHaveLength(9);
  });

  it('a drill runs end to end in under two minutes: fault, real rollback, MTTR recorded, Slack told it is a drill, nobody paged', async () => {
    // The model's last rollout states its triggers and notifiers; the drill takes both.
    const controller = parts.controller.controller();
    await controller.startRollout(
      {
        name: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
        analysis: { triggers: CANARY_TRIGGERS },
        notify: [
          { kind: 'slack', name: 'ranking-oncall', webhookUrlEnv: 'OPS_SLACK_URL' },
          { kind: 'pagerduty', name: 'ranking', routingKeyEnv: 'OPS_PD_KEY', url: `${pager.url}/v2/enqueue` },
        ],
      },
      admin,
    );
    await controller.command('recsys-v2', 'abort', { actor: 'test', reason: 'not today' });

    const started = Date.now();
    const result = await run([
      'drill',
      'recsys',
      '--fault',
      'latency',
      '--warmup',
      '3',
      '--rps',
      '80',
      '--weight',
      '20',
      '--detect-within',
      '40',
    ]);
    const elapsed = Date.now() - started;
    expect(result.stderr, result.stdout).toBe('');
    expect(result.code).toBe(0);
    expect(elapsed).toBeLessThan(120_000);
    expect(result.stdout).toMatch(/drill drill_\S+ on recsys \(latency\): recovered/);
    expect(result.stdout).toMatch(
      /triggers from rollout recsys-v2 \(KPI triggers left out: synthetic users convert nothing\); external executors dry-run/,
    );
    expect(result.stdout).toMatch(/detection\s+\d+\.\ds\n/);
    expect(result.stdout).toMatch(/MTTR\s+\d+\.\ds \(from the fault's injection to verified recovery\)/);

    const records = (await (
      await fetch(`${plane.url}/api/v1/drills?model=recsys`, {
        headers: { authorization: `Bearer ${plane.bootstrapToken}` },
      })
    ).json()) as unknown[];
    const [record] = records.map((r) => DrillRecordSchema.parse(r));
    expect(record?.outcome).toBe('recovered');
    expect(record?.mttr?.phases.map((p) => p.phase)).toEqual([
      'detection',
      'triage',
      'execution',
      'verification',
    ]);
    expect(record?.mttr?.phases.every((p) => p.ms !== undefined && p.ms >= 0)).toBe(true);
    expect(record?.mttr?.totalMs).toBeGreaterThan(0);

    // Marked as a drill everywhere: Slack's headline, the rollout; PagerDuty never paged.
    const headlines = slack.accepted.map((a) => String(bodyOf(a)['text']));
    expect(headlines.length).toBeGreaterThan(0);
    expect(headlines.every((h) => h.startsWith('[DRILL] recsys:'))).toBe(true);
    expect(pager.all).toEqual([]);
    const rollout = await controller.deps.rollouts.require(record!.rollout);
    expect(rollout.body.spec.drill).toMatchObject({ id: record!.id, fault: 'latency' });
    // ...and the incident: its record, `incident describe` and the report say it was a drill.
    expect(record?.incidentId).toBeDefined();
    const incident = await controller.deps.incidents.require(record!.incidentId!);
    expect(incident.body.drill).toEqual({ id: record!.id, fault: 'latency' });
    expect(formatIncidentReport(incident.body)).toMatch(/\[DRILL drill_\S+, latency\]/);
    expect(buildIncidentReport(incident.body).summary).toMatch(
      /^A drill \(drill_\S+, fault latency\), not a production incident/,
    );
    // Production is untouched by the drill: it still serves v1.
    expect((await plane.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v1-enc4');

    const history = await run(['drill', 'history', 'recsys']);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(record!.id);
    expect(history.stdout).toMatch(/last drilled recsys: \S+ \(latency, recovered, MTTR \d+\.\ds\)/);
  }, 150_000);

  it('drill --no-wait returns the record at once; --live-executors and --fault errors reach the drill', async () => {
    const started = await run([
      'drill',
      'recsys',
      '--fault',
      'errors',
      '--no-wait',
      '--live-executors',
      '--warmup',
      '2',
      '-o',
      'json',
    ]);
    expect(started.code).toBe(0);
    const record = DrillRecordSchema.parse(JSON.parse(started.stdout));
    expect(record).toMatchObject({ outcome: 'running', fault: 'errors', executors: 'live', model: 'recsys' });
    const headers = { authorization: `Bearer ${plane.bootstrapToken}` };
    let done = record;
    for (let i = 0; i < 240 && done.outcome === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      done = DrillRecordSchema.parse(
        await (await fetch(`${plane.url}/api/v1/drills/${record.id}`, { headers })).json(),
      );
    }
    expect(done.outcome, done.message).toBe('recovered');
    expect(done.message).toMatch(/error rate/);
    const json = await run(['drill', 'history', '-o', 'json']);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((d) => d.id)[0]).toBe(record.id);
  }, 150_000);

  it('doctor passes on the drilled model, and fails again once the rollback target goes cold', async () => {
    const ready = await run(['doctor', 'recsys']);
    expect(ready.stdout).toContain('doctor recsys: ready');
    expect(ready.stdout).not.toContain('FAIL');
    expect(ready.code).toBe(0);

    const rules = join(dataDir, 'recsys.rules.yml');
    writeFileSync(
      rules,
      'groups:\n  - name: ripcord\n    rules:\n      - alert: RecsysLatency\n        expr: vector(1)\n        labels: { model: recsys }\n        annotations: { summary: "recsys-v2: hard: p95 latency up > 20%" }\n',
    );
    const partial = await run(['doctor', 'recsys', '--alert-rules', rules]);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/FAIL {2}alert rules in place: no alert for "hard: error rate up > 100%"/);

    await servers[0]!.close();
    const cold = await run(['doctor', 'recsys']);
    expect(cold.code).toBe(1);
    expect(cold.stdout).toMatch(
      /FAIL {2}rollback target designated and warm: recsys-v1-enc4 is cold: .+\n\s+fix: start recsys-v1-enc4's backends/,
    );
    const covered = await run(['runbook', 'lint', 'recsys', '--alert-rules', rules, '-o', 'json']);
    expect(covered.code).toBe(1);
    const problems = JSON.parse(covered.stdout) as { step: string; problem: string }[];
    expect(problems.map((p) => p.problem)).toContain(
      `trigger "hard: error rate up > 100%" has no alert in ${rules}`,
    );
    const lint = await run(['runbook', 'lint', 'recsys']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/recsys: rollback target: recsys-v1-enc4 is cold/);
    servers[0] = await startModelServer({
      version: 'v1',
      expectFeatures: ['item-encoder@4'],
      port: Number(new URL(servers[0]!.url).port),
    });
  });

  it('renders the runbook as Markdown and HTML with every section, and walks its steps into the audit trail', async () => {
    const md = await run(['runbook', 'render', 'recsys']);
    expect(md.code).toBe(0);
    for (const heading of [
      '# Rollback runbook: recsys',
      '## Owner',
      '## Current production and rollback target',
      '## When ripcord acts (triggers)',
      '## Roll back by hand',
      '## Recovery is verified when',
      '## Who is notified',
    ])
      expect(md.stdout).toContain(heading);
    expect(md.stdout).toContain('ranking-team');
    expect(md.stdout).toMatch(/\| production \| recsys-v1-enc4 \| 1 \| item-encoder@4 \| serving \|/);
    expect(md.stdout).toContain(
      'When p95 latency up > 20% (and statistically significant), ripcord rolls back at once.',
    );
    expect(md.stdout).toContain(
      'When input null rate > 1% (and statistically significant), ripcord alerts and pauses the rollout.',
    );
    expect(md.stdout).toContain('ripcord rollout rollback recsys-v2 --reason "WHY" --to recsys-v1-enc4');
    expect(md.stdout).toContain('slack "ranking-oncall"');

    const file = join(dataDir, 'runbook.html');
    const html = await run(['runbook', 'render', 'recsys', '-o', 'html', '--out', file]);
    expect(html.stdout).toBe(`wrote ${file}\n`);
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<section id="commands"><h2>Roll back by hand</h2>');
    expect(page).not.toMatch(/<script|https?:\/\/(?!127)/);
    expect((await run(['runbook', 'render', 'recsys', '-o', 'pdf'])).code).toBe(2);

    const walked = await run(['runbook', 'exec', 'recsys', '--reason', 'game day'], 'y\ns\nq\n');
    expect(walked.code).toBe(0);
    expect(walked.stdout).toContain('step 1/5: See what the rollout is doing');
    expect(walked.stdout).toContain('stopped at step 3; 2 recorded');
    const audit = await plane.registry.audit({});
    const steps = audit.filter((e) => e.action.startsWith('runbook.step'));
    expect(steps.map((e) => [e.action, e.target, e.reason])).toEqual([
      ['runbook.step.done', 'recsys', 'game day'],
      ['runbook.step.skipped', 'recsys', 'game day'],
    ]);
  });
});
