/**
 * Receivers without an idempotency key (Slack, Teams, PagerDuty's trigger) would show a notice
 * twice if it were sent twice. The controller's journal keeps a delivered notice from being sent
 * again across restarts; this remembers, within the process, the ids already accepted, so a
 * repeat call from the same notifier is a no-op too. Bounded: the oldest ids are forgotten.
 */
export class DeliveredOnce {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

/** A fetch whose every call also stops when `signal` aborts (client libraries take no signal per call). */
export function fetchUntil(signal: AbortSignal): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

/** Rejects as soon as `signal` aborts, whatever `work` is doing. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(new Error(`${what}: delivery cancelled`));
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
