/**
 * Why blue/green conversion −3 % releases were missed within the 10-minute horizon, and what each
 * way out buys. Simulates the KPI test's statistic as the bench's stationary blue/green row sees it
 * (Poisson traffic at 1,000 req/s, conversion 10 % for the 10 minutes before the flip, 9.7 % after
 * it, a look every 5 s) and reads, per release, whether a test rejects within the horizon:
 *
 * - the mSPRT alone (the step-start test at its weight 1/2 of 0.01 / 3: e ≥ 600), with tau² at
 *   0.5–6× GrowthBook's tuning for the horizon sample (the judge's), and an SPRT at one point
 *   alternative (the mixture concentrated where its boundary at the horizon is lowest);
 * - one z-test at the horizon at 1/600, alone, and beside the mSPRT as the judge now runs them
 *   (src/analysis/horizon-test.ts: the mSPRT's step-start test at 1/4 of the level, e ≥ 1200; the
 *   z-test at 1/2 of it).
 *
 * Checkpoints restarted after the flip are left out (a fault from the flip is the step-start
 * test's), so the judge itself does a little better than the mSPRT rows here.
 * `npx tsx bench/decisions/kpi-horizon-power.ts [--releases <n>] [--seed <s>]`.
 */
import { Command } from 'commander';

import { growthbookRho, msprt, normalQuantile } from '../../src/stats/index.js';
import { createRandom } from '../../src/stats/random.js';

const o = new Command()
  .option('--releases <n>', 'simulated releases', (v) => Number(v), 10_000)
  .option('--seed <s>', 'random seed', 'kpi-horizon-power')
  .parse()
  .opts<{ releases: number; seed: string }>();

const RATE = 1000;
const HORIZON_S = 600;
const LOOK_S = 5;
const ALPHA = 0.01 / 3;
const STEP_START = 0.5;
const random = createRandom(o.seed);
const looks = HORIZON_S / LOOK_S;

interface Look {
  /** Candidate KPI events so far. */
  n: number;
  /** Baseline mean − candidate mean (harm is positive) and its variance. */
  d: number;
  s2: number;
}

function release(): Look[] {
  let nb = 0;
  let xb = 0;
  for (let s = 0; s < HORIZON_S; s++) {
    const requests = random.poisson(RATE);
    nb += requests;
    xb += random.binomial(requests, 0.1);
  }
  const pb = xb / nb;
  const path: Look[] = [];
  let nc = 0;
  let xc = 0;
  for (let k = 1; k <= looks; k++) {
    const requests = random.poisson(RATE * LOOK_S);
    nc += requests;
    xc += random.binomial(requests, 0.097);
    const pc = xc / nc;
    path.push({ n: nc, d: pb - pc, s2: (pc * (1 - pc)) / nc + (pb * (1 - pb)) / nb });
  }
  return path;
}

/** ln e of the one-sided mSPRT with tau² = scale × the judge's (GrowthBook's rho at the horizon sample). */
function msprtLogE(look: Look, horizonN: number, scale: number): number {
  const rho = growthbookRho(2 * ALPHA, horizonN);
  const tau2 = scale * rho * rho * look.n * look.s2;
  return msprt({ estimate: look.d, variance: look.s2, alpha: ALPHA, alternative: 'greater', tau2 }).logLambda;
}

const SCALES = [0.5, 1, 2, 4, 6];
/** The point alternative whose SPRT boundary is lowest at the horizon: δ = S_H·sqrt(2 ln 600), S_H expected. */
const S_H = Math.sqrt((0.097 * 0.903) / (RATE * HORIZON_S) + 0.09 / (RATE * HORIZON_S));
const DELTA = S_H * Math.sqrt(2 * Math.log(1 / (ALPHA * STEP_START)));
const Z_HORIZON = normalQuantile(1 - ALPHA * STEP_START); // 1/600: 2.935

const caught = {
  scales: SCALES.map(() => 0),
  point: 0,
  horizonAlone: 0,
  judge: 0,
};
const zs: number[] = [];
for (let r = 0; r < o.releases; r++) {
  const path = release();
  const horizonN = path[path.length - 1]!.n;
  const last = path[path.length - 1]!;
  const z = last.d / Math.sqrt(last.s2);
  zs.push(z);
  SCALES.forEach((scale, i) => {
    if (path.some((l) => msprtLogE(l, horizonN, scale) >= Math.log(1 / (ALPHA * STEP_START))))
      caught.scales[i]!++;
  });
  if (path.some((l) => (DELTA * l.d - (DELTA * DELTA) / 2) / l.s2 >= Math.log(1 / (ALPHA * STEP_START))))
    caught.point++;
  if (z >= Z_HORIZON) caught.horizonAlone++;
  // The judge's split: the mSPRT (step-start) at 1/4 of the level, the z-test at 1/2.
  const anytime = path.some((l) => msprtLogE(l, horizonN, 1) >= Math.log(1 / (ALPHA * STEP_START * 0.5)));
  if (anytime || z >= Z_HORIZON) caught.judge++;
}

const pct = (k: number): string => `${((100 * k) / o.releases).toFixed(1)} %`;
const mean = zs.reduce((a, x) => a + x, 0) / zs.length;
const sd = Math.sqrt(zs.reduce((a, x) => a + (x - mean) ** 2, 0) / (zs.length - 1));
console.log(
  `${o.releases} releases, seed ${o.seed}; z at the horizon: mean ${mean.toFixed(2)}, sd ${sd.toFixed(2)}`,
);
SCALES.forEach((scale, i) => console.log(`mSPRT, tau² ${scale}× the judge's: ${pct(caught.scales[i]!)}`));
console.log(`SPRT at δ = ${DELTA.toFixed(5)} (lowest boundary at the horizon): ${pct(caught.point)}`);
console.log(`z-test at the horizon alone (z ≥ ${Z_HORIZON.toFixed(3)}): ${pct(caught.horizonAlone)}`);
console.log(`mSPRT at 1/4 of the level and the z-test at 1/2 (the judge now): ${pct(caught.judge)}`);
