/**
 * The registry over the store. Every mutation runs in one transaction together with its audit
 * entry, and revisioned records are written with a compare-and-set on their revision, so two
 * operators acting at once produce one winner and one ConflictError naming the current revision.
 */
import type { Registry } from '../../registry/registry.js';
import { aliasOperations } from './alias-operations.js';
import { auditOperations } from './audit-operations.js';
import { featureOperations } from './feature-operations.js';
import { flagOperations } from './flag-operations.js';
import { modelOperations } from './model-operations.js';
import { routingSettled } from './registry-mutation.js';
import { registryState } from './registry-state.js';
import type { RegistryOptions } from './registry-state.js';
import { releaseOperations } from './release-operations.js';
import { tokenOperations } from './token-operations.js';
import { trafficPolicyOperations } from './traffic-policy-operations.js';
import { versionOperations } from './version-operations.js';

export type { RegistryOptions } from './registry-state.js';

export function createRegistry(options: RegistryOptions): Registry {
  const state = registryState(options);
  return {
    ...modelOperations(state),
    ...versionOperations(state),
    ...featureOperations(state),
    ...releaseOperations(state),
    ...aliasOperations(state),
    ...flagOperations(state),
    ...trafficPolicyOperations(state),
    ...auditOperations(state),
    ...tokenOperations(state),
    async atomically(work) {
      // Runs at once only outside a transaction: then this call is the outermost, and once it has
      // committed it waits for the data planes like a single write does (registry-mutation routingChanged).
      let outermost = false;
      state.store.afterCommit(() => {
        outermost = true;
      });
      const result = await state.store.transaction(work);
      if (outermost) await routingSettled(state);
      return result;
    },
    onChange(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
    async close() {
      state.listeners.clear();
    },
  };
}
