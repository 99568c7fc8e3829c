/**
 * What the demo model does with one request, apart from HTTP: which items each row gets,
 * whether the request fails, how long it takes and what conversion rate a client should
 * simulate, given the faults active at that instant. Deterministic for a given seed.
 */
import type { Catalogue, Recommendation } from './catalogue.js';
import { activeFault, type ScheduledFault } from './faults.js';
import type { Row } from './protocols.js';
import { createRandom, lognormal, type Random } from './random.js';

export interface BehaviourOptions {
  catalogue: Catalogue;
  /** Share of users whose last recommended item differs from v1's (a newer version that mostly agrees). */
  variation: number;
  /** Median latency in ms (lognormal). */
  medianLatencyMs: number;
  /** Spread of log(latency). */
  latencySigma: number;
  /** Share of requests that fail with 500 without any fault. */
  errorRate: number;
  /** Conversion rate a synthetic client should simulate without any fault. */
  conversionRate: number;
  seed: number;
}

export interface Outcome {
  /** 200, or the injected error status. */
  status: number;
  recommendations: Recommendation[];
  /** How long the server should take to answer. */
  latencyMs: number;
  conversionRate: number;
  /** Rows that fell in a drifting segment (for the server's counters). */
  driftedRows: number;
  collapsedRows: number;
}

export class ModelBehaviour {
  private readonly random: Random;

  constructor(private readonly options: BehaviourOptions) {
    this.random = createRandom(options.seed);
  }

  conversionRate(faults: readonly ScheduledFault[], now: number): number {
    const conversion = activeFault(faults, 'conversion', now);
    return Math.min(1, this.options.conversionRate * (conversion?.multiply ?? 1));
  }

  respond(rows: readonly Row[], faults: readonly ScheduledFault[], now: number): Outcome {
    const { catalogue, variation, medianLatencyMs, latencySigma, errorRate } = this.options;
    const latency = activeFault(faults, 'latency', now);
    const latencyMs =
      lognormal(this.random, medianLatencyMs, latencySigma) * (latency?.multiply ?? 1) +
      (latency?.addMs ?? 0);
    const conversionRate = this.conversionRate(faults, now);
    const errors = activeFault(faults, 'errors', now);
    const failRate = errors ? Math.max(errors.rate, errorRate) : errorRate;
    if (failRate > 0 && this.random() < failRate) {
      return {
        status: errors?.status ?? 500,
        recommendations: [],
        latencyMs,
        conversionRate,
        driftedRows: 0,
        collapsedRows: 0,
      };
    }
    const collapse = activeFault(faults, 'diversity-collapse', now);
    const drift = activeFault(faults, 'drift', now);
    let driftedRows = 0;
    let collapsedRows = 0;
    const recommendations = rows.map((row) => {
      if (collapse && this.random() < collapse.share) {
        collapsedRows++;
        return catalogue.popular();
      }
      const user = userKey(row);
      if (user === undefined) return catalogue.popular();
      const segment = drift ? Number(row[drift.field]) : Number.NaN;
      if (drift && segment >= drift.min && segment <= drift.max) {
        driftedRows++;
        return catalogue.recommend(user, variation, drift);
      }
      return catalogue.recommend(user, variation);
    });
    return { status: 200, recommendations, latencyMs, conversionRate, driftedRows, collapsedRows };
  }
}

/** The user id of a row (`user_id`, or `user.id`); undefined for a cold-start request. */
function userKey(row: Row): string | undefined {
  const id = row.user_id ?? (row.user as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
