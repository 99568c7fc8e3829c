/**
 * GitOps: after a rollback, write the target release's pinned versions into a file of the config
 * repository the GitOps tool deploys from, commit and push, so Git says what runs and the tool's
 * next reconcile does not bring the pulled release back. The desired state is "the branch's file
 * holds the target's versions": a repeat commits nothing, and a plan reads without writing (it
 * fetches, which moves only the clone's own refs) and shows the diff.
 *
 * Someone else may push between the fetch and the push. A rejected push is fetched again and
 * retried once on top of the new head (which may already hold the target: then nothing is
 * pushed); a second rejection fails the step saying the commit stayed local.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ActionContext, Executor } from '../executor.js';
import { runCommand } from '../feature-pipeline/run-command.js';
import { fileDiff } from './file-diff.js';
import { renderPinned } from './render-pinned.js';

export interface GitopsOptions {
  name: string;
  workdir: string;
  /** Relative to the repository root; .yaml/.yml is written as YAML, .json as JSON. */
  file: string;
  remote?: string | undefined;
  branch?: string | undefined;
  /** The versions the release pins, as the file states them. */
  pinned(release: string, signal: AbortSignal): Promise<object>;
}

const AUTHOR = ['-c', 'user.name=ripcord', '-c', 'user.email=ripcord@localhost'];
/** What git prints when the remote branch moved after our fetch. */
const MOVED = /non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref/;

export function createGitopsExecutor(options: GitopsOptions): Executor {
  const remote = options.remote ?? 'origin';
  const branch = options.branch ?? 'main';
  const name = `gitops:${options.name}`;
  const where = `${options.file} on ${remote}/${branch}`;

  const git = (args: string[], signal: AbortSignal) =>
    runCommand('git', args, { cwd: options.workdir, signal }).then((r) => r.stdout);

  /** The remote branch's head and file, and the text the target wants there. */
  async function read(target: string, signal: AbortSignal) {
    signal.throwIfAborted();
    await git(['fetch', '--quiet', remote, branch], signal);
    const head = (await git(['rev-parse', 'FETCH_HEAD'], signal)).trim();
    const current = await git(['show', `${head}:${options.file}`], signal).catch(() => undefined);
    const desired = renderPinned(options.file, await options.pinned(target, signal));
    return { head, current, desired, changes: current !== desired };
  }

  function message(context: ActionContext, target: string) {
    return [
      `Pin ${context.model} to ${target} (ripcord rollback ${context.eventId})`,
      '',
      `Rolled back from ${context.release}: ${context.reason}`,
      '',
      `Ripcord-Event: ${context.eventId}`,
      `Ripcord-Release: ${context.release} -> ${target}`,
      `Ripcord-Trigger: ${context.trigger}`,
    ].join('\n');
  }

  /** Commits the desired file on top of `head` and pushes; resolves false when the remote moved. */
  async function commitAndPush(context: ActionContext, head: string, desired: string, signal: AbortSignal) {
    await git(['checkout', '--quiet', '-B', branch, head], signal);
    const path = join(options.workdir, options.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, desired);
    await git(['add', '--', options.file], signal);
    await git(
      [...AUTHOR, 'commit', '--quiet', '--no-verify', '-m', message(context, context.target)],
      signal,
    );
    const commit = (await git(['rev-parse', 'HEAD'], signal)).trim();
    try {
      // Without push advice, git's last lines name the rejection (`! [rejected] ... (fetch first)`).
      await git(
        ['-c', 'advice.pushUpdateRejected=false', 'push', remote, `HEAD:refs/heads/${branch}`],
        signal,
      );
      return { pushed: true as const, commit };
    } catch (error) {
      if (signal.aborted) throw error;
      if (!MOVED.test((error as Error).message)) throw new Error(withoutUserinfo((error as Error).message));
      return { pushed: false as const, commit, error: (error as Error).message };
    }
  }

  async function apply(context: ActionContext, signal: AbortSignal) {
    let state = await read(context.target, signal);
    if (!state.changes) return { changed: false, detail: { file: options.file, branch, head: state.head } };
    let attempt = await commitAndPush(context, state.head, state.desired, signal);
    let retried = false;
    if (!attempt.pushed) {
      // Someone pushed after our fetch: start again from their head, once.
      retried = true;
      state = await read(context.target, signal);
      if (!state.changes)
        return { changed: false, detail: { file: options.file, branch, head: state.head, retried } };
      attempt = await commitAndPush(context, state.head, state.desired, signal);
    }
    if (!attempt.pushed)
      throw new Error(
        `${name}: committed ${attempt.commit.slice(0, 12)} in ${options.workdir} but ${remote}/${branch} moved twice ` +
          `while pushing (rejected: ${withoutUserinfo(attempt.error)}); ${where} still names the ` +
          'previous versions, so the GitOps tool may redeploy them: push it by hand or retry the rollback',
      );
    return {
      changed: true,
      detail: { file: options.file, branch, commit: attempt.commit, previous: state.head, retried },
    };
  }

  return {
    name,
    async plan(context, signal) {
      const state = await read(context.target, signal);
      if (!state.changes)
        return { changes: false, summary: `${name}: ${where} already pins ${context.target}` };
      return {
        changes: true,
        summary: `${name}: write ${context.target}'s pinned versions to ${where}, commit and push`,
        detail: {
          file: options.file,
          branch,
          head: state.head,
          diff: await fileDiff(options.file, state.current, state.desired, signal),
        },
      };
    },
    apply,
    async verify(context, signal) {
      const state = await read(context.target, signal);
      return state.changes
        ? { ok: false, message: `${where} does not pin ${context.target}` }
        : { ok: true, message: `${where} pins ${context.target}` };
    },
  };
}

/** A remote URL's user:password never reaches a stored error. */
function withoutUserinfo(text: string): string {
  return text.replace(/\/\/[^/@\s]+@/g, '//');
}
