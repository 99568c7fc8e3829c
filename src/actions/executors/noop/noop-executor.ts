/**
 * An executor that touches no outside system: it only remembers, in memory, the actions it has
 * applied. A placeholder step where a real system is not yet wired, and the smallest executor that
 * keeps the contract (a repeat changes nothing; plan says what apply would do).
 */
import { actionId, type Executor } from '../executor.js';

export interface NoopExecutor extends Executor {
  /** Action ids applied so far, in order. */
  readonly applied: readonly string[];
}

export function createNoopExecutor(name = 'noop'): NoopExecutor {
  const applied: string[] = [];
  return {
    name,
    applied,
    // async: an aborted signal must reject the promise, not throw at the call.
    async plan(context, signal) {
      signal.throwIfAborted();
      const id = actionId(context.eventId, name);
      return applied.includes(id)
        ? { changes: false, summary: `${name}: ${id} already applied` }
        : { changes: true, summary: `${name}: record ${id} (changes no outside system)` };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      const id = actionId(context.eventId, name);
      if (applied.includes(id)) return { changed: false };
      applied.push(id);
      return { changed: true, detail: { actionId: id } };
    },
    async verify(context) {
      const id = actionId(context.eventId, name);
      return applied.includes(id)
        ? { ok: true, message: `${id} applied` }
        : { ok: false, message: `${id} not applied` };
    },
  };
}
