/**
 * An emergency retrain through GitHub Actions `workflow_dispatch`, with GitHub's official client
 * against the contract server: the run link from `return_run_details`, or found in the workflow's
 * runs when the server answers 204; GitHub's 401, 404 and 422 reported without the token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchGithubRetrain } from '../../src/ci/github-dispatch.js';
import { main } from '../../src/cli/main.js';
import { startGithubContractServer } from '../contracts/github/github-server.js';

const TOKEN = 'ghp_0123456789abcdefRETRAIN';
const INPUTS = {
  model: { required: true },
  dataset_version: { required: true },
  config_commit: { required: true },
  reason: { required: false },
};
const retrain = {
  model: 'recsys',
  datasetVersion: 'clicks-2025-11-30',
  configCommit: 'c0ffee12',
  ref: 'main',
};

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  delete process.env['GITHUB_TOKEN'];
});

async function github(options: Partial<Parameters<typeof startGithubContractServer>[0]> = {}) {
  const server = await startGithubContractServer({
    repository: 'ml/recsys-training',
    workflow: 'retrain.yml',
    token: TOKEN,
    inputs: INPUTS,
    refs: ['main', 'release'],
    ...options,
  });
  servers.push(server);
  return server;
}

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ripcord', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('GitHub Actions workflow_dispatch retrain', () => {
  it('dispatches with ref and inputs, and takes the run link GitHub returns', async () => {
    const server = await github({ runDetails: true });
    const target = {
      apiUrl: server.url,
      repository: 'ml/recsys-training',
      workflow: 'retrain.yml',
      token: TOKEN,
    };
    const found = await dispatchGithubRetrain(target, { ...retrain, reason: 'no safe target for rb_217' });
    expect(found).toEqual({
      id: 7001,
      webUrl: 'https://github.com/ml/recsys-training/actions/runs/7001',
      status: 'dispatched',
    });
    expect(server.dispatches).toEqual([
      {
        repository: 'ml/recsys-training',
        workflow: 'retrain.yml',
        ref: 'main',
        inputs: {
          model: 'recsys',
          dataset_version: 'clicks-2025-11-30',
          config_commit: 'c0ffee12',
          reason: 'no safe target for rb_217',
        },
      },
    ]);
  });

  it('on a 204 finds the run among the workflow runs created since the dispatch', async () => {
    const server = await github({ runDetails: false, listDelay: 2 });
    const target = {
      apiUrl: server.url,
      repository: 'ml/recsys-training',
      workflow: 'retrain.yml',
      token: TOKEN,
    };
    expect(await dispatchGithubRetrain(target, retrain)).toEqual({
      id: 7001,
      webUrl: 'https://github.com/ml/recsys-training/actions/runs/7001',
      status: 'queued',
    });
    // A run that never shows: the dispatch still counts, without a link.
    const late = await github({ runDetails: false, listDelay: 100 });
    expect(await dispatchGithubRetrain({ ...target, apiUrl: late.url, findRunFor: 1_500 }, retrain)).toEqual({
      id: undefined,
      webUrl: undefined,
      status: 'dispatched',
    });
    expect(late.dispatches).toHaveLength(1);
  });

  it("reports GitHub's 401, 404 and 422 without the token", async () => {
    const server = await github({ runDetails: true });
    const target = {
      apiUrl: server.url,
      repository: 'ml/recsys-training',
      workflow: 'retrain.yml',
      token: TOKEN,
    };
    const errors = await Promise.all([
      dispatchGithubRetrain({ ...target, token: 'ghp_wrong' }, retrain).catch((e: Error) => e.message),
      dispatchGithubRetrain({ ...target, workflow: 'nope.yml' }, retrain).catch((e: Error) => e.message),
      dispatchGithubRetrain(target, { ...retrain, ref: 'nope' }).catch((e: Error) => e.message),
    ]);
    expect(errors).toEqual([
      `GitHub at ${server.url} refused to dispatch workflow retrain.yml in ml/recsys-training: HTTP 401 Bad credentials`,
      `GitHub at ${server.url} refused to dispatch workflow nope.yml in ml/recsys-training: HTTP 404 Not Found`,
      `GitHub at ${server.url} refused to dispatch workflow retrain.yml in ml/recsys-training: HTTP 422 No ref found for: nope`,
    ]);
    // A workflow that does not declare `reason` refuses it, as GitHub does.
    const strict = await github({ runDetails: true, inputs: { model: INPUTS.model } });
    await expect(
      dispatchGithubRetrain({ ...target, apiUrl: strict.url }, retrain).catch((e: Error) => {
        expect(e.message + String(e.stack)).not.toContain('ghp_');
        throw e;
      }),
    ).rejects.toThrow('HTTP 422 Unexpected inputs provided: ["dataset_version","config_commit","reason"]');
    expect(JSON.stringify(errors)).not.toContain('ghp_');
  });

  it('ripcord retrain --github-repo --workflow --github-api-url --reason, token from GITHUB_TOKEN by default', async () => {
    const server = await github({ runDetails: true });
    process.env['GITHUB_TOKEN'] = TOKEN;
    const done = await run(
      'retrain',
      'recsys',
      '--dataset-version',
      'clicks-2025-11-30',
      '--config-commit',
      'c0ffee12',
      '--github-repo',
      'ml/recsys-training',
      '--workflow',
      'retrain.yml',
      '--github-api-url',
      server.url,
      '--reason',
      'diversity collapsed, no safe version',
      '--ref',
      'release',
    );
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toContain(
      'GitHub Actions run 7001 of retrain.yml in ml/recsys-training https://github.com/ml/recsys-training/actions/runs/7001',
    );
    expect(done.stdout).not.toContain(TOKEN);
    expect(server.dispatches[0]).toMatchObject({
      ref: 'release',
      inputs: { reason: 'diversity collapsed, no safe version', dataset_version: 'clicks-2025-11-30' },
    });
  });

  it('refuses two CIs, neither, or a repository not written owner/repo', async () => {
    const base = ['retrain', 'recsys', '--dataset-version', 'd', '--config-commit', 'c0ffee12'];
    const both = await run(...base, '--project', 'p', '--github-repo', 'a/b', '--workflow', 'w.yml');
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain('name one CI: --gitlab-url and --project');
    expect((await run(...base)).stderr).toContain('name one CI');
    expect((await run(...base, '--github-repo', 'a/b')).stderr).toContain('--workflow is required');
    expect((await run(...base, '--github-repo', 'ab', '--workflow', 'w.yml')).stderr).toContain(
      '--github-repo: write it as owner/repo',
    );
    expect((await run(...base, '--github-repo', 'a/b', '--workflow', 'w.yml')).stderr).toContain(
      '--token-env: environment variable GITHUB_TOKEN is not set',
    );
  });
});
