import type { TriggerMetric } from '../triggers/types.js';
import { evaluateDiversity } from './diversity.js';
import { evaluateErrorRate } from './error-rate.js';
import { evaluateJs } from './js.js';
import { evaluateKpi } from './kpi.js';
import { evaluateKs } from './ks.js';
import { evaluateLatency } from './latency.js';
import { evaluateNullRate } from './null-rate.js';
import { evaluatePsi } from './psi.js';
import { evaluateSchemaMismatch } from './schema-mismatch.js';
import type { Evaluator } from './types.js';

/** One evaluator per trigger metric. */
export const EVALUATORS: Readonly<Record<TriggerMetric['kind'], Evaluator>> = Object.freeze({
  latency: evaluateLatency,
  'error-rate': evaluateErrorRate,
  kpi: evaluateKpi,
  diversity: evaluateDiversity,
  'null-rate': evaluateNullRate,
  'schema-mismatch': evaluateSchemaMismatch,
  psi: evaluatePsi,
  js: evaluateJs,
  ks: evaluateKs,
});

export type { EvalContext, Evaluation, Evaluator } from './types.js';
export { MINIMUMS } from './minimums.js';
