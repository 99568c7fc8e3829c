/** `ripcord rollout plan`: each option in --help changes the plan the way it says. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { PlanRow } from '../../src/controller/plan/detection-plan.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { seedRecommender } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ripcord-plan-'));
const file = join(dir, 'rollout.yaml');
writeFileSync(
  file,
  [
    'apiVersion: ripcord.dev/v1',
    'kind: Rollout',
    'metadata: { name: recsys-v2 }',
    'spec:',
    '  model: recsys',
    '  release: recsys-v2-enc5',
    '  canary: { steps: [{ setWeight: 5 }, { pause: { duration: 5m } }, { setWeight: 50 }, { pause: { duration: 5m } }] }',
    '  analysis:',
    '    triggers:',
    "      - 'hard: error rate > 5% for 3m'",
    "      - 'hard: p95 latency up > 30% for 5m'",
    "      - 'soft: kpi conversion down > 2% over 15m with significance'",
  ].join('\n'),
);

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ripcord', '--data', dir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

async function plan(...options: string[]): Promise<PlanRow[]> {
  const result = await run('rollout', 'plan', '-f', file, '-o', 'json', ...options);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as PlanRow[];
}

const at = (rows: PlanRow[], step: string, trigger: RegExp): PlanRow => {
  const row = rows.find((r) => r.step.includes(step) && trigger.test(r.trigger));
  if (!row) throw new Error(`no row for ${step} ${trigger}`);
  return row;
};
const LATENCY = /p95 latency/;
const ERRORS = /error rate/;
const KPI = /kpi conversion/;

describe('ripcord rollout plan', () => {
  it('lists its options in --help', async () => {
    const help = await run('rollout', 'plan', '--help');
    for (const option of [
      '-f, --filename',
      '--rate',
      '--over',
      '--latency-up',
      '--error-from',
      '--error-factor',
      '--kpi-down',
      '--kpi-mean',
      '--kpi-per-request',
      '-o, --output',
    ])
      expect(help.stdout).toContain(option);
  });

  it('-f and --rate: a table per step and trigger, and a warning for each step too short or too small', async () => {
    const result = await run('rollout', 'plan', '-f', file, '--rate', '200');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^detection plan for recsys-v2: 200\.0 req\/s \(--rate 200\)/);
    expect(result.stdout).toMatch(
      /step 1: canary 5 %.*10\.0.*hard: p95 latency up > 30% for 5m.*latency \+40 %/,
    );
    // errors x5 from 0.3 % is 1.5 %: a 5 % limit never sees it, at any step.
    expect(result.stdout).toContain(
      'warning: step 1: canary 5 % cannot show errors 0.3 % → 1.5 % to "hard: error rate > 5% for 3m"',
    );
    expect(result.stdout).toMatch(
      /warning: step 1: canary 5 % is too short for "hard: p95 latency up > 30% for 5m"/,
    );
  });

  it('--rate: more traffic, sooner detection', async () => {
    const slow = at(await plan('--rate', '100'), 'canary 5 %', LATENCY).detectMs!;
    const fast = at(await plan('--rate', '2000'), 'canary 5 %', LATENCY).detectMs!;
    expect(fast).toBeLessThan(slow);
  });

  it('--latency-up: a larger slowdown is seen sooner', async () => {
    const small = at(await plan('--rate', '200'), 'canary 5 %', LATENCY);
    const large = at(await plan('--rate', '200', '--latency-up', '100'), 'canary 5 %', LATENCY);
    expect(small.regression).toBe('latency +40 %');
    expect(large.regression).toBe('latency +100 %');
    expect(large.detectMs!).toBeLessThan(small.detectMs!);
  });

  it('--error-from and --error-factor: 2 % → 10 % crosses the 5 % limit, 0.3 % → 1.5 % never does', async () => {
    expect(at(await plan('--rate', '200'), 'canary 50 %', ERRORS).detectMs).toBeUndefined();
    const from = at(await plan('--rate', '200', '--error-from', '2'), 'canary 50 %', ERRORS);
    expect(from.regression).toBe('errors 2 % → 10 %');
    expect(from.detectMs).toBeGreaterThanOrEqual(180_000);
    const factor = at(await plan('--rate', '200', '--error-factor', '20'), 'canary 50 %', ERRORS);
    expect(factor.regression).toBe('errors 0.3 % → 6 %');
    expect(factor.detectMs).toBeDefined();
  });

  it('--kpi-down: a 10 % drop is seen where a 3 % one is not', async () => {
    expect(at(await plan('--rate', '200'), 'canary 50 %', KPI).detectMs).toBeUndefined();
    const row = at(await plan('--rate', '200', '--kpi-down', '10'), 'canary 50 %', KPI);
    expect(row.regression).toBe('kpi conversion −10 %');
    expect(row.detectMs).toBeDefined();
  });

  it('--kpi-mean and --kpi-per-request: rarer feedback is seen later', async () => {
    const base = at(await plan('--rate', '200', '--kpi-down', '10'), 'canary 50 %', KPI).detectMs!;
    const sparse = at(
      await plan('--rate', '200', '--kpi-down', '10', '--kpi-per-request', '0.2'),
      'canary 50 %',
      KPI,
    );
    expect(sparse.detectMs ?? Infinity).toBeGreaterThan(base);
    const rare = at(
      await plan('--rate', '200', '--kpi-down', '10', '--kpi-mean', '0.02'),
      'canary 50 %',
      KPI,
    );
    expect(rare.detectMs ?? Infinity).toBeGreaterThan(base);
  });

  it('-o yaml renders the rows', async () => {
    const result = await run('rollout', 'plan', '-f', file, '--rate', '200', '-o', 'yaml');
    expect(result.stdout).toMatch(/- step: "?step 1: canary 5 %"?\n/);
  });

  it('plans a blue/green flip at the whole traffic, and says a shadow has nothing to plan', async () => {
    const flip = await run(
      'rollout',
      'plan',
      '-f',
      'examples/recommender/rollout-bluegreen.yaml',
      '--rate',
      '200',
      '-o',
      'json',
    );
    const rows = JSON.parse(flip.stdout) as PlanRow[];
    expect(rows.map((r) => [r.step, r.share])).toContainEqual(['post-promotion (blue/green)', 1]);
    const shadow = await run(
      'rollout',
      'plan',
      '-f',
      'examples/recommender/rollout-shadow.yaml',
      '--rate',
      '200',
    );
    expect(shadow.stdout).toMatch(/shows its triggers no user traffic .*: nothing to plan/);
  });

  it('refuses a bad number naming the option (exit 2)', async () => {
    const result = await run('rollout', 'plan', '-f', file, '--rate', 'lots');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rate takes a positive number, got "lots"');
  });
});

describe('ripcord rollout plan without --rate', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane({
      dataDir: dir,
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 1000 } }).list,
    });
    await seedRecommender(plane.registry);
  });
  afterAll(async () => plane.close());

  it('--over: reads the rate from the model telemetry over that span, and says when there is none', async () => {
    const result = await run('--server', plane.url, 'rollout', 'plan', '-f', file, '--over', '1h');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('recsys had no traffic in the last 1h; state it with --rate REQ_PER_S');
  });
});
