/**
 * A trigger that does not parse is refused when the rollout is submitted, through every door (the
 * API, `apply`, `rollout start`), naming its index with the caret message; `lint` says the same
 * without a server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentStore } from '../../src/store/document-store.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const TRIGGERS = [
  'hard: p95 latency up > 30% for 5m',
  'hard: eror rate > 5% for 3m',
  'soft: kpi conversion down > 2',
];

const manifest = (triggers: string[]): string =>
  [
    'apiVersion: ripcord.dev/v1',
    'kind: Rollout',
    'metadata: { name: recsys-v2 }',
    'spec:',
    '  model: recsys',
    '  release: recsys-v2-enc5',
    '  canary: { steps: [{ setWeight: 5 }, { pause: {} }] }',
    '  analysis:',
    '    triggers:',
    ...triggers.map((t) => `      - '${t}'`),
  ].join('\n');

const run = (dataDir: string, ...args: string[]) => runCli(dataDir, args);

describe('triggers compiled when a rollout is submitted', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let file: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-triggers-'));
    plane = await startControlPlane({
      dataDir,
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 100 } }).list,
    });
    await seedRecommender(plane.registry);
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
    file = join(dataDir, 'rollout.yaml');
    writeFileSync(file, manifest(TRIGGERS));
  });
  afterAll(async () => plane.close());

  const post = async (path: string, body: unknown) => {
    const response = await request(`${plane.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plane.bootstrapToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, problem: (await response.body.json()) as Record<string, unknown> };
  };

  const nothingStarted = async () => {
    expect(await documentStore(plane.store, 'rollout').list()).toHaveLength(0);
    expect((await plane.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
  };

  it('POST /rollouts answers 400 naming analysis.triggers[1] with the caret, and lists every bad trigger', async () => {
    const { status, problem } = await post('/rollouts', {
      name: 'recsys-v2',
      model: 'recsys',
      release: 'recsys-v2-enc5',
      canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
      analysis: { triggers: TRIGGERS },
    });
    expect(status).toBe(400);
    expect(problem['field']).toBe('analysis.triggers[1]');
    expect(problem['detail']).toContain('analysis.triggers[1]: expected a metric');
    expect(problem['detail']).toContain('  hard: eror rate > 5% for 3m\n        ^');
    const errors = problem['errors'] as { field: string; pointer: string; detail: string }[];
    expect(errors.map((i) => i.field)).toEqual(['analysis.triggers[1]', 'analysis.triggers[2]']);
    expect(errors.map((i) => i.pointer)).toEqual(['#/analysis/triggers/1', '#/analysis/triggers/2']);
    expect(errors[1]?.detail).toMatch(/a relative change needs a percentage/);
    await nothingStarted();
  });

  it('POST /apply answers 400 naming documents[0].spec.analysis.triggers[1]', async () => {
    const { parse } = await import('yaml');
    const { status, problem } = await post('/apply', { documents: [parse(manifest(TRIGGERS))] });
    expect(status).toBe(400);
    expect(problem['field']).toBe('documents[0].spec.analysis.triggers[1]');
    expect(problem['detail']).toContain('^');
    await nothingStarted();
  });

  it('`apply` and `rollout start` exit 1 naming spec.analysis.triggers[i] at its line, and start nothing', async () => {
    for (const verb of [['apply'], ['rollout', 'start']]) {
      const result = await run(dataDir, ...verb, '-f', file);
      expect(result.code, verb.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${file}:11:9: spec.analysis.triggers[1]: expected a metric`);
      expect(result.stderr).toContain(
        `${file}:12:9: spec.analysis.triggers[2]: a relative change needs a percentage`,
      );
      expect(result.stderr).toContain('  hard: eror rate > 5% for 3m\n        ^');
    }
    await nothingStarted();
  });

  it('passes validation once the triggers are fixed (then the server checks the rollback target)', async () => {
    writeFileSync(file, manifest(['hard: p95 latency up > 30% for 5m', 'hard: error rate > 5% for 3m']));
    const result = await run(dataDir, 'rollout', 'start', '-f', file);
    // No model server runs here, so the start is refused on the rollback target's health (409).
    expect(result.stderr).toMatch(
      /^error \(409\): refusing to start: rollback target "recsys-v1-enc4" is not healthy/,
    );
  });
});

describe('ripcord lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-lint-'));

  it('exits 0 on valid manifests of every kind, without a server', async () => {
    const result = await run(dir, '--server', 'http://127.0.0.1:9', 'lint', '-f', 'examples/recommender');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ documents valid\n$/);
  });

  it('--quiet prints nothing when valid', async () => {
    const result = await run(dir, 'lint', '--quiet', '-f', 'examples/recommender/rollout-canary.yaml');
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('-f takes several files; exits 1 listing every problem with the grammar', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `${manifest(TRIGGERS)}\n---\napiVersion: ripcord.dev/v1\nkind: Release\nmetadata: { name: r1 }\nspec: { model: recsys, modelVersion: one }\n`,
    );
    const result = await run(dir, 'lint', '-f', 'examples/recommender/registry.yaml', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error: \d+ problems:/);
    expect(result.stderr).toContain(`${bad}:11:9: spec.analysis.triggers[1]: expected a metric`);
    expect(result.stderr).toContain(`${bad}:12:9: spec.analysis.triggers[2]`);
    expect(result.stderr).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:\\d+:\\d+: spec\\.modelVersion`));
    expect(result.stderr).toContain('Trigger grammar:\ntrigger     := [severity ":"]');
  });

  it('exits 2 without -f', async () => {
    const result = await run(dir, 'lint');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/required option '-f, --filename <paths...>'/);
  });
});
