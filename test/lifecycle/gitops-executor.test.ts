/**
 * The GitOps executor with git for real (temporary repositories and a bare remote): the target
 * release's pinned versions written to the config repository, committed and pushed, so Git stays
 * true after an automated rollback.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import { ExecutorSpecSchema } from '../../src/actions/executors/executor-spec.js';
import {
  createGitopsExecutor,
  type GitopsOptions,
} from '../../src/actions/executors/gitops/gitops-executor.js';
import { realTool } from '../support/real-tool.js';
import { git, pipelineRepos, type PipelineRepos } from './git-repos.js';
import { encoderRollback } from '../support/action-context.js';

const gitTool = realTool('git', 'apt-get install -y git');
const signal = new AbortController().signal;

const context = encoderRollback({ eventId: 'rb_217' });

const PINS: Record<string, object> = {
  'recsys-v1-enc4': {
    model: 'recsys',
    release: 'recsys-v1-enc4',
    modelVersion: { version: 1, digest: 'sha256:aaaa', datasetVersion: 'clicks-2025-11' },
    features: [{ name: 'item-encoder', version: '4', commit: 'a4a4a4a' }],
  },
  'recsys-v2-enc5': {
    model: 'recsys',
    release: 'recsys-v2-enc5',
    modelVersion: { version: 2, digest: 'sha256:bbbb', datasetVersion: 'clicks-2025-12' },
    features: [{ name: 'item-encoder', version: '5', commit: 'b5b5b5b' }],
  },
};

const opened: PipelineRepos[] = [];
afterEach(() => {
  for (const repos of opened.splice(0)) repos.close();
});

/** A config repository whose file pins the bad release (what the rollout had promoted). */
function setup(options: Partial<GitopsOptions> = {}, file = 'clusters/prod/recsys.yaml') {
  const repos = pipelineRepos([['flux layout', { 'clusters/prod/kustomization.yaml': 'resources: []\n' }]]);
  opened.push(repos);
  const workdir = repos.clone();
  const subject = createGitopsExecutor({
    name: 'recsys',
    workdir,
    file,
    pinned: (release) => Promise.resolve(PINS[release]!),
    ...options,
  });
  // Promote the bad release the way ripcord itself would.
  const first = subject.apply({ ...context, target: 'recsys-v2-enc5', eventId: 'promote' }, signal);
  const state = () => ({
    main: git(repos.root, '--git-dir', repos.remote, 'rev-parse', 'main'),
    count: git(repos.root, '--git-dir', repos.remote, 'rev-list', '--count', 'main'),
  });
  return { repos, workdir, subject, state, ready: first };
}

/** Another engineer's clone pushing a commit to the config repository. */
function pushFromElsewhere(repos: PipelineRepos, label: string) {
  const other = repos.clone();
  writeFileSync(join(other, `${label}.txt`), `${label}\n`);
  git(other, 'add', '-A');
  git(other, 'commit', '--quiet', '-m', label);
  git(other, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
}

describe.skipIf(gitTool.skip)('GitOps executor (git for real)', () => {
  runExecutorContract('gitops executor', async () => {
    const { repos, subject, state, ready } = setup();
    await ready;
    return {
      subject,
      context,
      state: () => Promise.resolve(state()),
      refuse: () =>
        Promise.resolve(
          writeFileSync(
            join(repos.remote, 'hooks', 'pre-receive'),
            '#!/bin/sh\nrm -- "$0"\necho "denied by policy" >&2\nexit 1\n',
            { mode: 0o755 },
          ),
        ),
      close: () => Promise.resolve(),
    };
  });

  it('writes the target release pins, commits naming the incident, pushes; dry run shows the diff first', async () => {
    const { repos, subject, ready } = setup();
    await ready;
    const plan = await subject.plan(context, signal);
    expect(plan).toMatchObject({
      changes: true,
      summary:
        "gitops:recsys: write recsys-v1-enc4's pinned versions to clusters/prod/recsys.yaml on origin/main, commit and push",
    });
    const diff = String(plan.detail?.['diff']);
    expect(diff).toContain('-release: recsys-v2-enc5');
    expect(diff).toContain('+release: recsys-v1-enc4');
    expect(diff).toContain('+  datasetVersion: clicks-2025-11');
    expect(diff).toContain('+++ b/clusters/prod/recsys.yaml');

    const result = await subject.apply(context, signal);
    expect(result).toMatchObject({
      changed: true,
      detail: { file: 'clusters/prod/recsys.yaml', retried: false },
    });
    const written = repos.remoteFile('clusters/prod/recsys.yaml');
    expect(written.startsWith('# Written by ripcord')).toBe(true);
    expect(parse(written)).toEqual(PINS['recsys-v1-enc4']);
    expect(repos.remoteFile('clusters/prod/kustomization.yaml')).toBe('resources: []');
    const message = git(repos.root, '--git-dir', repos.remote, 'log', '-1', '--format=%B', 'main');
    expect(message).toContain('Pin recsys to recsys-v1-enc4 (ripcord rollback rb_217)');
    expect(message).toContain('Rolled back from recsys-v2-enc5: prediction diversity 0.31 vs 0.73');
    expect(message).toContain('Ripcord-Event: rb_217');
    expect(await subject.verify!(context, signal)).toEqual({
      ok: true,
      message: 'clusters/prod/recsys.yaml on origin/main pins recsys-v1-enc4',
    });
  });

  it('makes no empty commit when the branch already pins the target', async () => {
    const { subject, state, ready } = setup();
    await ready;
    await subject.apply(context, signal);
    const once = state();
    // A second ripcord (another working copy) finds the file in place.
    expect(await subject.apply({ ...context, eventId: 'rb_again' }, signal)).toMatchObject({
      changed: false,
    });
    expect(state()).toEqual(once);
    expect(await subject.plan(context, signal)).toEqual({
      changes: false,
      summary: 'gitops:recsys: clusters/prod/recsys.yaml on origin/main already pins recsys-v1-enc4',
    });
  });

  it('writes JSON for a .json file', async () => {
    const { repos, subject, ready } = setup({}, 'pins/recsys.json');
    await ready;
    await subject.apply(context, signal);
    expect(JSON.parse(repos.remoteFile('pins/recsys.json'))).toEqual(PINS['recsys-v1-enc4']);
  });

  it('a push rejected because someone pushed after the fetch is fetched again and retried once', async () => {
    let races = 1;
    const holder: { repos?: PipelineRepos } = {};
    const { repos, subject, ready } = setup({
      // Reading the pins happens after the fetch: a push from elsewhere here is a real race.
      pinned: (release) => {
        if (release === context.target && races-- > 0) pushFromElsewhere(holder.repos!, 'hotfix');
        return Promise.resolve(PINS[release]!);
      },
    });
    holder.repos = repos;
    await ready;
    const result = await subject.apply(context, signal);
    expect(result).toMatchObject({ changed: true, detail: { retried: true } });
    // Both survive: the other push and ours on top of it.
    expect(repos.remoteFile('hotfix.txt')).toBe('hotfix');
    expect(parse(repos.remoteFile('clusters/prod/recsys.yaml'))).toEqual(PINS['recsys-v1-enc4']);
    expect(git(repos.root, '--git-dir', repos.remote, 'log', '-2', '--format=%s', 'main')).toBe(
      'Pin recsys to recsys-v1-enc4 (ripcord rollback rb_217)\nhotfix',
    );
  });

  it('after a second rejection fails saying the commit stayed local, and a later apply pushes it', async () => {
    let races = 2;
    const holder: { repos?: PipelineRepos } = {};
    const { repos, subject, ready } = setup({
      pinned: (release) => {
        if (release === context.target && races-- > 0) pushFromElsewhere(holder.repos!, `hotfix-${races}`);
        return Promise.resolve(PINS[release]!);
      },
    });
    holder.repos = repos;
    await ready;
    await expect(subject.apply(context, signal)).rejects.toThrow(
      /gitops:recsys: committed [0-9a-f]{12} in .* but origin\/main moved twice while pushing \(rejected: .*fetch first.*\); clusters\/prod\/recsys.yaml on origin\/main still names the previous versions/,
    );
    expect(parse(repos.remoteFile('clusters/prod/recsys.yaml'))).toEqual(PINS['recsys-v2-enc5']);
    // The journal resumes the action: the next apply lands it.
    expect(await subject.apply(context, signal)).toMatchObject({ changed: true, detail: { retried: false } });
    expect(parse(repos.remoteFile('clusters/prod/recsys.yaml'))).toEqual(PINS['recsys-v1-enc4']);
  });

  it('kind: gitops parses with defaults and refuses a file outside the repository', () => {
    expect(
      ExecutorSpecSchema.parse({ kind: 'gitops', workdir: '/srv/config', file: 'clusters/prod/recsys.yaml' }),
    ).toEqual({
      kind: 'gitops',
      workdir: '/srv/config',
      file: 'clusters/prod/recsys.yaml',
      remote: 'origin',
      branch: 'main',
    });
    expect(() =>
      ExecutorSpecSchema.parse({ kind: 'gitops', workdir: '/srv/config', file: '../x.yaml' }),
    ).toThrow(/without a leading \/ or \.\./);
    expect(() =>
      ExecutorSpecSchema.parse({ kind: 'gitops', workdir: '/srv/config', file: 'pins.txt' }),
    ).toThrow(/name a \.yaml, \.yml or \.json file/);
  });
});
