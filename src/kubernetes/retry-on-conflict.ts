/**
 * Optimistic concurrency as the API defines it: every write carries the `resourceVersion` it was
 * computed from, and a 409 Conflict means another writer changed the object in between. The
 * whole read-compute-write is then retried on the fresh object (client-go's RetryOnConflict), so
 * ripcord never overwrites a change it did not see.
 */
import { isConflict, KubeApiError, kubeStatus } from './kube-errors.js';

export interface RetryOnConflictOptions {
  /** @default 5 */
  attempts?: number;
  signal: AbortSignal;
  /** Names the object in the error after the last attempt. */
  action: string;
}

export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  { attempts = 5, signal, action }: RetryOnConflictOptions,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i += 1) {
    signal.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error) && !(error instanceof KubeApiError && error.status?.code === 409)) throw error;
      last = error;
    }
  }
  const status = last instanceof KubeApiError ? last.status : kubeStatus(last);
  throw new KubeApiError(`${action} (still conflicting after ${attempts} attempts)`, status, last);
}
