import {
  CANARY_BACKGROUNDS,
  KPI_DELAYED,
  STATIONARY,
  STATIONARY_BLUE_GREEN,
  type Background,
} from './backgrounds.js';
import type { Rng } from './random.js';

/** What differs between the candidate and the baseline in one family of simulated releases. */
export interface ArmModel {
  errorRate: number;
  conversion: number;
  /** Every latency multiplied by this (1.4 → p95 +40 %). */
  latencyScale: number;
  items: 'healthy' | 'collapsed';
  /** Mean shift of the PSI feature, in standard deviations. */
  featureShift: number;
  nullRate: number;
}

export type Regression = 'none' | 'errors' | 'p95' | 'conversion' | 'diversity' | 'psi';

export interface Scenario {
  name: string;
  /** canary: the candidate takes `canaryShare` of the traffic beside the baseline; blue-green: a full flip. */
  mode: 'canary' | 'blue-green';
  regression: Regression;
  candidate: ArmModel;
  /**
   * Healthy seconds before the regression starts (default 0: present from the first second). The
   * candidate behaves as HEALTHY until then; time to detect counts from the onset.
   */
  onsetSec?: number;
  /** A random onset per release, uniform over [from, to) seconds (instead of `onsetSec`). */
  onsetWithin?: readonly [number, number];
  /** What every release goes through meanwhile (default: stationary traffic). */
  background?: Background;
}

/** A release's onset, seconds: `onsetSec`, a draw from `onsetWithin`, or 0 (from the first second). */
export function onsetOf(s: Scenario, rng: Rng): number {
  if (s.onsetSec !== undefined) return s.onsetSec;
  if (!s.onsetWithin) return 0;
  const [from, to] = s.onsetWithin;
  return Math.floor(from + rng.next() * (to - from));
}

/** The background a scenario runs on. */
export function backgroundOf(s: Scenario): Background {
  return s.background ?? (s.mode === 'canary' ? STATIONARY : STATIONARY_BLUE_GREEN);
}

export const HEALTHY: ArmModel = Object.freeze({
  errorRate: 0.003,
  conversion: 0.1,
  latencyScale: 1,
  items: 'healthy',
  featureShift: 0,
  nullRate: 0.005,
});

/** The feature shift injected in the PSI scenario (≈ 0.3 PSI on the decile bins). */
export const PSI_SHIFT = 0.6;

export const SCENARIOS: readonly Scenario[] = [
  { name: 'A/A canary', mode: 'canary', regression: 'none', candidate: HEALTHY },
  { name: 'p95 +40 %', mode: 'canary', regression: 'p95', candidate: { ...HEALTHY, latencyScale: 1.4 } },
  {
    name: 'errors 0.3 % → 5 %',
    mode: 'canary',
    regression: 'errors',
    candidate: { ...HEALTHY, errorRate: 0.05 },
  },
  {
    name: 'p95 +40 % after 2 healthy minutes',
    mode: 'canary',
    regression: 'p95',
    candidate: { ...HEALTHY, latencyScale: 1.4 },
    onsetSec: 120,
  },
  {
    name: 'errors 0.3 % → 5 % after 2 healthy minutes',
    mode: 'canary',
    regression: 'errors',
    candidate: { ...HEALTHY, errorRate: 0.05 },
    onsetSec: 120,
  },
  {
    name: 'diversity 0.73 → 0.04',
    mode: 'canary',
    regression: 'diversity',
    candidate: { ...HEALTHY, items: 'collapsed' },
  },
  {
    name: 'PSI shift (feature +0.6 sd)',
    mode: 'canary',
    regression: 'psi',
    candidate: { ...HEALTHY, featureShift: PSI_SHIFT },
  },
  { name: 'A/A blue/green', mode: 'blue-green', regression: 'none', candidate: HEALTHY },
  {
    name: 'conversion 10 % → 9.7 % (blue/green)',
    mode: 'blue-green',
    regression: 'conversion',
    candidate: { ...HEALTHY, conversion: 0.097 },
  },
];

/** Mid-step onsets on the backgrounds: after 1–5 healthy minutes, when the background is under way. */
export const BACKGROUND_ONSET: readonly [number, number] = [60, 300];

/** The seed-sized canary regressions run on every canary background. */
const CANARY_REGRESSIONS: readonly Pick<Scenario, 'name' | 'regression' | 'candidate'>[] = [
  { name: 'errors 0.3 % → 5 %', regression: 'errors', candidate: { ...HEALTHY, errorRate: 0.05 } },
  { name: 'p95 +40 %', regression: 'p95', candidate: { ...HEALTHY, latencyScale: 1.4 } },
  { name: 'diversity 0.73 → 0.04', regression: 'diversity', candidate: { ...HEALTHY, items: 'collapsed' } },
];

/** Each non-stationary background A/A and with the seed's regressions on top. */
export const BACKGROUND_SCENARIOS: readonly Scenario[] = [
  ...CANARY_BACKGROUNDS.flatMap((background): Scenario[] => [
    { name: `${background.name} · A/A`, mode: 'canary', regression: 'none', candidate: HEALTHY, background },
    ...CANARY_REGRESSIONS.map((r): Scenario => ({
      ...r,
      name: `${background.name} · ${r.name}`,
      mode: 'canary',
      onsetWithin: BACKGROUND_ONSET,
      background,
    })),
  ]),
  {
    name: `${KPI_DELAYED.name} · A/A`,
    mode: 'blue-green',
    regression: 'none',
    candidate: HEALTHY,
    background: KPI_DELAYED,
  },
  {
    name: `${KPI_DELAYED.name} · conversion 10 % → 9.7 %`,
    mode: 'blue-green',
    regression: 'conversion',
    candidate: { ...HEALTHY, conversion: 0.097 },
    background: KPI_DELAYED,
  },
];
