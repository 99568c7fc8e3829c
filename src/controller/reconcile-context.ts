import { ConflictError } from '../core/errors.js';
import type { ControllerDeps } from './controller-deps.js';
import type { Incident } from '../incidents/index.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
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
  /**
   * The model's traffic policy as the tick read it for every model at once; undefined when the
   * pass must read it itself. Writes made from it are compare-and-set on its revision.
   */
  knownTraffic: { policy: TrafficPolicy | undefined } | undefined;
  /** Set once the pass acted outside its own document (see beforeEffect). */
  acted: boolean;
  /** Aborts when the controller stops: hand it to whatever the pass runs (rollback plans). */
  signal: AbortSignal;
  /**
   * The tick defers this rollout's distribution triggers (look-schedule.ts): its looks are light
   * (JudgeInput.light) unless a step is due to end.
   */
  lightLook: boolean;
  document(): RolloutDocument;
  /**
   * Writes the status now (compare-and-set), then any pending incidents. Used before acting on a
   * decision, so a crash between deciding and applying resumes the same decision.
   */
  persist(): Promise<void>;
  /**
   * Called before anything that acts outside the rollout's document (traffic, aliases, rollback
   * plans, notifications). A pass begun from the tick's list of rollouts first checks that the
   * stored revision is still the one it holds, so a command that landed since (an abort, say) is
   * never undone by a pass over the older state: it fails with a ConflictError instead.
   */
  beforeEffect(): Promise<void>;
  note(type: 'phase' | 'step' | 'alert', message: string): void;
}

export interface ReconcileContextOptions {
  /** True when the document was read just now, not taken from the tick's list. @default true */
  fresh?: boolean | undefined;
  knownTraffic?: { policy: TrafficPolicy | undefined } | undefined;
  /** The controller's stop signal. @default a signal that never aborts */
  signal?: AbortSignal | undefined;
  /** @default false: every trigger judged */
  lightLook?: boolean | undefined;
}

/**
 * `doc` must be the caller's own freshly parsed copy: the pass works on its status in place
 * (copying it, judge snapshot included, for each of 1,000 rollouts a tick was measurable).
 */
export function createReconcileContext(
  deps: ControllerDeps,
  name: string,
  doc: RolloutDocument,
  now: number,
  revision: number,
  options: ReconcileContextOptions = {},
): ReconcileContext {
  const status = doc.status;
  let confirmed = options.fresh ?? true;
  const context: ReconcileContext = {
    deps,
    name,
    spec: doc.spec,
    status,
    now,
    dirty: false,
    revision,
    pendingIncidents: [],
    knownTraffic: options.knownTraffic,
    acted: false,
    signal: options.signal ?? new AbortController().signal,
    lightLook: options.lightLook ?? false,
    document: () => ({ spec: doc.spec, status }),
    async persist() {
      const at = new Date(now).toISOString();
      const updated = await deps.rollouts.update(name, { spec: doc.spec, status }, context.revision, at);
      context.revision = updated.revision;
      context.dirty = false;
      confirmed = true;
      for (const incident of context.pendingIncidents.splice(0)) {
        await storeIncident(deps, name, incident, at);
      }
    },
    async beforeEffect() {
      context.acted = true;
      if (confirmed) return;
      const stored = await deps.rollouts.revision(name);
      if (stored !== context.revision) {
        throw new ConflictError(
          `rollout "${name}" is at revision ${stored ?? 'none'}, not ${context.revision}: it changed since the tick read it`,
          { currentRevision: stored, expectedRevision: context.revision },
        );
      }
      confirmed = true;
    },
    note(type, message) {
      context.dirty = true;
      status.message = message;
      if (type === 'alert') status.alerts = [...status.alerts.slice(-19), { at: now, message }];
      deps.emit({
        rollout: name,
        at: now,
        type,
        message,
        phase: status.phase,
        ...(status.rollback ? { rollback: status.rollback } : {}),
      });
    },
  };
  return context;
}

/**
 * Stores an incident the status already names. An id already stored is the same incident written
 * by an earlier pass. Any other failure is logged, not thrown: the status is written and the
 * rollback it records must go on; the incident's record is what is missing, and the log says so.
 */
async function storeIncident(deps: ControllerDeps, rollout: string, incident: Incident, at: string) {
  try {
    await deps.incidents.create(incident.id, incident, at);
  } catch (error) {
    if (error instanceof ConflictError) return;
    deps.logger.error(
      { err: error, rollout, incident: incident.id },
      'incident not stored; the rollout status names it but its record is missing',
    );
  }
}
