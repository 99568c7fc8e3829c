/**
 * The Helm revision that serves a release: the one pinned in `revisions`, else the newest
 * deployed or superseded revision whose chart values name it (`releaseValue`), read with
 * `helm history` and `helm get values` when a rollout starts, so its rollback is
 * `helm rollback RELEASE <that revision> --wait`.
 */
import type { InfrastructureRevisionReader } from '../../infrastructure-revision.js';
import { helmCli } from './helm-cli.js';
import type { HelmExecutorOptions } from './helm-executor.js';
import { helmHistory, helmScope, helmValues, valueAt } from './helm-history.js';

export function helmRevisionReader(options: HelmExecutorOptions): InfrastructureRevisionReader {
  const cli = options.cli ?? helmCli(options.helm ?? 'helm');
  const release = options.release;
  const scope = helmScope(options);
  const step = `helm:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${release}`}`;
  const releaseValue = options.releaseValue ?? 'ripcord.release';
  const where = `helm release ${options.namespace ? `${options.namespace}/` : ''}${release}`;
  return {
    step,
    async read(ripcordRelease, signal) {
      const entries = await helmHistory(cli, release, scope, signal);
      const pinned = options.revisions?.[ripcordRelease];
      if (pinned !== undefined) {
        if (!entries.some((e) => e.revision === pinned))
          throw new Error(
            `${step}: revision ${pinned} recorded for release "${ripcordRelease}" is not in the history of ${release} (--history-max?)`,
          );
        return { release: ripcordRelease, revision: pinned, source: `${where} revision ${pinned} (pinned)` };
      }
      for (const entry of entries) {
        if (!['deployed', 'superseded'].includes(entry.status)) continue;
        if (
          valueAt(await helmValues(cli, release, scope, entry.revision, signal), releaseValue) ===
          ripcordRelease
        )
          return {
            release: ripcordRelease,
            revision: entry.revision,
            source: `${where} revision ${entry.revision} (${entry.status}, ${releaseValue}=${ripcordRelease})`,
          };
      }
      throw new Error(
        `${step}: no revision of ${release} runs release "${ripcordRelease}": set the chart value ${releaseValue}=${ripcordRelease} or record its revision under revisions`,
      );
    },
  };
}
