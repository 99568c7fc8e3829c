/**
 * The 2:17 AM incident with the feature pipeline as root cause, end to end: a release whose model
 * version and clicks pipeline (p2) changed together is promoted, its prediction diversity
 * collapses, and the guard rolls it back. Traffic, ripcord's aliases, MLflow's alias and tags
 * (contract server), the encoder flag as an OpenFeature application sees it (the official SDK
 * and OFREP provider), the pipeline commit and the GitOps file (real git) all come back, in plan
 * order, recorded in one incident.
 */
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature } from '@openfeature/server-sdk';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from '../e2e/e2e-databases.js';
import { startE2e, type E2e } from '../e2e/harness.js';
import { startMlflowContractServer, type MlflowContractServer } from '../contracts/mlflow/mlflow-server.js';
import { realTool } from '../support/real-tool.js';
import { git, pipelineRepos, type PipelineRepos } from './git-repos.js';

const gitTool = realTool('git', 'apt-get install -y git');
const TRIGGER = 'hard: prediction diversity down > 20% over 5s';
const GOOD = 'recsys-v3-p1';
const BAD = 'recsys-v4-p2';
const digest = (char: string): string => `sha256:${char.repeat(64)}`;
const [database] = await e2eDatabases();

describe.skipIf(gitTool.skip)('the 2:17 AM incident, feature pipeline as root cause', () => {
  let e2e: E2e | undefined;
  let mlflow: MlflowContractServer | undefined;
  const repos: PipelineRepos[] = [];
  afterEach(async () => {
    await OpenFeature.close();
    await e2e?.close();
    await mlflow?.close();
    for (const r of repos.splice(0)) r.close();
  });

  it('puts traffic, aliases, MLflow, the flag, the pipeline and the GitOps file back, in order, in one incident', async () => {
    const pipeline = pipelineRepos([
      ['clicks pipeline p1', { 'feature_pipeline/clicks.py': 'window = "7d"\n' }],
      ['clicks pipeline p2', { 'feature_pipeline/clicks.py': 'window = "1h"\n' }],
    ]);
    const config = pipelineRepos([['layout', { 'clusters/prod/kustomization.yaml': 'resources: []\n' }]]);
    repos.push(pipeline, config);
    const pipelineClone = pipeline.clone();
    const configClone = config.clone();

    mlflow = await startMlflowContractServer({});
    mlflow.addModel('recsys', [{}, {}, {}, {}]);
    mlflow.moveAlias('recsys', 'champion', '4');

    e2e = await startE2e({ database: database! });
    const { api } = e2e;
    for (const [version, commit] of [
      ['p1', pipeline.commits['clicks pipeline p1']!],
      ['p2', pipeline.commits['clicks pipeline p2']!],
    ] as const)
      await api.send('POST', '/features', {
        name: 'clicks-pipeline',
        version,
        kind: 'feature-pipeline',
        digest: digest(version === 'p1' ? '1' : '2'),
        source: { commit, path: 'feature_pipeline/' },
      });
    for (const [name, version, encoder, clicks, backend, dataset] of [
      [GOOD, 3, '4', 'p1', e2e.v1.url, 'clicks-2025-11-30'],
      [BAD, 4, '5', 'p2', e2e.v2.url, 'clicks-2025-12-01'],
    ] as const) {
      const features = [
        { name: 'item-encoder', version: encoder },
        { name: 'clicks-pipeline', version: clicks },
      ];
      await api.send('POST', '/models/recsys/versions', {
        version,
        artifactUri: `s3://models/recsys/${version}/`,
        digest: digest(String(version)),
        framework: 'pytorch',
        metrics: { primary_metric: 0.31, prediction_diversity: 0.73 },
        compatibleFeatures: features,
        datasetVersion: dataset,
      });
      await api.send('POST', '/releases', {
        name,
        model: 'recsys',
        modelVersion: version,
        features,
        serving: { backends: [{ url: backend }] },
      });
    }
    for (const alias of ['production', 'last-known-good'])
      await api.send('PUT', `/models/recsys/aliases/${alias}`, { release: GOOD, reason: 'e2e seed' });
    await api.send('PUT', '/traffic/recsys', { stable: GOOD });
    for (const key of ['item-encoder@4', 'item-encoder@5'])
      await api.send('PUT', `/flags/${key}`, { enabled: true });

    // The application reads the encoder flag through OpenFeature.
    await OpenFeature.setProviderAndWait(
      new OFREPProvider({
        baseUrl: `${e2e.plane.url}/api/v1`,
        headers: [['authorization', `Bearer ${e2e.plane.bootstrapToken ?? ''}`]],
      }),
    );
    const app = OpenFeature.getClient('recsys-app');
    expect(await app.getBooleanValue('item-encoder@5', false)).toBe(true);

    const load = e2e.load({ ratePerSecond: 250 });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await api.send('POST', '/rollouts', {
      name: 'recsys-v4-guarded',
      model: 'recsys',
      release: BAD,
      canary: { steps: [{ setWeight: 100 }] },
      analysis: { triggers: [TRIGGER], consecutiveBreaches: 2 },
      guard: { fastFor: '1h', baselineWindow: '6s' },
      verify: { within: '3s' },
      executors: [
        { kind: 'mlflow', trackingUri: mlflow.url, registeredModel: 'recsys', alias: 'champion' },
        { kind: 'feature-pipeline', workdir: pipelineClone, feature: 'clicks-pipeline', dvc: false },
        { kind: 'gitops', workdir: configClone, file: 'clusters/prod/recsys.yaml' },
      ],
    });
    await e2e.waitForRollout('recsys-v4-guarded', 'guarding', (r) => r.status.phase === 'Guarding');
    await e2e.waitForRollout(
      'recsys-v4-guarded',
      'guard judging v4',
      (r) => r.status.lastDecision?.insufficientData === false,
    );
    await e2e.v2.setFaults([{ kind: 'diversity-collapse' }]);
    const rolledBack = await e2e.waitForRollout(
      'recsys-v4-guarded',
      'rolled back',
      (r) => r.status.phase === 'RolledBack',
      60_000,
    );
    const eventId = rolledBack.status.rollback!.eventId;
    expect(rolledBack.status.rollback).toMatchObject({ trigger: TRIGGER, target: GOOD });
    await load.stop();

    // Traffic and ripcord's aliases.
    expect(await api.get('/traffic/recsys')).toMatchObject({ stable: GOOD, weights: [] });
    expect(await api.get('/models/recsys/aliases/production')).toMatchObject({ release: GOOD });
    // MLflow: the alias on the good version, both versions tagged.
    const [model] = mlflow.snapshot() as {
      aliases: Record<string, string>;
      versions: { version: string; tags: Record<string, string> }[];
    }[];
    expect(model?.aliases).toEqual({ champion: '3' });
    expect(model?.versions[2]?.tags).toMatchObject({
      'rollback.event_id': eventId,
      'rollback.role': 'rollback_target',
    });
    expect(model?.versions[3]?.tags).toMatchObject({ 'rollback.role': 'rolled_back_from' });
    // The encoder flag, as the application sees it.
    expect(await app.getBooleanValue('item-encoder@5', true)).toBe(false);
    expect(await app.getBooleanValue('item-encoder@4', false)).toBe(true);
    // The pipeline commit, pushed.
    expect(pipeline.remoteFile('feature_pipeline/clicks.py')).toBe('window = "7d"');
    expect(git(pipeline.root, '--git-dir', pipeline.remote, 'log', '-1', '--format=%B', 'main')).toContain(
      `Ripcord-Event: ${eventId}`,
    );
    // The GitOps file pins the good release.
    expect(parse(config.remoteFile('clusters/prod/recsys.yaml'))).toMatchObject({
      release: GOOD,
      modelVersion: { version: 3, datasetVersion: 'clicks-2025-11-30' },
      features: [
        { name: 'item-encoder', version: '4' },
        { name: 'clicks-pipeline', version: 'p1', commit: pipeline.commits['clicks pipeline p1'] },
      ],
    });

    // One incident, every step succeeded, in plan order.
    const [incident, ...others] = await e2e.incidents();
    expect(others).toHaveLength(0);
    expect(incident).toMatchObject({ id: eventId, release: BAD, target: GOOD });
    const actions = incident!.actions;
    expect(actions.map((a) => [a.name, a.outcome?.result])).toEqual([
      ['traffic', 'succeeded'],
      ['alias:production', 'succeeded'],
      [expect.stringMatching(/^mark/), 'succeeded'],
      ['flag:clicks-pipeline@p2', 'succeeded'],
      ['flag:item-encoder@5', 'succeeded'],
      ['mlflow:recsys', 'succeeded'],
      ['feature-pipeline:clicks-pipeline', 'succeeded'],
      ['gitops:clusters/prod/recsys.yaml', 'succeeded'],
    ]);
    const ended = actions.map((a) => a.endedAt ?? 0);
    expect([...ended].sort((a, b) => a - b)).toEqual(ended);
  }, 150_000);
});
