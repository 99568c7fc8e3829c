import type { ControllerDeps } from './controller-deps.js';
import type { Incident } from '../incidents/index.js';
import type { RolloutDocument, RolloutStatus } from './rollout-state.js';
import type { RolloutSpec } from './rollout-spec.js';

/** One reconcile pass over one rollout: a working copy of its status, written once at the end. */
export interface ReconcileContext {
  deps: ControllerDeps;
  name: string;
  spec: RolloutSpec;
  status: RolloutStatus;
  now: number;
  /** Set when the pass changed something worth persisting at once. */
  dirty: boolean;
  /** The stored revision this pass started from (advanced by persist). */
  revision: number;
  /** Incidents opened in this pass, stored right after the status that names them. */
  pendingIncidents: Incident[];
  document(): RolloutDocument;
  /**
   * Writes the status now (compare-and-set), then any pending incidents. Used before acting on a
   * decision, so a crash between deciding and applying resumes the same decision.
   */
  persist(): Promise<void>;
  note(type: 'phase' | 'step' | 'alert', message: string): void;
}

export function createReconcileContext(
  deps: ControllerDeps,
  name: string,
  doc: RolloutDocument,
  now: number,
  revision: number,
): ReconcileContext {
  const status = structuredClone(doc.status);
  const context: ReconcileContext = {
    deps,
    name,
    spec: doc.spec,
    status,
    now,
    dirty: false,
    revision,
    pendingIncidents: [],
    document: () => ({ spec: doc.spec, status }),
    async persist() {
      const at = new Date(now).toISOString();
      const updated = await deps.rollouts.update(name, { spec: doc.spec, status }, context.revision, at);
      context.revision = updated.revision;
      context.dirty = false;
      for (const incident of context.pendingIncidents.splice(0)) {
        await deps.incidents.create(incident.id, incident, at).catch(() => undefined);
      }
    },
    note(type, message) {
      context.dirty = true;
      status.message = message;
      if (type === 'alert') status.alerts = [...status.alerts.slice(-19), { at: now, message }];
      deps.emit({ rollout: name, at: now, type, message, phase: status.phase });
    },
  };
  return context;
}
