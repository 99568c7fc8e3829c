/**
 * Feature pipeline: put the pipeline back to the commit the target release's feature version
 * pins, as the seed's `rollback_feature_pipeline_with_dvc` does (`git checkout COMMIT -- PATH`,
 * then `dvc checkout --force`), but as a commit pushed to the branch the pipeline deploys from, so
 * the repository says what runs. The desired state is "the branch's PATH tree equals the pinned
 * commit's and DVC's workspace matches it": each run compares with that, so a repeat changes
 * nothing and a plan reads without writing (it fetches, which moves only the clone's own refs).
 */
import type { Executor } from '../executor.js';
import { runCommand } from './run-command.js';

export interface PinnedSource {
  commit: string;
  path?: string | undefined;
}

export interface FeaturePipelineOptions {
  name: string;
  workdir: string;
  path?: string | undefined;
  remote?: string | undefined;
  branch?: string | undefined;
  mode?: 'checkout' | 'revert' | undefined;
  /** The DVC executable, or false for a pipeline without DVC. @default 'dvc' */
  dvc?: string | false | undefined;
  /** The pipeline source the release's feature version pins. */
  pinnedSource(release: string, signal: AbortSignal): Promise<PinnedSource>;
}

const AUTHOR = ['-c', 'user.name=ripcord', '-c', 'user.email=ripcord@localhost'];

export function createFeaturePipelineExecutor(options: FeaturePipelineOptions): Executor {
  const remote = options.remote ?? 'origin';
  const branch = options.branch ?? 'main';
  const dvc = options.dvc ?? 'dvc';
  const name = `feature-pipeline:${options.name}`;

  const git = (args: string[], signal: AbortSignal) =>
    runCommand('git', args, { cwd: options.workdir, signal }).then((r) => r.stdout.trim());
  const tree = (rev: string, signal: AbortSignal) =>
    git(['rev-parse', '--verify', '--quiet', rev], signal).catch(() => '');

  async function read(target: string, signal: AbortSignal) {
    signal.throwIfAborted();
    const source = await options.pinnedSource(target, signal);
    const path = (options.path ?? source.path ?? 'feature_pipeline/').replace(/\/+$/, '');
    await git(['fetch', '--quiet', remote, branch], signal);
    const head = await git(['rev-parse', 'FETCH_HEAD'], signal);
    const pinned = await tree(`${source.commit}:${path}`, signal);
    if (!pinned)
      throw new Error(
        `${name}: commit ${source.commit} has no ${path} in ${options.workdir} (fetched ${remote}/${branch})`,
      );
    const local = await git(['rev-parse', 'HEAD'], signal).catch(() => '');
    return { source, path, head, local, gitChanges: pinned !== (await tree(`${head}:${path}`, signal)) };
  }

  /** Whether DVC's workspace differs from what the checked-out commit's .dvc files name. */
  async function dvcStale(signal: AbortSignal): Promise<boolean> {
    if (dvc === false) return false;
    const out = (await runCommand(dvc, ['status', '--json'], { cwd: options.workdir, signal })).stdout.trim();
    return out !== '' && out !== '{}';
  }

  async function pending(target: string, signal: AbortSignal) {
    const state = await read(target, signal);
    const steps: string[] = [];
    if (state.gitChanges)
      steps.push(
        options.mode === 'revert'
          ? `revert ${remote}/${branch} back to ${state.source.commit.slice(0, 12)} and push`
          : `git checkout ${state.source.commit.slice(0, 12)} -- ${state.path}, commit, push to ${remote}/${branch}`,
      );
    const behind = !state.gitChanges && state.local !== state.head;
    if (behind) steps.push(`update the working copy to ${remote}/${branch}`);
    if (dvc !== false && (state.gitChanges || behind || (await dvcStale(signal))))
      steps.push(`${dvc} checkout --force`);
    return { state, steps };
  }

  return {
    name,
    async plan(context, signal) {
      const { state, steps } = await pending(context.target, signal);
      return steps.length === 0
        ? {
            changes: false,
            summary: `${name}: ${state.path} on ${remote}/${branch} already matches ${state.source.commit.slice(0, 12)}`,
          }
        : {
            changes: true,
            summary: `${name}: ${steps.join('; ')}`,
            detail: { steps, commit: state.source.commit, path: state.path },
          };
    },
    async apply(context, signal) {
      const { state, steps } = await pending(context.target, signal);
      const { source, path } = state;
      let pushed: string | undefined;
      if (state.gitChanges || state.local !== state.head)
        await git(['checkout', '--quiet', '-B', branch, state.head], signal);
      if (state.gitChanges) {
        if (options.mode === 'revert')
          await git([...AUTHOR, 'revert', '--no-commit', `${source.commit}..HEAD`], signal);
        else {
          // Files added since the pinned commit go too: the path is restored exactly.
          await git(['rm', '-r', '-q', '--ignore-unmatch', '--', path], signal);
          await git(['checkout', source.commit, '--', path], signal);
        }
        const message = [
          `Roll back ${path} to ${source.commit.slice(0, 12)} (ripcord ${context.eventId})`,
          '',
          context.reason,
          '',
          `Ripcord-Event: ${context.eventId}`,
          `Ripcord-Release: ${context.release} -> ${context.target}`,
        ].join('\n');
        await git([...AUTHOR, 'commit', '--quiet', '--no-verify', '-m', message], signal);
        await git(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`], signal);
        pushed = await git(['rev-parse', 'HEAD'], signal);
      }
      const ranDvc = steps.some((s) => s.endsWith('checkout --force'));
      if (ranDvc && dvc !== false)
        await runCommand(dvc, ['checkout', '--force'], { cwd: options.workdir, signal });
      return {
        changed: steps.length > 0,
        detail: { commit: source.commit, path, branch, ...(pushed ? { pushed } : {}), dvc: ranDvc, steps },
      };
    },
    async verify(context, signal) {
      const { state, steps } = await pending(context.target, signal);
      return steps.length === 0
        ? {
            ok: true,
            message: `${state.path} on ${remote}/${branch} matches ${state.source.commit.slice(0, 12)}${dvc === false ? '' : ' and DVC is checked out'}`,
          }
        : { ok: false, message: `${name} still needs: ${steps.join('; ')}` };
    },
  };
}
