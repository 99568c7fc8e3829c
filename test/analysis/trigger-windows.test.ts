import { describe, expect, it } from 'vitest';

import { runRelease } from './run-release.js';
import type { ArmSecond } from './simulated-releases.js';

const healthy = (rate: number): ArmSecond => ({ rate, errorRate: 0.003, latencyScale: 1 });
const baseline = (): ArmSecond => healthy(380);

describe('`for D`: the condition held throughout the trailing D', () => {
  it('does not roll back after a 120 s burst of 10 % errors has ended', () => {
    for (let r = 0; r < 5; r++) {
      const out = runRelease({
        triggers: ['hard: error rate > 5% for 3m'],
        seconds: 600,
        seed: `burst-${r}`,
        candidate: (t) => ({ ...healthy(20), errorRate: t >= 100 && t < 220 ? 0.1 : 0.003 }),
        baseline,
      });
      expect(out.decision, out.decision?.reason).toBeUndefined();
      // During the burst the condition held on the trailing minute, then stopped holding.
      const during = out.decisions[215 / 5 - 1]!.readings[0]!;
      expect(during.status).toBe('pending-breach');
      expect(during.message).toMatch(/over the last 1m, held for (\d+m)?(\d+s)? of 3m \(limit > 5 %\)$/);
      expect(out.decisions[300 / 5 - 1]!.readings[0]!.status).toBe('ok');
    }
  });

  it('rolls back when the condition is sustained, quoting the trailing reading that crossed', () => {
    const out = runRelease({
      triggers: ['hard: error rate > 5% for 3m'],
      seconds: 600,
      seed: 'sustained',
      candidate: (t) => ({ ...healthy(20), errorRate: t >= 100 ? 0.1 : 0.003 }),
      baseline,
    });
    // A minute of bad data fills the trailing window, then 3 minutes held: about 100 + 60 + 180 s.
    expect(out.actedAt).toBeGreaterThanOrEqual(320);
    expect(out.actedAt).toBeLessThanOrEqual(400);
    const reading = out.decision!.readings[0]!;
    expect(reading.observed).toBeGreaterThan(0.05);
    expect(out.decision!.reason).toMatch(
      /^error rate \d+(\.\d)? % \(\d+ of \d+\) is above 5 % over the last 1m, held for 3m \(limit > 5 %\)$/,
    );
  });

  it('judges `over D` on the trailing D only: an early burst stops counting once it leaves the window', () => {
    const out = runRelease({
      triggers: ['hard: error rate > 5% over 1m without significance'],
      seconds: 400,
      seed: 'over',
      candidate: (t) => ({ ...healthy(20), errorRate: t < 60 ? 0.2 : 0.003 }),
      baseline,
      lookEvery: 5,
    });
    // Breaching from the first looks (3 in a row), hence rolled back early, on the trailing minute.
    expect(out.actedAt).toBeLessThanOrEqual(60);
    expect(out.decision!.reason).toMatch(/over 1m \(limit > 5 %\)$/);
    const late = runRelease({
      triggers: ['hard: error rate > 5% over 1m without significance'],
      seconds: 400,
      seed: 'over-late',
      // Bad 20 s, then healthy: the trailing minute stays below 5 % once enough healthy data is in.
      candidate: (t) => ({ ...healthy(20), errorRate: t >= 200 && t < 205 ? 0.2 : 0.003 }),
      baseline,
    });
    expect(late.decision, late.decision?.reason).toBeUndefined();
  });
});
