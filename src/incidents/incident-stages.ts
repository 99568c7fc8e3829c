/**
 * The stages of a rollback (the seed's order: the model first, the infrastructure only with
 * analysis). Stage 1 moves traffic, aliases, the release mark, flags, the model registry and
 * webhooks; stage 2 rolls the serving infrastructure back (Deployment, Helm, InferenceService,
 * Argo Rollout) when stage 1 did not verify in time, or at once when the rollout asks so for the
 * decision's severity. Each stage says whether it ran and why, for the incident and its report.
 */
import type { ActionRecord } from '../actions/action-journal.js';
import type { Incident, IncidentStage } from './incident.js';

/** The incident with the rollback's current stages. */
export function recordStages(incident: Incident, stages: readonly IncidentStage[] | undefined): Incident {
  return stages ? { ...incident, stages: stages.map((s) => ({ ...s, steps: [...s.steps] })) } : incident;
}

/** Stage 2's actions join stage 1's; a failed infrastructure rollback calls a person at once. */
export function recordInfrastructureStage(
  incident: Incident,
  actions: readonly ActionRecord[],
  failure: string | undefined,
  at: number,
): Incident {
  const known = new Set(actions.map((a) => a.actionId));
  const merged = [...incident.actions.filter((a) => !known.has(a.actionId)), ...actions];
  if (failure === undefined || incident.status === 'escalated') return { ...incident, actions: merged };
  return {
    ...incident,
    actions: merged,
    status: 'escalated',
    escalation: `infrastructure rollback failed: ${failure}`,
    times: { ...incident.times, escalatedAt: at },
  };
}

/** One line per stage, for `incident describe`. */
export function stageLines(stages: readonly IncidentStage[] | undefined): string[] {
  return (stages ?? []).map((s) => `  ${stageSentence(s)}`);
}

/** A stage in words: `stage 2 ran (succeeded): recovery not verified ... [kubernetes-deployment:serving]`. */
export const stageSentence = (s: IncidentStage): string =>
  `stage ${s.stage} ${s.status}${s.outcome ? ` (${s.outcome})` : ''}: ${s.reason}${s.steps.length ? ` [${s.steps.join(', ')}]` : ''}`;
