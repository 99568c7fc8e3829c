/**
 * When the candidate search found no safe rollback target, the fallback serves and the model
 * needs a new version: the rollout's emergency-retrain steps (`kind: retrain`) trigger CI. With a
 * safe target they stand down, planning and changing nothing, so the same rollout spec serves
 * both cases. The pipeline's link is lifted from the step's result onto the incident.
 */
import type { ActionRecord } from '../actions/action-journal.js';
import type { Executor } from '../actions/executors/executor.js';
import type { Incident, IncidentRetrain } from '../incidents/index.js';
import type { RolloutStatus } from './rollout-state.js';

const RETRAIN = 'retrain:';

/** The plan's external steps, with retrain steps standing down when a safe target exists. */
export function retrainOnlyWithoutSafeTarget(
  executors: Executor[],
  rollbackTarget: RolloutStatus['rollbackTarget'],
): Executor[] {
  const safe = rollbackTarget.release;
  if (safe === null) return executors;
  return executors.map((step) =>
    step.name.startsWith(RETRAIN) ? standDown(step.name, `${safe} is a safe rollback target`) : step,
  );
}

function standDown(name: string, why: string): Executor {
  return {
    name,
    plan: (_context, signal) => {
      signal.throwIfAborted();
      return Promise.resolve({ changes: false, summary: `${name}: not needed, ${why}` });
    },
    apply: (_context, signal) => {
      signal.throwIfAborted();
      return Promise.resolve({ changed: false, detail: { skipped: why } });
    },
  };
}

/** The retrain a plan's actions triggered, as the incident records it. */
export function retrainOf(actions: readonly ActionRecord[]): IncidentRetrain | undefined {
  for (const action of actions) {
    if (!action.name.startsWith(RETRAIN) || action.outcome?.result !== 'succeeded') continue;
    const detail = action.outcome.detail as
      | {
          datasetVersion?: string;
          configCommit?: string;
          pipeline?: { provider: 'gitlab' | 'github'; id?: number; webUrl?: string; label: string };
        }
      | undefined;
    if (!detail?.pipeline || !detail.datasetVersion || !detail.configCommit) continue;
    return {
      provider: detail.pipeline.provider,
      label: detail.pipeline.label,
      ...(detail.pipeline.id !== undefined ? { id: detail.pipeline.id } : {}),
      ...(detail.pipeline.webUrl ? { url: detail.pipeline.webUrl } : {}),
      datasetVersion: detail.datasetVersion,
      configCommit: detail.configCommit,
      at: action.endedAt ?? action.startedAt,
    };
  }
  return undefined;
}

/** The incident with its retrain link, when the plan triggered one. */
export function withRetrainLink(incident: Incident): Incident {
  const retrain = incident.retrain ?? retrainOf(incident.actions);
  return retrain ? { ...incident, retrain } : incident;
}
