import { ValidationError } from '../../../core/errors.js';
import { parseDuration } from '../../../core/duration.js';
import { compileExpression, ExpressionError, type CompiledExpression } from '../expression/index.js';

/** One metric of an analysis template, as written (Argo's field names and meanings). */
export interface MetricSpec {
  name: string;
  /** Condition on `result` that makes a measurement Successful. */
  successCondition?: string | undefined;
  /** Condition on `result` that makes a measurement Failed (wins over successCondition). */
  failureCondition?: string | undefined;
  /** Time between measurements, e.g. `30s`; without it and without count, one measurement. */
  interval?: string | undefined;
  /** Measurements to take; undefined with an interval means "until stopped". */
  count?: number | undefined;
  /** Failed measurements tolerated. @default 0 (−1 disables the failure limit) */
  failureLimit?: number | undefined;
  /** Inconclusive measurements tolerated. @default 0 */
  inconclusiveLimit?: number | undefined;
  /** Errors in a row tolerated. @default 4 */
  consecutiveErrorLimit?: number | undefined;
  /** Successes in a row that complete the metric as Successful. @default 0 (off) */
  consecutiveSuccessLimit?: number | undefined;
  /** Measured and reported, but left out of the run's phase. @default false */
  dryRun?: boolean | undefined;
}

export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

export interface CompiledMetric {
  readonly name: string;
  readonly successCondition: CompiledExpression | undefined;
  readonly failureCondition: CompiledExpression | undefined;
  readonly intervalMs: number | undefined;
  /** Argo's EffectiveCount: 1 without interval and count, undefined when unbounded. */
  readonly count: number | undefined;
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
  readonly consecutiveSuccessLimit: number;
  readonly dryRun: boolean;
}

function integer(field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new ValidationError(field, `${field}: ${value} must be an integer >= ${min}`);
  return value;
}

function condition(field: string, text: string | undefined): CompiledExpression | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return compileExpression(text);
  } catch (err) {
    if (err instanceof ExpressionError)
      throw new ValidationError(field, `${field}: ${err.message}`, err.details);
    throw err;
  }
}

/** Validates, normalises and freezes one metric; `path` prefixes field names in errors. */
export function compileMetric(spec: MetricSpec, path = 'metric'): CompiledMetric {
  if (!spec.name) throw new ValidationError(`${path}.name`, `${path}.name is required`);
  const intervalMs =
    spec.interval === undefined ? undefined : parseDuration(`${path}.interval`, spec.interval);
  const count = integer(`${path}.count`, spec.count, -1, 1);
  return Object.freeze({
    name: spec.name,
    successCondition: condition(`${path}.successCondition`, spec.successCondition),
    failureCondition: condition(`${path}.failureCondition`, spec.failureCondition),
    intervalMs,
    count: count === -1 ? (intervalMs === undefined ? 1 : undefined) : count,
    failureLimit: integer(`${path}.failureLimit`, spec.failureLimit, 0, -1),
    inconclusiveLimit: integer(`${path}.inconclusiveLimit`, spec.inconclusiveLimit, 0, 0),
    consecutiveErrorLimit: integer(
      `${path}.consecutiveErrorLimit`,
      spec.consecutiveErrorLimit,
      DEFAULT_CONSECUTIVE_ERROR_LIMIT,
      0,
    ),
    consecutiveSuccessLimit: integer(`${path}.consecutiveSuccessLimit`, spec.consecutiveSuccessLimit, 0, 0),
    dryRun: spec.dryRun ?? false,
  });
}
