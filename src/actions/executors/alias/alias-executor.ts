/**
 * Registry aliases: point an alias (production by default) at the rollback target. The registry
 * treats setting an alias to the release it already names as a no-op, so a resumed action adds
 * no alias move and no audit entry.
 */
import { NotFoundError } from '../../../core/errors.js';
import type { Registry } from '../../../registry/registry.js';
import type { Executor } from '../executor.js';
import { rollbackActor } from '../registry-actor.js';

export function createAliasExecutor(
  registry: Pick<Registry, 'getAlias' | 'setAlias'>,
  alias = 'production',
): Executor {
  const current = async (model: string): Promise<string | undefined> => {
    try {
      return (await registry.getAlias(model, alias)).release;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
  return {
    name: `alias:${alias}`,
    async plan(context, signal) {
      signal.throwIfAborted();
      const now = await current(context.model);
      return now === context.target
        ? { changes: false, summary: `${context.model} ${alias}: already on ${context.target}` }
        : {
            changes: true,
            summary: `${context.model} ${alias}: ${now ?? 'nothing'} → ${context.target}`,
            detail: { alias, from: now ?? null, to: context.target },
          };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      const before = await current(context.model);
      if (before === context.target) return { changed: false, detail: { alias, release: context.target } };
      const written = await registry.setAlias(context.model, alias, context.target, rollbackActor(context));
      return { changed: true, detail: { alias, from: before ?? null, to: written.release } };
    },
    async verify(context) {
      const now = await current(context.model);
      return now === context.target
        ? { ok: true, message: `${context.model} ${alias} → ${context.target}` }
        : {
            ok: false,
            message: `${context.model} ${alias} points at ${now ?? 'nothing'}, not ${context.target}`,
          };
    },
  };
}
