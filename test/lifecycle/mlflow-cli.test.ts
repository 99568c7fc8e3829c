/**
 * `ripcord import mlflow` and `ripcord mlflow sync` as a user runs them: the CLI in-process
 * against a real control plane (SQLite) and the MLflow contract server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../src/registry/types.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { startMlflowContractServer, type MlflowContractServer } from '../contracts/mlflow/mlflow-server.js';
import { admin } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const HEX = 'ab'.repeat(32);

describe('ripcord import mlflow / mlflow sync', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let mlflow: MlflowContractServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-mlflow-cli-'));
    plane = await startControlPlane({ dataDir, port: 0 });
  });
  afterAll(async () => {
    await plane.close();
  });
  afterEach(async () => {
    await mlflow.close();
  });

  const run = (...args: string[]) => runCli(dataDir, args);

  async function serve(model: string, token?: string) {
    mlflow = await startMlflowContractServer(token ? { token } : {});
    mlflow.addModel(model, [
      {
        stage: 'Archived',
        metrics: { ndcg_at_10: 0.31, prediction_diversity: 0.73 },
        tags: { 'rollback.healthy_baseline': 'true' },
      },
      {
        stage: 'Production',
        metrics: { ndcg_at_10: 0.33 },
        tags: { sha256: HEX, 'mlflow.flavor': 'pytorch' },
      },
    ]);
  }

  async function release(name: string, model: string, version: number) {
    await plane.registry.createRelease(
      { name, model, modelVersion: version, serving: { backends: [{ url: 'http://127.0.0.1:9' }] } },
      admin,
    );
  }

  it('imports every version with its artifact URI, digest and training metrics, then only new ones', async () => {
    await serve('ranker');
    const missing = await run('import', 'mlflow', 'ranker', '--tracking-uri', mlflow.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ripcord has no model "ranker": create it first, or pass --owner TEAM');

    const first = await run(
      'import',
      'mlflow',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--owner',
      'ranking-team',
    );
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(
      [
        'MLflow ranker → ripcord ranker',
        '  version 1: imported (2 training metrics, digest derived: MLflow has none) [rollback.healthy_baseline]',
        '  version 2: imported (1 training metrics, digest from MLflow tag)',
        '',
      ].join('\n'),
    );
    const [v1, v2] = await plane.registry.listVersions('ranker');
    expect(v1).toMatchObject({
      version: 1,
      artifactUri: 's3://mlflow/artifacts/run1/artifacts/model',
      framework: 'mlflow',
      metrics: { ndcg_at_10: 0.31, prediction_diversity: 0.73 },
      tags: {
        'mlflow.version': '1',
        'mlflow.run_id': 'run1',
        'ripcord.digest_source': 'derived',
        'rollback.healthy_baseline': 'true',
      },
    } satisfies Partial<ModelVersion>);
    expect(v1?.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(v2).toMatchObject({ digest: `sha256:${HEX}`, framework: 'pytorch' });

    // The healthy-baseline tag marks the releases built on version 1; candidate search prefers it.
    await release('ranker-v1', 'ranker', 1);
    await release('ranker-v2', 'ranker', 2);
    await plane.registry.setAlias('ranker', 'production', 'ranker-v2', admin);
    mlflow.addModel('ranker', [{ metrics: { ndcg_at_10: 0.35 } }]);
    const again = await run('import', 'mlflow', 'ranker', '--tracking-uri', mlflow.url, '-o', 'json');
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as { versions: { outcome: string }[]; baselines: string[] };
    expect(result.versions.map((v) => v.outcome)).toEqual(['exists', 'exists', 'imported']);
    expect(result.baselines).toEqual(['ranker-v1']);
    expect(await plane.registry.rollbackCandidate('ranker')).toMatchObject({
      release: 'ranker-v1',
      reason: 'healthy-baseline',
    });
  });

  it('imports into another ripcord model name, with a framework of choice', async () => {
    await serve('ranker-mlflow');
    await plane.registry.upsertModel({ name: 'ranker2', owner: 'x', protocol: 'json' }, admin);
    const done = await run(
      'import',
      'mlflow',
      'ranker-mlflow',
      '--tracking-uri',
      mlflow.url,
      '--model',
      'ranker2',
      '--framework',
      'onnx',
      '--protocol',
      'json',
    );
    expect(done.code).toBe(0);
    expect(
      (await plane.registry.listVersions('ranker2')).map((v) => [v.framework, v.tags['mlflow.model']]),
    ).toEqual([
      ['onnx', 'ranker-mlflow'],
      ['onnx', 'ranker-mlflow'],
    ]);
  });

  it('sends the token named by --token-env, and says which variable is missing without printing a value', async () => {
    await serve('tokened', 's3cret-token');
    const unset = await run(
      'import',
      'mlflow',
      'tokened',
      '--tracking-uri',
      mlflow.url,
      '--token-env',
      'RIPCORD_TEST_UNSET_TOKEN',
    );
    expect(unset).toMatchObject({ code: 2 });
    expect(unset.stderr).toContain('--token-env: environment variable RIPCORD_TEST_UNSET_TOKEN is not set');
    const refused = await run('import', 'mlflow', 'tokened', '--tracking-uri', mlflow.url, '--owner', 't');
    expect(refused.stderr).toMatch(/401 UNAUTHENTICATED/);
    process.env['RIPCORD_TEST_MLFLOW_TOKEN'] = 's3cret-token';
    try {
      const ok = await run(
        'import',
        'mlflow',
        'tokened',
        '--tracking-uri',
        mlflow.url,
        '--token-env',
        'RIPCORD_TEST_MLFLOW_TOKEN',
        '--owner',
        't',
      );
      expect(ok.code).toBe(0);
      expect(ok.stdout + ok.stderr).not.toContain('s3cret-token');
    } finally {
      delete process.env['RIPCORD_TEST_MLFLOW_TOKEN'];
    }
  });

  it('names a registered model MLflow does not have, and a missing tracking URI', async () => {
    await serve('present');
    const absent = await run('import', 'mlflow', 'absent', '--tracking-uri', mlflow.url, '--owner', 't');
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/404 RESOURCE_DOES_NOT_EXIST: Registered Model with name=absent not found/);
    const saved = process.env['MLFLOW_TRACKING_URI'];
    delete process.env['MLFLOW_TRACKING_URI'];
    try {
      expect((await run('import', 'mlflow', 'present')).stderr).toContain(
        '--tracking-uri: give the MLflow tracking server',
      );
    } finally {
      if (saved !== undefined) process.env['MLFLOW_TRACKING_URI'] = saved;
    }
  });

  it('sync --check reports an alias moved by hand (exit 1, nothing changed); sync repairs it', async () => {
    await serve('ranker');
    mlflow.moveAlias('ranker', 'champion', '1'); // ripcord's production serves version 2
    const check = await run(
      'mlflow',
      'sync',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--alias',
      'production=champion',
      '--check',
    );
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(
      'production → MLflow alias champion: DRIFT: ripcord serves version 2, MLflow holds version 1; would set alias champion to version 2\n',
    );
    expect(check.stderr).toContain(
      'MLflow ranker has drifted from ripcord on alias champion; run without --check to repair',
    );
    expect(mlflow.calls.filter((c) => c.method !== 'GET')).toEqual([]);

    const sync = await run(
      'mlflow',
      'sync',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--alias',
      'production=champion',
    );
    expect(sync.code).toBe(0);
    const again = await run(
      'mlflow',
      'sync',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--alias',
      'production=champion',
      '--check',
    );
    expect(again).toMatchObject({
      code: 0,
      stdout: 'production → MLflow alias champion: in step (version 2)\n',
    });
  });

  it('sync finds three versions in Production (the seed) and archives all but the one ripcord serves', async () => {
    await serve('ranker');
    mlflow.addModel('ranker', [{ stage: 'Production' }]);
    mlflow.transition('ranker', '1', 'Production');
    const check = await run(
      'mlflow',
      'sync',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--stage',
      'production=Production',
      '--check',
      '-o',
      'json',
    );
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({
      reports: [{ mlflow: 'stage Production', expected: '2', actual: ['1', '2', '3'], drift: true }],
    });
    expect(
      (
        await run(
          'mlflow',
          'sync',
          'ranker',
          '--tracking-uri',
          mlflow.url,
          '--stage',
          'production=Production',
        )
      ).code,
    ).toBe(0);
    const [ranker] = mlflow.snapshot() as { versions: { stage: string }[] }[];
    expect(ranker?.versions.map((v) => v.stage)).toEqual(['Archived', 'Production', 'Archived']);
  });

  it('sync refuses to run without a mapping or with a malformed one', async () => {
    await serve('ranker');
    expect((await run('mlflow', 'sync', 'ranker', '--tracking-uri', mlflow.url)).stderr).toContain(
      'give at least one --alias RIPCORD=MLFLOW or --stage RIPCORD=Stage',
    );
    const bad = await run(
      'mlflow',
      'sync',
      'ranker',
      '--tracking-uri',
      mlflow.url,
      '--stage',
      'production=Prod',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('STAGE is Production or Staging');
  });
});
