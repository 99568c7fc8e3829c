/**
 * No safe rollback target, end to end: the registry's candidate search finds none, the rollout
 * starts on `allowFallback`, and when it is rolled back its `kind: retrain` step dispatches the
 * GitHub Actions retrain (contract server) with the last known-good dataset version and training
 * config commit, while the stable release keeps serving; the incident links the run, and its
 * report shows it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from '../e2e/e2e-databases.js';
import { startE2e, type E2e, type IncidentView } from '../e2e/harness.js';
import { startGithubContractServer } from '../contracts/github/github-server.js';

const TOKEN = 'ghp_NOSAFETARGET0123456789';
const [database] = await e2eDatabases();

describe('no safe rollback target: the retrain step', () => {
  let e2e: E2e | undefined;
  let github: Awaited<ReturnType<typeof startGithubContractServer>> | undefined;
  afterEach(async () => {
    delete process.env['RANKER_RETRAIN_TOKEN'];
    await e2e?.close();
    await github?.close();
  });

  it('dispatches the retrain with the known-good training inputs and links the run from the incident', async () => {
    github = await startGithubContractServer({
      repository: 'search/ranker-training',
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
    process.env['RANKER_RETRAIN_TOKEN'] = TOKEN;
    e2e = await startE2e({ database: database! });
    const { api } = e2e;
    await api.send('PUT', '/models/ranker', { owner: 'search', protocol: 'tfserving' });
    for (const version of [1, 2]) {
      await api.send('POST', '/models/ranker/versions', {
        version,
        artifactUri: `s3://models/ranker/${version}/`,
        digest: `sha256:${String(version).repeat(64)}`,
        framework: 'xgboost',
        datasetVersion: `queries-2025-1${version}`,
        trainingConfigCommit: version === 1 ? 'c0ffee12' : 'deadbeef',
      });
      await api.send('POST', '/releases', {
        name: `ranker-${version}`,
        model: 'ranker',
        modelVersion: version,
        serving: { backends: [{ url: version === 1 ? e2e.v1.url : e2e.v2.url }] },
      });
    }
    await api.send('PUT', '/traffic/ranker', { stable: 'ranker-1' });

    const started = await api.send<{ status: { rollbackTarget: unknown } }>('POST', '/rollouts', {
      name: 'ranker-2',
      model: 'ranker',
      release: 'ranker-2',
      canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
      analysis: { triggers: ['hard: error rate > 5% for 10s'] },
      allowFallback: true,
      executors: [
        {
          kind: 'retrain',
          github: { repository: 'search/ranker-training', workflow: 'retrain.yml', apiUrl: github.url },
          tokenEnv: 'RANKER_RETRAIN_TOKEN',
        },
      ],
    });
    expect(started.status.rollbackTarget).toMatchObject({ release: null, reason: 'fallback' });
    await e2e.waitForRollout('ranker-2', 'paused at 5 %', (r) => r.status.weight === 5);

    // With no safe target a person names where traffic goes (the stable release); the dry run
    // shows the retrain before anything is sent.
    const plan = await api.get<{ steps: { name: string; summary: string }[] }>(
      '/rollouts/ranker-2/rollback-plan?to=ranker-1',
    );
    expect(plan.steps.find((s) => s.name === 'retrain:model')?.summary).toBe(
      'retrain:model: no safe rollback target; trigger the GitHub Actions workflow retrain.yml in ' +
        'search/ranker-training on main with dataset queries-2025-11 and config c0ffee12 (as trained for ranker-1); ' +
        'the fallback serves meanwhile',
    );
    expect(github.dispatches).toEqual([]);

    await api.send('POST', '/rollouts/ranker-2/rollback', { reason: 'rankings look wrong', to: 'ranker-1' });
    const rolledBack = await e2e.waitForRollout('ranker-2', 'rolled back', (r) =>
      ['RolledBack', 'Completed', 'Failed'].includes(r.status.phase),
    );
    expect(rolledBack.status.rollback).toMatchObject({ target: 'ranker-1', outcome: 'succeeded' });
    expect(await api.get('/traffic/ranker')).toMatchObject({ stable: 'ranker-1', weights: [] });
    expect(github.dispatches).toEqual([
      {
        repository: 'search/ranker-training',
        workflow: 'retrain.yml',
        ref: 'main',
        inputs: {
          model: 'ranker',
          dataset_version: 'queries-2025-11',
          config_commit: 'c0ffee12',
          reason: `ripcord ${rolledBack.status.rollback!.eventId}: no safe rollback target for ranker-2 (rankings look wrong)`,
        },
      },
    ]);

    const incidents = await api.get<IncidentView[]>('/incidents');
    const incident = incidents.find((i) => i.model === 'ranker');
    expect(incident?.retrain).toMatchObject({
      provider: 'github',
      id: 7001,
      url: 'https://github.com/search/ranker-training/actions/runs/7001',
      datasetVersion: 'queries-2025-11',
      configCommit: 'c0ffee12',
    });
    expect(JSON.stringify(incidents)).not.toContain(TOKEN);
    expect(await api.get(`/audit?action=retrain.trigger`)).toEqual([
      expect.objectContaining({ target: `incident/${incident!.id}` }),
    ]);
  }, 120_000);
});
