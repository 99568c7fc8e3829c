/**
 * `TrafficRouter.applied` for routers whose data plane is an object they can read back: check
 * until the object confirms the change, or throw TrafficNotAppliedError naming the object and
 * why once the deadline passes or the wait is aborted.
 */
import { TrafficNotAppliedError } from '../traffic/traffic-router.js';

export interface ConfirmOptions {
  /** Names the object in the error: `virtualservice ml-serving/recsys`. */
  laggard: string;
  /** Undefined when confirmed, else why not (the last reason goes into the error). */
  check(): Promise<string | undefined>;
  deadlineMs: number;
  pollMs: number;
  signal?: AbortSignal | undefined;
}

export async function confirmApplied({
  laggard,
  check,
  deadlineMs,
  pollMs,
  signal,
}: ConfirmOptions): Promise<void> {
  const started = Date.now();
  let why = 'not read yet';
  for (;;) {
    if (signal?.aborted) throw new TrafficNotAppliedError(`${laggard}: wait aborted; ${why}`);
    try {
      const lag = await check();
      if (lag === undefined) return;
      why = lag;
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() - started >= deadlineMs)
      throw new TrafficNotAppliedError(`${laggard}: not confirmed within ${deadlineMs} ms: ${why}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
