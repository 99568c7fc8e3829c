/**
 * `ripcord alerts export`: one alert per hard and soft trigger with the trigger's threshold and
 * window, checked by `promtool check rules` and exercised by `promtool test rules` on synthetic
 * series (a canary failing 10 % of requests beside a clean baseline); every CLI option, from
 * manifests and from a running server.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { alertRules, renderRules, type RulesFile } from '../../src/alerts/alert-rules.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { promtool, promtoolTool } from './prometheus-kit.js';
import { runCli } from '../support/run-cli.js';

const TRIGGERS = [
  'hard: error rate > 5% for 2m',
  'hard: error rate up > 50%',
  'soft: p95 latency up > 30% over 5m',
  'hard: p99 latency > 800ms for 1m',
  'soft: input null rate(age) > 1%',
  'soft: input schema mismatch rate > 1%',
  'hard: prediction diversity down > 20%',
  'soft: kpi conversion down > 2% over 15m',
  'soft: psi(age) > 0.2',
  'observe: error rate > 1%',
];

const manifest = [
  'apiVersion: ripcord.dev/v1',
  'kind: Rollout',
  'metadata: { name: recsys-v2 }',
  'spec:',
  '  model: recsys',
  '  release: recsys-v2-enc5',
  '  canary: { steps: [{ setWeight: 5 }, { pause: {} }] }',
  '  analysis:',
  '    triggers:',
  ...TRIGGERS.map((t) => `      - '${t}'`),
].join('\n');

const run = (dataDir: string, ...args: string[]) => runCli(dataDir, args);

const exported = () =>
  alertRules([
    {
      name: 'recsys-v2',
      model: 'recsys',
      release: 'recsys-v2-enc5',
      baseline: 'recsys-v1-enc4',
      analysis: TRIGGERS,
    },
  ]);

describe('alert rules from triggers', () => {
  it('gives one alert per hard and soft trigger with its threshold and window', () => {
    const { rules, skipped } = exported();
    const alerts = rules.groups[0]!.rules;
    // observe: never acts, so never pages; psi has no Prometheus series and is named, not dropped.
    expect(alerts.map((a) => a.annotations['summary'])).toEqual(
      TRIGGERS.filter((t) => !t.startsWith('observe') && !t.includes('psi')).map((t) => `recsys-v2: ${t}`),
    );
    expect(skipped).toEqual([
      expect.objectContaining({ rollout: 'recsys-v2', trigger: 'soft: psi(age) > 0.2' }),
    ]);
    const [forRule, relative, p95, p99] = alerts;
    expect(forRule).toMatchObject({ alert: 'RipcordErrorRate', for: '2m', labels: { severity: 'critical' } });
    expect(forRule!.expr).toContain('[1m]');
    expect(forRule!.expr).toContain(' > 0.05');
    expect(relative!.expr).toContain(
      '> 1.5 * (sum(rate(ripcord_requests_total{model="recsys",release="recsys-v1-enc4"',
    );
    expect(relative!.annotations['approximation']).toMatch(/always-valid test/);
    expect(p95).toMatchObject({ alert: 'RipcordP95Latency', labels: { severity: 'warning' } });
    expect(p95!.expr).toContain('histogram_quantile(0.95');
    expect(p95!.expr).toContain('[5m]');
    expect(p95!.for).toBeUndefined();
    expect(p99!.expr).toContain(' > 0.8');
    expect(alerts.find((a) => a.alert === 'RipcordPredictionDiversity')!.expr).toContain('< 0.8 *');
    expect(alerts.find((a) => a.alert === 'RipcordKpiConversion')!.expr).toContain('[15m]');
    // Null rates are judged by the same always-valid test as errors: the rule says it approximates.
    expect(alerts.find((a) => a.alert === 'RipcordInputNullRateAge')!.annotations['approximation']).toMatch(
      /100 input rows a side/,
    );
  });

  describe.skipIf(promtoolTool.skip)('with promtool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-rules-'));

    it('passes promtool check rules', () => {
      writeFileSync(join(dir, 'rules.yml'), renderRules(exported()));
      const r = promtool(['check', 'rules', join(dir, 'rules.yml')]);
      expect(r.output).toContain('SUCCESS: 8 rules found');
      expect(r.status).toBe(0);
    });

    it('fires on a canary failing 10 % of requests beside a clean baseline (promtool test rules)', () => {
      const { rules } = exported();
      writeFileSync(join(dir, 'rules.yml'), renderRules(exported()));
      const alerts = rules.groups[0]!.rules;
      const expected = (summary: string) => {
        const rule = alerts.find((a) => a.annotations['summary'] === `recsys-v2: ${summary}`)!;
        return { exp_labels: { alertname: rule.alert, ...rule.labels }, exp_annotations: rule.annotations };
      };
      const series = (release: string, outcome: string, perStep: number) => ({
        series: `ripcord_requests_total{model="recsys",release="${release}",region="default",outcome="${outcome}"}`,
        values: `0+${perStep}x40`,
      });
      const tests = {
        rule_files: ['rules.yml'],
        evaluation_interval: '15s',
        tests: [
          {
            interval: '15s',
            input_series: [
              series('recsys-v2-enc5', 'ok', 90),
              series('recsys-v2-enc5', 'serverError', 10),
              series('recsys-v1-enc4', 'ok', 100),
              series('recsys-v1-enc4', 'serverError', 0),
            ],
            alert_rule_test: [
              // The relative trigger acts at once; the `for 2m` one is still pending.
              {
                eval_time: '1m',
                alertname: 'RipcordErrorRate',
                exp_alerts: [expected('hard: error rate up > 50%')],
              },
              {
                eval_time: '3m',
                alertname: 'RipcordErrorRate',
                exp_alerts: [expected('hard: error rate > 5% for 2m'), expected('hard: error rate up > 50%')],
              },
            ],
          },
          {
            // Both releases fail 3 %: under the 5 % limit and not 50 % above the baseline.
            interval: '15s',
            input_series: [
              series('recsys-v2-enc5', 'ok', 97),
              series('recsys-v2-enc5', 'serverError', 3),
              series('recsys-v1-enc4', 'ok', 97),
              series('recsys-v1-enc4', 'serverError', 3),
            ],
            alert_rule_test: [{ eval_time: '5m', alertname: 'RipcordErrorRate', exp_alerts: [] }],
          },
        ],
      };
      writeFileSync(join(dir, 'tests.yml'), stringify(tests));
      const r = promtool(['test', 'rules', join(dir, 'tests.yml')]);
      expect(r.output).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });

    it('a rules file with the wrong threshold fails promtool test rules: the test bites', () => {
      const { rules } = exported();
      const broken = structuredClone(rules) as RulesFile;
      for (const rule of broken.groups[0]!.rules) rule.expr = rule.expr.replace(' > 0.05', ' > 0.5');
      writeFileSync(join(dir, 'rules.yml'), stringify(broken));
      expect(promtool(['test', 'rules', join(dir, 'tests.yml')]).status).not.toBe(0);
    });
  });
});

describe('ripcord alerts export', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let file: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-alerts-cli-'));
    plane = await startControlPlane({
      dataDir,
      port: 0,
      plugins: standardPlugins({
        gateway: { port: 0 },
        controller: {
          tickMs: 3_600_000,
          controller: { probe: () => Promise.resolve({ ok: true, message: 'healthy' }) },
        },
      }).list,
    });
    await seedRecommender(plane.registry);
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
    file = join(dataDir, 'rollout.yaml');
    writeFileSync(file, manifest);
  });

  afterAll(async () => {
    await plane.close();
  });

  it('-f FILE: rules from manifests, every other release as the baseline; psi named on stderr', async () => {
    const r = await run(dataDir, 'alerts', 'export', '-f', file);
    expect(r.code).toBe(0);
    const rules = parse(r.stdout) as RulesFile;
    expect(rules.groups[0]!.name).toBe('ripcord-rollout-recsys-v2');
    expect(rules.groups[0]!.rules[1]!.expr).toContain('release!="recsys-v2-enc5"');
    expect(r.stderr).toContain('not exported: recsys-v2: "soft: psi(age) > 0.2"');
    expect(r.stdout).toContain('# not exported: rollout recsys-v2, trigger "soft: psi(age) > 0.2"');
  });

  it('--baseline names the release compared against', async () => {
    const r = await run(dataDir, 'alerts', 'export', '-f', file, '--baseline', 'recsys-v1-enc4');
    const rules = parse(r.stdout) as RulesFile;
    expect(rules.groups[0]!.rules[1]!.expr).toContain('release="recsys-v1-enc4"');
    expect(rules.groups[0]!.rules[1]!.labels['baseline']).toBe('recsys-v1-enc4');
  });

  it('--lookback sets the range of triggers with neither over nor for', async () => {
    const r = await run(dataDir, 'alerts', 'export', '-f', file, '--lookback', '10m');
    const rules = parse(r.stdout) as RulesFile;
    expect(rules.groups[0]!.rules[1]!.expr).toContain('[10m]');
    const bad = await run(dataDir, 'alerts', 'export', '-f', file, '--lookback', 'soon');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('give a duration such as 5m');
  });

  it('--out writes the file and says how many rules', async () => {
    const out = join(dataDir, 'out.yml');
    const r = await run(dataDir, 'alerts', 'export', '-f', file, '--out', out);
    expect(r.stdout).toBe(`8 alert rules written to ${out}\n`);
    expect((parse(readFileSync(out, 'utf8')) as RulesFile).groups[0]!.rules).toHaveLength(8);
  });

  it('ROLLOUT: rules for a stored rollout with its baseline; no name: every rollout not ended', async () => {
    const started = await run(dataDir, 'rollout', 'start', '-f', file);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const one = await run(dataDir, 'alerts', 'export', 'recsys-v2');
    expect(one.code).toBe(0);
    const rules = parse(one.stdout) as RulesFile;
    expect(rules.groups[0]!.rules[0]!.labels['baseline']).toBe('recsys-v1-enc4');
    const all = await run(dataDir, 'alerts', 'export');
    expect((parse(all.stdout) as RulesFile).groups.map((g) => g.name)).toEqual(['ripcord-rollout-recsys-v2']);
    const missing = await run(dataDir, 'alerts', 'export', 'nope');
    expect(missing.code).not.toBe(0);
  });

  it('refuses a name and -f together, and --baseline without -f', async () => {
    expect((await run(dataDir, 'alerts', 'export', 'recsys-v2', '-f', file)).stderr).toContain('not both');
    expect((await run(dataDir, 'alerts', 'export', '--baseline', 'x')).stderr).toContain(
      '--baseline applies to -f',
    );
  });
});
