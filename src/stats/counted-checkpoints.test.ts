/**
 * A count-gated checkpoint schedule on a quiet blocked stream (the p95 test's setting at night:
 * the canary gets a couple of requests a second beside the baseline's nineteen, each above the
 * pooled threshold with 5 % chance). At the null boundary the canary's events are hypergeometric
 * given the block's events, so the blocked e-process is exact and the mixture's false-alarm rate
 * must stay within alpha however the checkpoints' starts follow the counts.
 */
import { describe, expect, it } from 'vitest';

import { BlockedShareEProcess, sumsSince } from './blocked-share-e-process.js';
import { CheckpointSchedule, mixtureLogE } from './checkpoint-mixture.js';
import { createRandom } from './random.js';

const PROCESS = new BlockedShareEProcess('greater', [1.5, 2.25, 3.375, 5.0625]);
const COUNTED = new CheckpointSchedule({ intervalMs: 5000, offset: 12, countPerCheckpoint: 20 });

interface Checkpoint {
  index: number;
  count: number;
  weight: number;
  mark: number[];
}

/**
 * One release: `seconds` of blocks, looked at every 5 s; from `onset` on the canary's requests
 * exceed with `faultShare` instead of 5 %. `weightOf` lets a test try an invalid weighting.
 * Returns the first look (seconds from the onset) at which the mixture reaches 1/alpha, or Infinity.
 */
function firstRejection(o: {
  seed: number;
  seconds: number;
  onset: number;
  faultShare: number;
  alpha: number;
  weightOf?: (after: number, index: number) => number;
}): number {
  const r = createRandom(o.seed);
  const weightOf = o.weightOf ?? ((after, index) => COUNTED.weightOver(after, index));
  const sums = PROCESS.empty();
  let seen = 0;
  let checkpoints: Checkpoint[] = [];
  for (let t = 1; t <= o.seconds; t++) {
    const nc = r.poisson(2);
    const nb = r.poisson(19);
    const x = r.binomial(nc, t > o.onset ? o.faultShare : 0.05);
    const y = r.binomial(nb, 0.05);
    if (nc > 0 && nb > 0) PROCESS.addBlock(sums, x, y, nc / (nc + nb));
    seen += nc;
    if (t % 5 !== 0) continue;
    const last = checkpoints.at(-1);
    const index = COUNTED.next(0, t * 1000, last, seen);
    if (index !== undefined)
      checkpoints.push({ index, count: seen, weight: weightOf(last?.index ?? 0, index), mark: [...sums] });
    const kept = COUNTED.keep(checkpoints.map((c) => c.index));
    checkpoints = checkpoints.filter((c) => kept.has(c.index));
    const terms = [{ weight: COUNTED.weight(0), logE: PROCESS.logE(sums) }];
    for (const c of checkpoints)
      terms.push({ weight: c.weight, logE: PROCESS.logE(sumsSince(sums, c.mark)) });
    if (mixtureLogE(terms) >= Math.log(1 / o.alpha)) return t - o.onset;
  }
  return Number.POSITIVE_INFINITY;
}

describe('count-gated checkpoints on a quiet blocked stream', () => {
  it('keeps the chance of ever rejecting a release at the null boundary within alpha', () => {
    // 14 of 1,500 (0.9 %) at alpha 5 %: the mixture is conservative, not merely at its level.
    const alpha = 0.05;
    const runs = 1500;
    let rejected = 0;
    for (let seed = 1; seed <= runs; seed++)
      if (firstRejection({ seed, seconds: 600, onset: 600, faultShare: 0.05, alpha }) < 1) rejected++;
    const se = Math.sqrt((alpha * (1 - alpha)) / runs);
    expect(rejected / runs).toBeLessThanOrEqual(alpha + 2 * se);
  });

  it('would not if each checkpoint took the weight of every slot from the start (weights summing above 1)', () => {
    // 144 of 600 (24 %): the check above can fail.
    const alpha = 0.05;
    const runs = 600;
    let rejected = 0;
    for (let seed = 1; seed <= runs; seed++)
      if (
        firstRejection({
          seed,
          seconds: 600,
          onset: 600,
          faultShare: 0.05,
          alpha,
          weightOf: (_after, index) => COUNTED.weightOver(0, index),
        }) < 1
      )
        rejected++;
    expect(rejected / runs).toBeGreaterThan(2 * alpha);
  });
});
