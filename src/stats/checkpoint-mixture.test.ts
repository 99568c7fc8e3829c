import { describe, expect, it } from 'vitest';

import { CheckpointSchedule, mixtureLogE } from './checkpoint-mixture.js';
import { countingProcessEValue } from './counting-process-e-value.js';
import { createRandom } from './random.js';

const schedule = new CheckpointSchedule({ intervalMs: 5000 });

/**
 * One error stream at a 5 % canary (the counting-process e-value's exact setting): each second
 * the baseline and the candidate draw Poisson errors; from `onset` on, the candidate's rate is
 * `faultRate`. Returns the first second (from the onset) the running mixture reaches 1/alpha,
 * or Infinity within `seconds`. `weightOf` lets a test try invalid weights.
 */
function detect(options: {
  seed: number;
  seconds: number;
  onset: number;
  faultRate: number;
  alpha: number;
  checkpoints: boolean;
  weightOf?: (index: number) => number;
}): number {
  const r = createRandom(options.seed);
  const weight = options.weightOf ?? ((k: number) => (options.checkpoints ? schedule.weight(k) : 1));
  const share = 0.05;
  const logE = (ec: number, eb: number): number =>
    countingProcessEValue({
      baselineCount: eb,
      candidateCount: ec,
      candidateShare: share,
      alternative: 'greater',
    }).logEValue;
  let ec = 0;
  let eb = 0;
  const marks: { index: number; ec: number; eb: number }[] = [];
  for (let t = 1; t <= options.seconds; t++) {
    ec += r.poisson(25 * (t > options.onset ? options.faultRate : 0.003));
    eb += r.poisson(475 * 0.003);
    const terms = [{ weight: weight(0), logE: logE(ec, eb) }];
    if (options.checkpoints) {
      const due = schedule.dueIndex(0, t * 1000);
      if (due >= 1 && (marks.at(-1)?.index ?? 0) < due) marks.push({ index: due, ec, eb });
      const kept = schedule.keep(marks.map((m) => m.index));
      for (let i = marks.length - 1; i >= 0; i--) if (!kept.has(marks[i]!.index)) marks.splice(i, 1);
      for (const m of marks) terms.push({ weight: weight(m.index), logE: logE(ec - m.ec, eb - m.eb) });
    }
    if (mixtureLogE(terms) >= Math.log(1 / options.alpha)) return t - options.onset;
  }
  return Number.POSITIVE_INFINITY;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('CheckpointSchedule', () => {
  it('gives weights that sum to at most 1, half of them to the step-start test', () => {
    let sum = 0;
    for (let k = 0; k <= 100_000; k++) sum += schedule.weight(k);
    expect(schedule.weight(0)).toBe(0.5);
    expect(schedule.weight(1)).toBe(0.25);
    expect(schedule.weight(2)).toBeCloseTo(0.5 / 6, 12);
    // Σ_{k≥1} 1/(k(k+1)) telescopes to 1 − 1/(K+1).
    expect(sum).toBeLessThanOrEqual(1);
    expect(sum).toBeCloseTo(1 - 0.5 / 100_001, 9);
    expect(new CheckpointSchedule({ intervalMs: 1, startWeight: 0.9 }).weight(3)).toBeCloseTo(0.1 / 12, 12);
  });

  it('offsets the restarted weights by k₀: still summing to at most 1, moved from early checkpoints to later ones', () => {
    const offset = new CheckpointSchedule({ intervalMs: 5000, offset: 12 });
    let sum = 0;
    for (let k = 0; k <= 100_000; k++) sum += offset.weight(k);
    // Σ_{k≥1} 13/((k + 12)(k + 13)) telescopes to 1 − 13/(K + 13).
    expect(sum).toBeLessThanOrEqual(1);
    expect(sum).toBeCloseTo(1 - (0.5 * 13) / 100_013, 9);
    expect(offset.weight(0)).toBe(0.5);
    expect(offset.weight(1)).toBeCloseTo((0.5 * 13) / (13 * 14), 12);
    // A checkpoint three minutes in (k = 36) costs 5.9 nats instead of 7.9.
    expect(-Math.log(offset.weight(36))).toBeCloseTo(5.89, 2);
    expect(-Math.log(schedule.weight(36))).toBeCloseTo(7.89, 2);
    expect(() => new CheckpointSchedule({ intervalMs: 5000, offset: 1.5 })).toThrow(/offset/);
    expect(() => new CheckpointSchedule({ intervalMs: 5000, offset: -1 })).toThrow(/offset/);
  });

  it('schedules checkpoint k at since + k·interval', () => {
    expect(schedule.dueIndex(1000, 1000)).toBe(0);
    expect(schedule.dueIndex(1000, 5999)).toBe(0);
    expect(schedule.dueIndex(1000, 6000)).toBe(1);
    expect(schedule.dueIndex(1000, 61_000)).toBe(12);
    expect(schedule.dueIndex(1000, 0)).toBe(0);
  });

  it('keeps the recent checkpoints and a power-of-two trail, bounded however long it runs', () => {
    const all = Array.from({ length: 20_000 }, (_, i) => i + 1);
    const kept = schedule.keep(all);
    expect(kept.size).toBeLessThanOrEqual(schedule.recent + schedule.trail);
    expect([...kept].sort((a, b) => a - b)).toEqual([
      512, 1024, 2048, 4096, 8192, 16_384, 19_995, 19_996, 19_997, 19_998, 19_999, 20_000,
    ]);
    expect([...schedule.keep([1, 2, 3])].sort()).toEqual([1, 2, 3]);
  });

  it('gates a count-gated checkpoint on both its slot and the observations since the latest one', () => {
    const counted = new CheckpointSchedule({ intervalMs: 5000, countPerCheckpoint: 300 });
    // Busy: the slot due by time, as the timed schedule.
    expect(counted.next(0, 5000, undefined, 300)).toBe(1);
    expect(counted.next(0, 10_000, { index: 1, count: 300 }, 600)).toBe(2);
    // Quiet: 5 observations a slot; nothing until 300 have come since the latest checkpoint.
    expect(counted.next(0, 5000, undefined, 5)).toBeUndefined();
    expect(counted.next(0, 300_000, undefined, 299)).toBeUndefined();
    expect(counted.next(0, 300_000, undefined, 300)).toBe(60);
    expect(counted.next(0, 600_000, { index: 60, count: 300 }, 599)).toBeUndefined();
    expect(counted.next(0, 605_000, { index: 60, count: 300 }, 600)).toBe(121);
    // Never a slot already started, whatever the count.
    expect(counted.next(0, 300_000, { index: 60, count: 300 }, 10_000)).toBeUndefined();
    expect(() => counted.next(0, 5000)).toThrow(/count/);
    // The timed schedule ignores counts.
    expect(schedule.next(0, 5000, undefined, 0)).toBe(1);
    expect(schedule.next(0, 4999)).toBeUndefined();
  });

  it('gives a count-gated checkpoint the weight of every slot since the latest one: the weights still sum to at most 1', () => {
    const counted = new CheckpointSchedule({ intervalMs: 5000, offset: 12, countPerCheckpoint: 300 });
    let direct = 0;
    for (let m = 61; m <= 121; m++) direct += counted.weight(m);
    expect(counted.weightOver(60, 121)).toBeCloseTo(direct, 14);
    expect(counted.weightOver(0, 1)).toBeCloseTo(counted.weight(1), 14);
    // Any run of checkpoints covers disjoint slots: start + Σ ≤ 1.
    const starts = [0, 7, 60, 121, 400, 1000, 5000];
    let sum = counted.weight(0);
    for (let i = 1; i < starts.length; i++) sum += counted.weightOver(starts[i - 1]!, starts[i]!);
    expect(sum).toBeLessThanOrEqual(1);
    expect(() => counted.weightOver(5, 5)).toThrow(/index/);
  });

  it('rejects bad options naming the field', () => {
    expect(() => new CheckpointSchedule({ intervalMs: 5000, countPerCheckpoint: -1 })).toThrow(
      /countPerCheckpoint/,
    );
    expect(() => new CheckpointSchedule({ intervalMs: 5000, countPerCheckpoint: 10, recent: 0 })).toThrow(
      /recent/,
    );
    expect(() => new CheckpointSchedule({ intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => new CheckpointSchedule({ intervalMs: 5000, startWeight: 1 })).toThrow(/startWeight/);
    expect(() => new CheckpointSchedule({ intervalMs: 5000, recent: -1 })).toThrow(/recent/);
    expect(() => schedule.weight(1.5)).toThrow(/index/);
  });
});

describe('mixtureLogE', () => {
  it('is ln Σ w·E, finite where single terms overflow', () => {
    const direct = Math.log(0.5 * Math.exp(2) + 0.25 * Math.exp(-1) + 0.25);
    expect(
      mixtureLogE([
        { weight: 0.5, logE: 2 },
        { weight: 0.25, logE: -1 },
        { weight: 0.25, logE: 0 },
      ]),
    ).toBeCloseTo(direct, 12);
    expect(
      mixtureLogE([
        { weight: 0.5, logE: 2000 },
        { weight: 0.5, logE: 2000 },
      ]),
    ).toBeCloseTo(2000, 9);
    expect(mixtureLogE([{ weight: 0, logE: 5 }])).toBe(Number.NEGATIVE_INFINITY);
    expect(() => mixtureLogE([{ weight: -1, logE: 0 }])).toThrow(/weight/);
  });
});

describe('checkpoint-restart mixture on a simulated error stream', () => {
  it('keeps the chance of ever rejecting a healthy release under alpha (Ville)', () => {
    // 1,500 healthy releases watched for 5 minutes, looked at every second: the rate of ever
    // rejecting stays within alpha (exact test: the sampling error is the only slack).
    const alpha = 0.05;
    const runs = 1500;
    let rejected = 0;
    for (let seed = 1; seed <= runs; seed++)
      if (detect({ seed, seconds: 300, onset: 300, faultRate: 0.003, alpha, checkpoints: true }) < 1)
        rejected++;
    const se = Math.sqrt((alpha * (1 - alpha)) / runs);
    expect(rejected / runs).toBeLessThanOrEqual(alpha + 2 * se);
  });

  it('would not with weights summing above 1 (each restarted test at full weight)', () => {
    const alpha = 0.05;
    const runs = 600;
    let rejected = 0;
    for (let seed = 1; seed <= runs; seed++)
      if (
        detect({
          seed,
          seconds: 300,
          onset: 300,
          faultRate: 0.003,
          alpha,
          checkpoints: true,
          weightOf: () => 1,
        }) < 1
      )
        rejected++;
    expect(rejected / runs).toBeGreaterThan(2 * alpha);
  });

  it('finds a fault after healthy seconds sooner than the step-start test alone', () => {
    const alpha = 0.005;
    const at = (onset: number, checkpoints: boolean): number =>
      median(
        Array.from({ length: 200 }, (_, i) =>
          detect({ seed: i + 1, seconds: onset + 120, onset, faultRate: 0.05, alpha, checkpoints }),
        ),
      );
    // Errors 0.3 % → 5 % on a 25 req/s canary beside 475 req/s: 13 s and 67 s into the step.
    expect(at(13, true)).toBeLessThan(at(13, false));
    expect(at(67, true)).toBeLessThanOrEqual(at(67, false) - 4);
    // From the step start the mixture pays only its weight (ln 2) on the step-start test.
    expect(at(0, true)).toBeLessThanOrEqual(at(0, false) + 1);
  });
});
