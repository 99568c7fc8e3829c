/**
 * Marks the pulled release as rolled back, with the event id, time, trigger, reason and the role
 * it held, so the registry shows why it must not be promoted again unseen. The registry keeps
 * one mark per event id, so a resumed action does not mark twice.
 */
import type { Registry } from '../../../registry/registry.js';
import type { ReleaseMark } from '../../../registry/types.js';
import type { ActionContext, Executor } from '../executor.js';
import { rollbackActor } from '../registry-actor.js';

export function rollbackMark(context: ActionContext): ReleaseMark {
  return {
    kind: 'rolled-back',
    eventId: context.eventId,
    at: new Date(context.decidedAt).toISOString(),
    trigger: context.trigger,
    reason: context.reason,
    role: context.role,
  };
}

export function createMarkReleaseExecutor(registry: Pick<Registry, 'getRelease' | 'markRelease'>): Executor {
  const marked = async (context: ActionContext): Promise<boolean> =>
    (await registry.getRelease(context.release)).marks.some((m) => m.eventId === context.eventId);
  return {
    name: 'mark-release',
    async plan(context, signal) {
      signal.throwIfAborted();
      return (await marked(context))
        ? { changes: false, summary: `${context.release}: already marked rolled-back by ${context.eventId}` }
        : {
            changes: true,
            summary: `${context.release}: mark rolled-back by ${context.eventId}`,
            detail: { release: context.release, mark: rollbackMark(context) },
          };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      if (await marked(context)) return { changed: false, detail: { release: context.release } };
      const mark = rollbackMark(context);
      await registry.markRelease(context.release, mark, rollbackActor(context));
      return { changed: true, detail: { release: context.release, mark } };
    },
    async verify(context) {
      return (await marked(context))
        ? { ok: true, message: `${context.release} marked rolled-back by ${context.eventId}` }
        : { ok: false, message: `${context.release} carries no mark for ${context.eventId}` };
    },
  };
}
