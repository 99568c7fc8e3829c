/** A Helm release's history and per-revision values, as `helm history` and `helm get values` print them. */
import type { HelmCli } from './helm-cli.js';

export interface HistoryEntry {
  revision: number;
  status: string;
  description: string;
  chart?: string;
  app_version?: string;
}

/** The flags that select the cluster and namespace of every helm call. */
export function helmScope(options: {
  namespace?: string | undefined;
  kubeContext?: string | undefined;
  kubeconfig?: string | undefined;
}): string[] {
  return [
    ...(options.namespace ? ['--namespace', options.namespace] : []),
    ...(options.kubeContext ? ['--kube-context', options.kubeContext] : []),
    ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
  ];
}

/** Newest first. */
export async function helmHistory(
  cli: HelmCli,
  release: string,
  scope: readonly string[],
  signal: AbortSignal,
): Promise<HistoryEntry[]> {
  const out = await cli.run(['history', release, ...scope, '--output', 'json'], signal);
  const entries = JSON.parse(out) as HistoryEntry[];
  return [...entries].sort((a, b) => b.revision - a.revision);
}

export async function helmValues(
  cli: HelmCli,
  release: string,
  scope: readonly string[],
  revision: number,
  signal: AbortSignal,
): Promise<unknown> {
  return JSON.parse(
    await cli.run(
      ['get', 'values', release, ...scope, '--revision', String(revision), '--output', 'json'],
      signal,
    ),
  );
}

/** The value at a dotted path (`ripcord.release`), or undefined. */
export function valueAt(values: unknown, path: string): unknown {
  let node = values;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
