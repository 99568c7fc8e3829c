/**
 * Rolls a Helm release back to the revision that served the rollback target:
 * `helm rollback RELEASE REVISION --namespace NS --wait --timeout T`, which waits for the
 * release's resources to be ready (and fails past the timeout). The revision is the one recorded
 * for the target (`revisions`) or the newest whose chart values name it (`releaseValue`).
 *
 * Idempotent: a rollback creates a new revision described `Rollback to N`; when the deployed
 * revision is N or such a rollback of it, nothing runs. A `--wait` that fails after helm wrote
 * the new revision is reported as such (the release then shows `failed` in helm history).
 */
import type { ActionContext, Executor, PlannedAction } from '../executor.js';
import { helmCli, type HelmCli } from './helm-cli.js';
import { helmHistory, helmScope, helmValues, valueAt, type HistoryEntry } from './helm-history.js';
import type { HelmExecutorSpec } from './helm-spec.js';

export type HelmExecutorOptions = Omit<
  HelmExecutorSpec,
  'kind' | 'name' | 'revisions' | 'releaseValue' | 'timeout' | 'helm'
> &
  Partial<Pick<HelmExecutorSpec, 'name' | 'revisions' | 'releaseValue' | 'timeout' | 'helm'>> & {
    /** For tests and embedding: how helm is run. */
    cli?: HelmCli;
  };

export function createHelmExecutor(options: HelmExecutorOptions): Executor {
  const cli = options.cli ?? helmCli(options.helm ?? 'helm');
  const release = options.release;
  const scope = helmScope(options);
  const name = `helm:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${release}`}`;
  const releaseValue = options.releaseValue ?? 'ripcord.release';

  const history = (signal: AbortSignal): Promise<HistoryEntry[]> => helmHistory(cli, release, scope, signal);
  const values = (revision: number, signal: AbortSignal): Promise<unknown> =>
    helmValues(cli, release, scope, revision, signal);

  /** The revision to roll back to, and whether the deployed one already is it. */
  const situation = async (context: ActionContext, signal: AbortSignal) => {
    const entries = await history(signal);
    const deployed = entries.find((e) => e.status === 'deployed') ?? entries[0];
    if (!deployed) throw new Error(`${name}: helm history of ${release} is empty`);
    let target = options.revisions?.[context.target];
    if (target === undefined) {
      for (const entry of entries) {
        // Only a revision that once served (not a failed or pending one) is a rollback target.
        if (entry.revision === deployed.revision || !['deployed', 'superseded'].includes(entry.status))
          continue;
        if (valueAt(await values(entry.revision, signal), releaseValue) === context.target) {
          target = entry.revision;
          break;
        }
      }
    }
    const deployedRuns = valueAt(await values(deployed.revision, signal), releaseValue);
    const done =
      (target !== undefined &&
        (deployed.revision === target || deployed.description === `Rollback to ${target}`)) ||
      (options.revisions?.[context.target] === undefined && deployedRuns === context.target);
    if (target === undefined && !done)
      throw new Error(
        `${name}: no revision of ${release} runs release "${context.target}": set the chart value ${releaseValue}=${context.target} or record its revision under revisions`,
      );
    return { deployed, target, done };
  };

  const rollbackArgs = (revision: number): string[] => [
    'rollback',
    release,
    String(revision),
    ...scope,
    '--wait',
    '--timeout',
    // Helm takes Go durations; ripcord's (5m, 90s, 1m30s) are valid ones.
    options.timeout ?? '5m',
  ];

  return {
    name,
    async plan(context, signal): Promise<PlannedAction> {
      signal.throwIfAborted();
      const { deployed, target, done } = await situation(context, signal);
      const detail = {
        release,
        deployedRevision: deployed.revision,
        targetRevision: target,
        target: context.target,
      };
      return done
        ? {
            changes: false,
            summary: `${name}: revision ${deployed.revision} already runs ${context.target}`,
            detail,
          }
        : {
            changes: true,
            summary: `${name}: helm ${rollbackArgs(target!).join(' ')} (deployed: revision ${deployed.revision})`,
            detail,
          };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      const { deployed, target, done } = await situation(context, signal);
      if (done) return { changed: false, detail: { release, revision: deployed.revision } };
      signal.throwIfAborted();
      try {
        await cli.run(rollbackArgs(target!), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        const after = await history(signal).catch(() => []);
        const wrote = after[0] && after[0].revision > deployed.revision ? after[0] : undefined;
        throw new Error(
          wrote
            ? `${(error as Error).message} (helm wrote revision ${wrote.revision}, status ${wrote.status}: the rollback to ${target} is partial)`
            : (error as Error).message,
        );
      }
      const after = await history(signal);
      return {
        changed: true,
        detail: {
          release,
          fromRevision: deployed.revision,
          toRevision: target,
          newRevision: after[0]?.revision,
        },
      };
    },
    async verify(context, signal) {
      const { deployed, done } = await situation(context, signal);
      return done && deployed.status === 'deployed'
        ? { ok: true, message: `${name}: revision ${deployed.revision} deployed (${deployed.description})` }
        : {
            ok: false,
            message: `${name}: deployed revision ${deployed.revision} (${deployed.status}) does not run ${context.target}`,
          };
    },
  };
}
