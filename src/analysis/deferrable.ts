/**
 * The triggers a light look defers (JudgeInput.light): those comparing whole distributions. Each
 * of their looks reads every item or bin of both releases and tests it on the step and on every
 * live checkpoint's span, hundreds of times the work of a count trigger (errors, latency
 * quantiles, KPIs: a few sums and one e-value update), so they are what a controller behind on its
 * ticks looks at less often. Their guarantees survive fewer looks: an always-valid test holds at
 * any look times, and a spent-level test spends by the clock between the looks it is taken at,
 * whatever their spacing (checkpoint-spending.ts), as long as the spacing does not follow the data.
 */
import type { Trigger } from './triggers/types.js';

const DISTRIBUTION_KINDS: ReadonlySet<Trigger['metric']['kind']> = new Set(['diversity', 'psi', 'js', 'ks']);

export function deferrable(trigger: Trigger): boolean {
  return DISTRIBUTION_KINDS.has(trigger.metric.kind);
}
