import { describe, expect, it } from 'vitest';

import { median, runRelease } from './run-release.js';
import type { ArmSecond } from './simulated-releases.js';

/** 400 req/s in all, a 5 % canary: 20 req/s on the candidate. */
const TOTAL = 400;
const SHARE = 0.05;
const healthy = (rate: number): ArmSecond => ({ rate, errorRate: 0.003, latencyScale: 1 });
/** What happens to every release: 1.5× slower from 300 s, a 3 % error burst over 150–270 s. */
const shared = (t: number, arm: ArmSecond): ArmSecond => ({
  ...arm,
  latencyScale: arm.latencyScale * (t >= 300 ? 1.5 : 1),
  errorRate: t >= 150 && t < 270 ? Math.max(arm.errorRate, 0.03) : arm.errorRate,
});
const baseline = (t: number): ArmSecond => shared(t, healthy(TOTAL * (1 - SHARE)));

const RELATIVE = [
  'hard: p95 latency up > 20%',
  'hard: p95 latency up > 30% for 5m',
  'hard: error rate up > 50%',
];

describe('concurrent control: candidate against the baseline over the same seconds', () => {
  it('never rolls back an A/A canary through a shared 1.5× slowdown and a shared error burst (100 releases)', () => {
    const rolledBack: string[] = [];
    for (let r = 0; r < 100; r++) {
      const out = runRelease({
        triggers: RELATIVE,
        seconds: 600,
        seed: `aa-${r}`,
        candidate: (t) => shared(t, healthy(TOTAL * SHARE)),
        baseline,
      });
      if (out.decision) rolledBack.push(`${r} at ${out.actedAt}s: ${out.decision.reason}`);
    }
    // Judge-wide alpha is 1 %: at most one false rollback expected in 100.
    expect(rolledBack.length, rolledBack.join('\n')).toBeLessThanOrEqual(1);
  });

  it('still finds real regressions fast beside the shared slowdown: errors 0.3 % → 5 %, p95 +40 %', () => {
    const found = { errors: [] as number[], p95: [] as number[] };
    for (let r = 0; r < 20; r++) {
      const errors = runRelease({
        triggers: RELATIVE,
        seconds: 600,
        seed: `errors-${r}`,
        // The fault starts at 310 s, after the shared slowdown began.
        candidate: (t) => shared(t, { ...healthy(TOTAL * SHARE), errorRate: t >= 310 ? 0.05 : 0.003 }),
        baseline,
      });
      const p95 = runRelease({
        triggers: RELATIVE,
        seconds: 600,
        seed: `p95-${r}`,
        candidate: (t) => shared(t, { ...healthy(TOTAL * SHARE), latencyScale: t >= 310 ? 1.4 : 1 }),
        baseline,
      });
      expect(errors.decision?.trigger).toBe('hard: error rate up > 50%');
      expect(p95.decision?.trigger).toBe('hard: p95 latency up > 20%');
      found.errors.push(errors.actedAt! - 310);
      found.p95.push(p95.actedAt! - 310);
    }
    expect(Math.min(...found.errors, ...found.p95)).toBeGreaterThan(0);
    // A 20 req/s canary, five healthy minutes before the onset (the checkpoint carrying the evidence
    // then weighs 1/(2k(k + 1)), k ≈ 62): measured medians 5–10 s for errors, 60–70 s for p95.
    expect(median(found.errors)).toBeLessThanOrEqual(30);
    expect(median(found.p95)).toBeLessThanOrEqual(90);
  });
});
