/**
 * Minimum data before a trigger is judged at all: below these a reading is "insufficient data",
 * never a pass or a failure. Chosen so the point estimates behind the effect-size conditions
 * are stable enough not to cross a threshold by noise alone (see docs/triggers.md).
 */
export const MINIMUMS = Object.freeze({
  /** Requests on each side for rates (error rate). */
  requests: 100,
  /** Expected values above the quantile on each side (n·(1 − q)), so p99 needs 1,000 requests. */
  tailSamples: 10,
  /** Latency samples on each side in any case. */
  latencySamples: 100,
  /** KPI events on each side. */
  kpiEvents: 200,
  /** Predictions on the candidate for an absolute diversity or one against the offline value. */
  predictions: 500,
  /** Predictions on each side for diversity against a live baseline (compared at equal sample sizes). */
  equalSamplePredictions: 200,
  /**
   * Predictions on each side for diversity against a live baseline when its test decides too
   * (with significance, the default): the test keeps the false alarms; this keeps the equal-size
   * reading from crossing the limit by noise (A/A at 100 a side: sd of the change 4 %, docs/triggers.md).
   */
  testedPredictions: 100,
  /** Values of the field on each side, for psi, js and ks judged on effect size alone. */
  psiRows: 500,
  /** The same when their test decides too (with significance, the default). */
  testedRows: 100,
  /** Input rows for the null rate. */
  inputRows: 100,
});
