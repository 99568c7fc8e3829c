/**
 * Waits for one object to reach a state, by watching it from the resourceVersion it was read at
 * (so no change between the read and the watch is missed), with a deadline: `kubectl rollout
 * status --timeout` and `kubectl wait` in one function. A watch the server closes is reopened
 * from the last version seen; the deadline and the signal end the wait wherever it is.
 */
import type { KubeClient } from './kube-client.js';

export type Progress = { state: 'done' | 'waiting' | 'failed'; message: string };

export interface WaitForOptions<T> {
  /** The collection's path, e.g. /apis/apps/v1/namespaces/ml/deployments. */
  path: string;
  name: string;
  /** The object as last read: judged first, and the watch starts after its version. */
  initial: T & { metadata?: { resourceVersion?: string | undefined } };
  judge(object: T): Progress;
  deadlineMs: number;
  signal: AbortSignal;
}

export class WaitTimeoutError extends Error {}

export async function waitFor<T>(client: KubeClient, options: WaitForOptions<T>): Promise<T> {
  const { path, name, judge, deadlineMs, signal } = options;
  let latest = options.initial;
  let progress = judge(latest);
  if (progress.state === 'done') return latest;
  if (progress.state === 'failed') throw new Error(progress.message);
  signal.throwIfAborted();

  return new Promise<T>((resolve, reject) => {
    let watching: AbortController | undefined;
    let settled = false;
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      watching?.abort();
      if (error) reject(error);
      else resolve(latest);
    };
    const timer = setTimeout(
      () => finish(new WaitTimeoutError(`not done within ${deadlineMs} ms: ${progress.message}`)),
      deadlineMs,
    );
    const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });

    const open = (): void => {
      if (settled) return;
      client.watch
        .watch(
          path,
          { fieldSelector: `metadata.name=${name}`, resourceVersion: latest.metadata?.resourceVersion },
          (phase, object: T & { metadata?: { resourceVersion?: string } }) => {
            if (settled) return;
            if (phase === 'DELETED') return finish(new Error(`${name} was deleted while waiting`));
            if (phase !== 'ADDED' && phase !== 'MODIFIED') return;
            latest = object;
            progress = judge(object);
            if (progress.state === 'done') finish(undefined);
            else if (progress.state === 'failed') finish(new Error(progress.message));
          },
          // The server ends watches now and then; reopen from the last version seen.
          () => setTimeout(open, 50),
        )
        .then(
          (controller) => {
            watching = controller;
            if (settled) controller.abort();
          },
          () => setTimeout(open, 250),
        );
    };
    open();
  });
}
