/**
 * The registry over the store. Every mutation runs in one transaction together with its audit
 * entry, and revisioned records are written with a compare-and-set on their revision, so two
 * operators acting at once produce one winner and one ConflictError naming the current revision.
 */
import type { Registry } from '../../registry/registry.js';
import { auditOperations } from './audit-operations.js';
import { modelOperations } from './model-operations.js';
import { policyOperations } from './policy-operations.js';
import { createRegistryCore } from './registry-core.js';
import type { RegistryOptions } from './registry-core.js';
import { releaseOperations } from './release-operations.js';

export type { RegistryOptions } from './registry-core.js';

export function createRegistry(options: RegistryOptions): Registry {
  const core = createRegistryCore(options);
  return {
    ...modelOperations(core),
    ...releaseOperations(core),
    ...policyOperations(core),
    ...auditOperations(core),
    async atomically(work) {
      // Runs at once only outside a transaction: then this call is the outermost, and once it has
      // committed it waits for the data planes like a single write does (registry-core routingChanged).
      let outermost = false;
      core.store.afterCommit(() => {
        outermost = true;
      });
      const result = await core.store.transaction(work);
      if (outermost) await core.routingSettled();
      return result;
    },
    onChange(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    async close() {
      core.listeners.clear();
    },
  };
}
