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
