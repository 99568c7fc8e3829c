/** `ripcord retrain` against the GitLab pipeline-trigger contract server (the seed's trigger_emergency_retrain). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startGitlabContractServer } from '../contracts/gitlab/gitlab-server.js';

const TOKEN = 'glptt-0123456789abcdef';

describe('ripcord retrain (trigger_emergency_retrain)', () => {
  let gitlab: Awaited<ReturnType<typeof startGitlabContractServer>>;
  beforeAll(async () => {
    gitlab = await startGitlabContractServer({
      project: 'ml/recsys-training',
      token: TOKEN,
      refs: ['main', 'release'],
    });
    process.env['RIPCORD_TEST_TRIGGER'] = TOKEN;
  });
  afterAll(async () => {
    delete process.env['RIPCORD_TEST_TRIGGER'];
    await gitlab.close();
  });

  async function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'ripcord', ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }
  const base = (...extra: string[]) => [
    'retrain',
    'recsys',
    '--dataset-version',
    'clicks-2025-12-01',
    '--config-commit',
    'f00dfeed',
    '--gitlab-url',
    gitlab.url,
    '--project',
    'ml/recsys-training',
    '--token-env',
    'RIPCORD_TEST_TRIGGER',
    ...extra,
  ];

  it('triggers the pipeline with the dataset version, config commit and emergency flag, never printing the token', async () => {
    const done = await run(...base());
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(
      'GitLab pipeline 1001 https://gitlab.example.com/ml/recsys-training/-/pipelines/1001 (created)',
    );
    expect(gitlab.triggers.at(-1)).toEqual({
      project: 'ml/recsys-training',
      ref: 'main',
      variables: {
        MODEL_NAME: 'recsys',
        TRAINING_DATASET_VERSION: 'clicks-2025-12-01',
        TRAINING_CONFIG_COMMIT: 'f00dfeed',
        EMERGENCY_RETRAIN: 'true',
      },
    });
    expect(done.stdout + done.stderr).not.toContain(TOKEN);
  });

  it('runs on another ref and prints JSON with -o json', async () => {
    const done = await run(...base('--ref', 'release', '-o', 'json'));
    expect(JSON.parse(done.stdout)).toMatchObject({ pipeline: { id: 1002, status: 'created' } });
    expect(gitlab.triggers.at(-1)?.ref).toBe('release');
  });

  it("reports GitLab's refusal without the token, and checks its own inputs first", async () => {
    process.env['RIPCORD_TEST_WRONG'] = 'wrong-token';
    const refused = await run(...base('--token-env', 'RIPCORD_TEST_WRONG'));
    delete process.env['RIPCORD_TEST_WRONG'];
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'refused the retrain trigger for project ml/recsys-training: HTTP 404 404 Not Found',
    );
    expect(refused.stderr).not.toContain('wrong-token');
    const badRef = await run(...base('--ref', 'nope'));
    expect(badRef.stderr).toContain('HTTP 400');
    expect((await run(...base('--token-env', 'RIPCORD_TEST_UNSET'))).stderr).toContain(
      '--token-env: environment variable RIPCORD_TEST_UNSET is not set',
    );
    const commit = await run(
      'retrain',
      'recsys',
      '--dataset-version',
      'x',
      '--config-commit',
      'HEAD',
      '--gitlab-url',
      gitlab.url,
      '--project',
      'p',
    );
    expect(commit).toMatchObject({ code: 2 });
    expect(commit.stderr).toContain('--config-commit: use a git commit id');
  });
});
