/**
 * The faults the recovery bench injects at the candidate's model server, and the rollouts they
 * hit: two on a 5 % canary, the p95 fault again on a 25 % step of the documented ramp
 * (1 → 5 → 25 → 50 → 100 %) where the candidate answers five times the requests, and one
 * hours-later kind after full promotion (the guard's case).
 */
import type { FaultSpecInput } from '../../src/demo/model-server/index.js';

/** Share of requests that fail before any fault (errors 0.3 % → 5 %). */
export const BACKGROUND_ERROR_RATE = 0.003;

/**
 * What a team writes for a recommender (the documented examples): hard triggers only, no `for`
 * or `over` windows, the default confirmation (first breach for always-valid tests, 3 in a row
 * for effect sizes) and alpha (0.01). The guard after
 * promotion watches the same triggers (its default).
 */
export const TRIGGERS = [
  'hard: error rate up > 50%',
  'hard: p95 latency up > 20%',
  'hard: prediction diversity down > 20%',
];

export interface Scenario {
  id: string;
  title: string;
  /** canary: the fault hits a canary step; guard: it hits the fully promoted release. */
  stage: 'canary' | 'guard';
  /** Percent of traffic on the candidate when the fault lands: the canary step's weight, or 100. */
  weight: number;
  fault: FaultSpecInput;
  /** The trigger expected to fire (a run where another one fires is reported). */
  trigger: string;
  /** Argo/Flagger-style metric that should fail. */
  fixedMetric: 'error-rate' | 'p95' | 'diversity';
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'errors',
    title: 'errors 0.3 % → 5 % on a 5 % canary',
    stage: 'canary',
    weight: 5,
    fault: { kind: 'errors', rate: 0.05 },
    trigger: 'hard: error rate up > 50%',
    fixedMetric: 'error-rate',
  },
  {
    id: 'latency',
    title: 'p95 +40 % on a 5 % canary',
    stage: 'canary',
    weight: 5,
    fault: { kind: 'latency', multiply: 1.4 },
    trigger: 'hard: p95 latency up > 20%',
    fixedMetric: 'p95',
  },
  {
    id: 'latency-25',
    title: 'p95 +40 % on a 25 % canary',
    stage: 'canary',
    weight: 25,
    fault: { kind: 'latency', multiply: 1.4 },
    trigger: 'hard: p95 latency up > 20%',
    fixedMetric: 'p95',
  },
  {
    id: 'diversity',
    title: 'diversity collapse after promotion (guard)',
    stage: 'guard',
    weight: 100,
    fault: { kind: 'diversity-collapse', share: 0.975 },
    trigger: 'hard: prediction diversity down > 20%',
    fixedMetric: 'diversity',
  },
];

/** Comparators quoted in issue 5. */
export const BY_HAND_SEC = 14 * 60;
export const QUOTED_AUTOMATED_SEC = 90;
