/**
 * A notifier that tells no one: it keeps each notice it is given (once per notice id, as a
 * deduplicating receiver would), so tests and dry runs can read what would have been sent.
 */
import type { IncidentNotice, Notifier } from '../notifier.js';

export interface NoopNotifier extends Notifier {
  /** The notices given so far, one per id, in order. */
  notices(): readonly IncidentNotice[];
}

export function noopNotifier(name = 'noop'): NoopNotifier {
  const kept = new Map<string, IncidentNotice>();
  return {
    name,
    notify(notice, signal) {
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      if (!kept.has(notice.id)) kept.set(notice.id, notice);
      return Promise.resolve();
    },
    notices: () => [...kept.values()],
  };
}
