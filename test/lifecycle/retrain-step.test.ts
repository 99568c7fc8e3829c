/**
 * The "no safe target" plan step: a rollback whose rollout found no safe rollback target triggers
 * the CI retrain (GitHub Actions or GitLab, contract servers) with the last known-good dataset
 * version and training config commit, records the trigger in the audit trail (so it happens once),
 * and the incident carries the pipeline link into its timeline and report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import type { ActionContext } from '../../src/actions/executors/executor.js';
import { ExecutorSpecSchema } from '../../src/actions/executors/executor-spec.js';
import { retrainExecutorFromSpec } from '../../src/actions/executors/retrain/retrain-from-spec.js';
import { RetrainSpecSchema } from '../../src/actions/executors/retrain/retrain-spec.js';
import type { ActionRecord } from '../../src/actions/action-journal.js';
import {
  retrainOf,
  retrainOnlyWithoutSafeTarget,
  withRetrainLink,
} from '../../src/controller/no-safe-target.js';
import { formatIncidentReport } from '../../src/incidents/format-incident-report.js';
import { buildIncidentReport } from '../../src/incidents/report/build-report.js';
import { openIncident } from '../../src/incidents/index.js';
import type { Registry } from '../../src/registry/registry.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Store } from '../../src/store/index.js';
import { admin, digestOf, seedRecommender } from '../support/fixtures.js';
import { testDatabases } from '../support/databases.js';
import { startGithubContractServer } from '../contracts/github/github-server.js';
import { startGitlabContractServer } from '../contracts/gitlab/gitlab-server.js';

const TOKEN = 'ghp_RETRAINSTEP0123456789';
const signal = new AbortController().signal;
const [sqlite] = await testDatabases();

const context: ActionContext = {
  eventId: 'rb_217',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  target: 'recsys-v1-enc4',
  trigger: 'hard: prediction diversity < 0.5 for 5m',
  reason: 'prediction diversity 0.31 vs 0.73',
  role: 'production',
  actor: 'controller',
  decidedAt: Date.UTC(2026, 0, 1, 2, 17),
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The recommender with a third model version that records its training data, as a healthy baseline. */
async function registryWithTrainingData(): Promise<{ registry: Registry; store: Store }> {
  const store = await sqlite!.open();
  closers.push(() => store.close());
  const registry = createRegistry({ store });
  await seedRecommender(registry);
  for (const [version, dataset, commit] of [
    [3, 'clicks-2025-11-30', 'c0ffee12'],
    [4, 'clicks-2025-12-01', 'deadbeef'],
  ] as const) {
    await registry.registerVersion(
      {
        model: 'recsys',
        version,
        artifactUri: `s3://models/recsys/${version}/`,
        digest: digestOf(String(version)),
        datasetVersion: dataset,
        trainingConfigCommit: commit,
        compatibleFeatures: [{ name: 'item-encoder', version: '4' }],
      },
      admin,
    );
    await registry.createRelease(
      {
        name: `recsys-v${version}-enc4`,
        model: 'recsys',
        modelVersion: version,
        features: [{ name: 'item-encoder', version: '4' }],
        serving: { backends: [{ url: `http://127.0.0.1:910${version}` }] },
      },
      admin,
    );
  }
  // v4 is newer but was itself rolled back: v3 is the last known-good training.
  await registry.markRelease(
    'recsys-v4-enc4',
    {
      kind: 'rolled-back',
      eventId: 'rb_old',
      at: new Date(0).toISOString(),
      trigger: 'manual',
      reason: 'bad',
      role: 'production',
    },
    admin,
  );
  return { registry, store };
}

async function github() {
  const server = await startGithubContractServer({
    repository: 'ml/recsys-training',
    workflow: 'retrain.yml',
    token: TOKEN,
    runDetails: true,
    inputs: {
      model: { required: true },
      dataset_version: { required: true },
      config_commit: { required: true },
      reason: { required: false },
    },
  });
  closers.push(() => server.close());
  return server;
}

const githubSpec = (apiUrl: string) =>
  RetrainSpecSchema.parse({
    kind: 'retrain',
    github: { repository: 'ml/recsys-training', workflow: 'retrain.yml', apiUrl },
    tokenEnv: 'RETRAIN_TOKEN',
  });

describe('retrain step (no safe target)', () => {
  runExecutorContract('retrain executor', async () => {
    const { registry } = await registryWithTrainingData();
    const server = await github();
    return {
      subject: retrainExecutorFromSpec(githubSpec(server.url), { registry, env: { RETRAIN_TOKEN: TOKEN } }),
      context,
      secrets: [TOKEN],
      state: async () => ({
        dispatches: structuredClone(server.dispatches),
        trail: (await registry.audit({ action: 'retrain.trigger' })).map((e) => e.after),
      }),
      refuse: () => Promise.resolve(server.refuseNext("Workflow does not have 'workflow_dispatch' trigger")),
      close: () => Promise.resolve(),
    };
  });

  it('triggers GitHub with the last known-good dataset and config, once, and records the link', async () => {
    const { registry } = await registryWithTrainingData();
    const server = await github();
    const step = retrainExecutorFromSpec(githubSpec(server.url), { registry, env: { RETRAIN_TOKEN: TOKEN } });
    expect((await step.plan(context, signal)).summary).toBe(
      'retrain:model: no safe rollback target; trigger the GitHub Actions workflow retrain.yml in ml/recsys-training ' +
        'on main with dataset clicks-2025-11-30 and config c0ffee12 (as trained for recsys-v3-enc4); the fallback serves meanwhile',
    );
    const result = await step.apply(context, signal);
    expect(result.detail).toMatchObject({
      datasetVersion: 'clicks-2025-11-30',
      configCommit: 'c0ffee12',
      from: 'recsys-v3-enc4',
      pipeline: {
        provider: 'github',
        id: 7001,
        webUrl: 'https://github.com/ml/recsys-training/actions/runs/7001',
      },
    });
    expect(server.dispatches[0]?.inputs).toEqual({
      model: 'recsys',
      dataset_version: 'clicks-2025-11-30',
      config_commit: 'c0ffee12',
      reason:
        'ripcord rb_217: no safe rollback target for recsys-v2-enc5 (prediction diversity 0.31 vs 0.73)',
    });
    const [entry] = await registry.audit({ action: 'retrain.trigger', target: 'incident/rb_217' });
    expect(entry).toMatchObject({ actor: 'controller', after: { pipeline: { id: 7001 } } });
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
  });

  it('triggers GitLab with the dataset and commit the step names, and fails naming a missing token', async () => {
    const { registry } = await registryWithTrainingData();
    const gitlab = await startGitlabContractServer({ project: 'ml/recsys-training', token: 'glptt-step' });
    closers.push(() => gitlab.close());
    const spec = RetrainSpecSchema.parse({
      kind: 'retrain',
      name: 'recsys',
      gitlab: { url: gitlab.url, project: 'ml/recsys-training' },
      tokenEnv: 'GITLAB_TRIGGER_TOKEN',
      datasetVersion: 'clicks-pinned',
      configCommit: 'abcdef12',
    });
    await expect(retrainExecutorFromSpec(spec, { registry, env: {} }).apply(context, signal)).rejects.toThrow(
      'retrain:recsys: environment variable GITLAB_TRIGGER_TOKEN is not set on the control plane',
    );
    const step = retrainExecutorFromSpec(spec, { registry, env: { GITLAB_TRIGGER_TOKEN: 'glptt-step' } });
    expect(await step.apply(context, signal)).toMatchObject({
      changed: true,
      detail: { pipeline: { provider: 'gitlab', id: 1001, label: 'GitLab pipeline 1001' } },
    });
    expect(gitlab.triggers[0]?.variables).toMatchObject({
      TRAINING_DATASET_VERSION: 'clicks-pinned',
      TRAINING_CONFIG_COMMIT: 'abcdef12',
    });
  });

  it('with no version recording its training data, fails saying what to set', async () => {
    const store = await sqlite!.open();
    closers.push(() => store.close());
    const registry = createRegistry({ store });
    await seedRecommender(registry);
    const server = await github();
    const step = retrainExecutorFromSpec(githubSpec(server.url), { registry, env: { RETRAIN_TOKEN: TOKEN } });
    await expect(step.plan(context, signal)).rejects.toThrow(
      'retrain:model: no known-good model version of recsys records its datasetVersion and trainingConfigCommit; set datasetVersion and configCommit in the retrain step',
    );
    expect(server.dispatches).toEqual([]);
  });

  it('stands down when the rollout has a safe target', async () => {
    const { registry } = await registryWithTrainingData();
    const server = await github();
    const step = retrainExecutorFromSpec(githubSpec(server.url), { registry, env: { RETRAIN_TOKEN: TOKEN } });
    const [gated] = retrainOnlyWithoutSafeTarget([step], {
      release: 'recsys-v1-enc4',
      reason: 'designated',
      explanation: 'named',
    });
    expect(await gated!.plan(context, signal)).toEqual({
      changes: false,
      summary: 'retrain:model: not needed, recsys-v1-enc4 is a safe rollback target',
    });
    expect(await gated!.apply(context, signal)).toMatchObject({ changed: false });
    expect(server.dispatches).toEqual([]);
    const [kept] = retrainOnlyWithoutSafeTarget([step], {
      release: null,
      reason: 'fallback',
      explanation: 'none',
    });
    expect(kept).toBe(step);
  });

  it('the incident records the pipeline link, its timeline and report show it', () => {
    const action: ActionRecord = {
      actionId: 'rb_217/retrain:model',
      owner: 'rb_217',
      name: 'retrain:model',
      step: 4,
      status: 'completed',
      startedAt: context.decidedAt + 900,
      endedAt: context.decidedAt + 1_000,
      outcome: {
        result: 'succeeded',
        changed: true,
        detail: {
          datasetVersion: 'clicks-2025-11-30',
          configCommit: 'c0ffee12',
          pipeline: {
            provider: 'github',
            id: 7001,
            webUrl: 'https://github.com/ml/recsys-training/actions/runs/7001',
            label: 'GitHub Actions run 7001 of retrain.yml in ml/recsys-training',
          },
        },
      },
    } as ActionRecord;
    const { eventId: id, ...rest } = context;
    const incident = withRetrainLink({
      ...openIncident({ ...rest, id, severity: 'hard', firstBreachAt: context.decidedAt - 60_000 }),
      actions: [action],
    });
    expect(incident.retrain).toEqual({
      provider: 'github',
      label: 'GitHub Actions run 7001 of retrain.yml in ml/recsys-training',
      id: 7001,
      url: 'https://github.com/ml/recsys-training/actions/runs/7001',
      datasetVersion: 'clicks-2025-11-30',
      configCommit: 'c0ffee12',
      at: context.decidedAt + 1_000,
    });
    expect(retrainOf([{ ...action, name: 'mlflow:recsys' }])).toBeUndefined();
    expect(buildIncidentReport(incident, context.decidedAt + 5_000).timeline.map((e) => e.event)).toContain(
      'emergency retrain triggered (no safe rollback target): GitHub Actions run 7001 of retrain.yml in ml/recsys-training ' +
        'https://github.com/ml/recsys-training/actions/runs/7001, dataset clicks-2025-11-30, config c0ffee12',
    );
    expect(formatIncidentReport(incident, { now: context.decidedAt + 5_000 })).toContain(
      'Retrain   GitHub Actions run 7001 of retrain.yml in ml/recsys-training https://github.com/ml/recsys-training/actions/runs/7001',
    );
  });

  it('kind: retrain names exactly one CI and a token variable', () => {
    expect(() => ExecutorSpecSchema.parse({ kind: 'retrain', tokenEnv: 'T' })).toThrow(
      /names one CI: gitlab: \{ url, project \} or github: \{ repository, workflow \}/,
    );
    expect(
      ExecutorSpecSchema.parse({
        kind: 'retrain',
        tokenEnv: 'T',
        github: { repository: 'a/b', workflow: 'r.yml' },
      }),
    ).toEqual({
      kind: 'retrain',
      tokenEnv: 'T',
      github: { repository: 'a/b', workflow: 'r.yml', ref: 'main' },
    });
  });
});
