import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { kayentaClassify } from './kayenta-classify.js';

const i30 = Array.from({ length: 30 }, (_, i) => i + 1);
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
const baseline = i30.map((i) => round6(10 + 2 * Math.cos(1.3 * i)));
const same = i30.map((i) => round6(10 + 2 * Math.sin(1.7 * i)));
const high = i30.map((i) => round6(20 + 2 * Math.sin(1.7 * i)));
const low = i30.map((i) => round6(5 + 2 * Math.sin(1.7 * i)));

describe('kayentaClassify', () => {
  // Estimates and 98 % intervals: R wilcox.test on the same series (see mann-whitney.test.ts).
  it.each([
    ['either', same, 'Pass', 0.024936232981132248, [-0.86325516619399267, 0.88034885777786986]],
    ['either', high, 'High', 10.024936232981132, [9.1367448338060093, 10.880348857777868]],
    ['either', low, 'Low', -4.9745761653125582, [-5.8632203876063684, -4.1195940639410091]],
    ['increase', low, 'Pass', -4.9745761653125582, [-5.8632203876063684, -4.1195940639410091]],
    ['decrease', high, 'Pass', 10.024936232981132, [9.1367448338060093, 10.880348857777868]],
    ['increase', high, 'High', 10.024936232981132, [9.1367448338060093, 10.880348857777868]],
    ['decrease', low, 'Low', -4.9745761653125582, [-5.8632203876063684, -4.1195940639410091]],
  ] as const)('direction %s classifies as expected', (direction, canary, label, estimate, ci) => {
    const r = kayentaClassify({ canary, baseline, direction });
    expect(r.classification).toBe(label);
    expect(r.critical).toBe(false);
    expectClose(r.estimate, estimate, 1e-12);
    expectClose(r.ci[0], ci[0], 1e-12);
    expectClose(r.ci[1], ci[1], 1e-12);
  });

  it('applies the tolerance band around the estimate', () => {
    // The interval [9.14, 10.88] clears 0.25·10.02 but not 0.95·10.02.
    expect(
      kayentaClassify({ canary: high, baseline, direction: 'either', tolerance: 0.95 }).classification,
    ).toBe('Pass');
  });

  it('needs the mean ratio to reach the allowed effect size', () => {
    // ratio ≈ 2.0 for `high`, ≈ 0.50 for `low`.
    expect(
      kayentaClassify({ canary: high, baseline, direction: 'increase', allowedIncrease: 2.1 }).classification,
    ).toBe('Pass');
    expect(
      kayentaClassify({ canary: high, baseline, direction: 'increase', allowedIncrease: 1.9 }).classification,
    ).toBe('High');
    expect(
      kayentaClassify({ canary: low, baseline, direction: 'decrease', allowedDecrease: 0.4 }).classification,
    ).toBe('Pass');
    expectClose(
      kayentaClassify({ canary: low, baseline, direction: 'decrease' }).ratio,
      0.50209466000891412,
      1e-12,
    );
  });

  it('flags critical metrics beyond the critical effect size only', () => {
    const base = { canary: high, baseline, direction: 'increase' as const, critical: true };
    expect(kayentaClassify({ ...base, criticalIncrease: 1.5 }).critical).toBe(true);
    expect(kayentaClassify({ ...base, criticalIncrease: 3 }).critical).toBe(false);
    expect(kayentaClassify({ ...base, critical: false, criticalIncrease: 1.5 }).critical).toBe(false);
    const lowCritical = kayentaClassify({
      canary: low,
      baseline,
      direction: 'decrease',
      critical: true,
      criticalDecrease: 0.6,
    });
    expect([lowCritical.classification, lowCritical.critical]).toEqual(['Low', true]);
  });

  it('handles missing, identical and constant data as Kayenta does', () => {
    expect(kayentaClassify({ canary: [], baseline, direction: 'either' }).classification).toBe('Nodata');
    expect(
      kayentaClassify({ canary: [Number.NaN], baseline, direction: 'either', critical: true }).critical,
    ).toBe(true);
    expect(
      kayentaClassify({ canary: [], baseline, direction: 'either', failOnNoData: true }).classification,
    ).toBe('NodataFailMetric');
    expect(
      kayentaClassify({ canary: [...baseline].reverse(), baseline, direction: 'either' }).classification,
    ).toBe('Pass');
    expect(kayentaClassify({ canary: [4, 4], baseline: [4, 4, 4], direction: 'either' }).classification).toBe(
      'Pass',
    );
    // Two distinct constants: the test still runs and sees a large shift.
    expect(
      kayentaClassify({ canary: Array(20).fill(9), baseline: Array(20).fill(3), direction: 'either' })
        .classification,
    ).toBe('High');
  });
});
