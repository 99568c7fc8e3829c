/**
 * Flags: disable the `name@version` flag of one feature/encoder version the pulled release used
 * and the target does not, so nothing keeps serving the bad encoder once traffic has moved. A
 * missing flag is created disabled, which leaves the state explicit for the next rollout.
 */
import type { Registry } from '../../../registry/registry.js';
import type { FeatureRef } from '../../../registry/schemas.js';
import type { Executor } from '../executor.js';
import { rollbackActor } from '../registry-actor.js';

export function flagKey(ref: FeatureRef): string {
  return `${ref.name}@${ref.version}`;
}

/** Flag keys of the pulled release's feature versions that the target does not use. */
export function flagsToDisable(pulled: readonly FeatureRef[], target: readonly FeatureRef[]): string[] {
  const kept = new Set(target.map(flagKey));
  return [...new Set(pulled.map(flagKey))].filter((key) => !kept.has(key)).sort();
}

export function createFlagExecutor(registry: Pick<Registry, 'getFlag' | 'setFlag'>, key: string): Executor {
  return {
    name: `flag:${key}`,
    async plan(_context, signal) {
      signal.throwIfAborted();
      const flag = await registry.getFlag(key);
      if (flag && !flag.enabled) return { changes: false, summary: `flag ${key}: already disabled` };
      return {
        changes: true,
        summary: flag
          ? `flag ${key}: disable (enabled now)`
          : `flag ${key}: create it disabled (missing now)`,
        detail: { key, enabled: false, created: flag === undefined },
      };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      const before = await registry.getFlag(key);
      if (before && !before.enabled) return { changed: false, detail: { key, enabled: false } };
      await registry.setFlag(key, false, rollbackActor(context));
      return { changed: true, detail: { key, enabled: false, created: before === undefined } };
    },
    async verify() {
      const flag = await registry.getFlag(key);
      return flag && !flag.enabled
        ? { ok: true, message: `flag ${key} disabled` }
        : { ok: false, message: `flag ${key} is ${flag ? 'enabled' : 'missing'}` };
    },
  };
}
