/**
 * Argo Rollouts analysis phases. A measurement, a metric and a run each have one.
 * - Pending: nothing measured yet.
 * - Running: measuring; no limit reached.
 * - Successful: the metric passed (count reached, consecutive successes met, or no conditions).
 * - Failed: more failed measurements than failureLimit.
 * - Error: more consecutive errors than consecutiveErrorLimit.
 * - Inconclusive: more inconclusive measurements than inconclusiveLimit (a human decides).
 */
export const ANALYSIS_PHASES = [
  'Pending',
  'Running',
  'Successful',
  'Failed',
  'Error',
  'Inconclusive',
] as const;
export type AnalysisPhase = (typeof ANALYSIS_PHASES)[number];

/** Best to worst, as Argo orders completed phases when it picks the run's phase. */
const ORDER: readonly AnalysisPhase[] = [
  'Successful',
  'Running',
  'Pending',
  'Inconclusive',
  'Error',
  'Failed',
];

export function isCompleted(phase: AnalysisPhase): boolean {
  return phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
}

/** True when `next` is worse than `current`. */
export function isWorse(current: AnalysisPhase, next: AnalysisPhase): boolean {
  return ORDER.indexOf(next) > ORDER.indexOf(current);
}

export function worst(a: AnalysisPhase, b: AnalysisPhase): AnalysisPhase {
  return isWorse(a, b) ? b : a;
}
