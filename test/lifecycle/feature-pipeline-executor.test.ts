/**
 * The feature-pipeline executor with git for real (temporary repositories and a bare remote) and
 * the recording dvc stand-in: the seed's rollback_feature_pipeline_with_dvc as a pushed commit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import {
  createFeaturePipelineExecutor,
  type FeaturePipelineOptions,
} from '../../src/actions/executors/feature-pipeline/feature-pipeline-executor.js';
import { ExecutorSpecSchema } from '../../src/actions/executors/executor-spec.js';
import { DVC_STAND_IN, dvcCommands } from '../contracts/dvc/dvc-stand-in.js';
import { realTool } from '../support/real-tool.js';
import { git, pipelineRepos, type PipelineRepos } from './git-repos.js';
import { encoderRollback } from '../support/action-context.js';

const gitTool = realTool('git', 'apt-get install -y git');
const signal = new AbortController().signal;

const context = encoderRollback();

const HISTORY: [string, Record<string, string | null>][] = [
  [
    'encoder v4',
    { 'feature_pipeline/encode.py': 'dim = 64\n', 'features.dvc': 'md5: 4444\n', 'README.md': 'pipeline\n' },
  ],
  [
    'encoder v5',
    {
      'feature_pipeline/encode.py': 'dim = 128\n',
      'feature_pipeline/normalize.py': 'scale = 2\n',
      'features.dvc': 'md5: 5555\n',
    },
  ],
  ['docs', { 'README.md': 'pipeline, documented\n' }],
];

const opened: PipelineRepos[] = [];
afterEach(() => {
  for (const repos of opened.splice(0)) repos.close();
});

function setup(options: Partial<FeaturePipelineOptions> = {}) {
  const repos = pipelineRepos(HISTORY);
  opened.push(repos);
  const workdir = repos.clone();
  const subject = createFeaturePipelineExecutor({
    name: 'item-encoder',
    workdir,
    dvc: DVC_STAND_IN,
    pinnedSource: (release) =>
      Promise.resolve({
        commit: release === context.target ? repos.commits['encoder v4']! : repos.commits['encoder v5']!,
        path: 'feature_pipeline/',
      }),
    ...options,
  });
  const state = () => ({
    main: git(repos.root, '--git-dir', repos.remote, 'rev-parse', 'main'),
    dvc: dvcCommands(workdir).filter((args) => args[0] === 'checkout'),
  });
  return { repos, workdir, subject, state };
}

describe.skipIf(gitTool.skip)('feature pipeline executor (git for real)', () => {
  runExecutorContract('feature pipeline executor', () => {
    const { repos, subject, state } = setup();
    return Promise.resolve({
      subject,
      context,
      state: () => Promise.resolve(state()),
      refuse: () =>
        Promise.resolve(
          writeFileSync(
            join(repos.remote, 'hooks', 'pre-receive'),
            '#!/bin/sh\nrm -- "$0"\necho "denied by policy" >&2\nexit 1\n',
            {
              mode: 0o755,
            },
          ),
        ),
      close: () => Promise.resolve(),
    });
  });

  it('rollback_feature_pipeline_with_dvc: restores the path exactly, commits, pushes, then dvc checkout', async () => {
    const { repos, workdir, subject } = setup();
    const result = await subject.apply(context, signal);
    expect(result).toMatchObject({
      changed: true,
      detail: { path: 'feature_pipeline', branch: 'main', dvc: true },
    });
    expect(repos.remoteFile('feature_pipeline/encode.py')).toBe('dim = 64');
    // A file the bad change added is gone; files outside the path keep their newer state.
    expect(() => repos.remoteFile('feature_pipeline/normalize.py')).toThrow();
    expect(repos.remoteFile('README.md')).toBe('pipeline, documented');
    expect(repos.remoteFile('features.dvc')).toBe('md5: 5555');
    const message = git(repos.root, '--git-dir', repos.remote, 'log', '-1', '--format=%B', 'main');
    expect(message).toContain(
      `Roll back feature_pipeline to ${repos.commits['encoder v4']!.slice(0, 12)} (ripcord evt_217)`,
    );
    expect(message).toContain('Ripcord-Event: evt_217');
    // The .dvc files moved with the commit, so DVC checks out without being asked first.
    expect(dvcCommands(workdir)).toEqual([['checkout', '--force']]);
    // A repeat finds the branch and DVC in place: it asks DVC and changes nothing.
    expect(await subject.apply(context, signal)).toMatchObject({ changed: false });
    expect(dvcCommands(workdir).slice(1)).toEqual([['status', '--json']]);
  });

  it('revert mode: one revert commit of everything since the pinned commit', async () => {
    const { repos, subject } = setup({ mode: 'revert' });
    await subject.apply(context, signal);
    expect(repos.remoteFile('feature_pipeline/encode.py')).toBe('dim = 64');
    expect(repos.remoteFile('features.dvc')).toBe('md5: 4444');
    expect(repos.remoteFile('README.md')).toBe('pipeline');
    expect(git(repos.root, '--git-dir', repos.remote, 'rev-list', '--count', 'main')).toBe('4');
  });

  it('pushes to another branch, and runs without DVC when told', async () => {
    const { repos, workdir, subject } = setup({ branch: 'rollback/features', dvc: false });
    git(workdir, 'push', '--quiet', 'origin', 'main:refs/heads/rollback/features');
    await subject.apply(context, signal);
    expect(repos.remoteFile('feature_pipeline/encode.py', 'rollback/features')).toBe('dim = 64');
    expect(repos.remoteFile('feature_pipeline/encode.py', 'main')).toBe('dim = 128');
    expect(dvcCommands(workdir)).toEqual([]);
  });

  it('fails naming the command when dvc fails (a resumed apply finishes it), and an unknown pinned commit', async () => {
    const { subject, repos } = setup();
    process.env['DVC_STAND_IN_FAIL'] = '1';
    try {
      await expect(subject.apply(context, signal)).rejects.toThrow(
        /`.*dvc-stand-in\.mjs checkout --force` failed in .*: ERROR: failed to checkout/,
      );
    } finally {
      delete process.env['DVC_STAND_IN_FAIL'];
    }
    // The commit was pushed before DVC failed: a resumed apply asks DVC and finishes the step.
    expect(repos.remoteFile('feature_pipeline/encode.py')).toBe('dim = 64');
    expect(await subject.apply(context, signal)).toMatchObject({ changed: true, detail: { dvc: true } });
    const unknown = setup({ pinnedSource: () => Promise.resolve({ commit: 'deadbeefdeadbeef' }) });
    await expect(unknown.subject.plan(context, signal)).rejects.toThrow(
      /commit deadbeefdeadbeef has no feature_pipeline/,
    );
  });

  it('kind: feature-pipeline parses with defaults', () => {
    expect(
      ExecutorSpecSchema.parse({
        kind: 'feature-pipeline',
        workdir: '/srv/features',
        feature: 'item-encoder',
      }),
    ).toEqual({
      kind: 'feature-pipeline',
      workdir: '/srv/features',
      feature: 'item-encoder',
      remote: 'origin',
      branch: 'main',
      mode: 'checkout',
      dvc: 'dvc',
    });
  });
});
