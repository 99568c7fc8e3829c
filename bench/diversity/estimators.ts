/**
 * Which diversity comparison reads a canary fairly: the change in prediction diversity between a
 * 5 % canary and its baseline (200 req/s in all, one predicted item per request from the demo
 * recommender's Zipf 1.05 over 500 items), by estimator, on A/A releases and on a real 25 % drop
 * in entropy; then how fast the chosen one detects the drop. Prints markdown tables.
 *
 *   npx tsx bench/diversity/estimators.ts [--releases 60]
 */
import { parseArgs } from 'node:util';

import { normalizedEntropy, rarefiedEntropy, shannonEntropy } from '../../src/stats/index.js';
import { createRandom, type Random } from '../../src/stats/random.js';

const CATALOGUE = 500;
const SECONDS = [10, 20, 30, 60, 120, 300];
const { values } = parseArgs({ options: { releases: { type: 'string', default: '60' } } });
const RELEASES = Number(values.releases);

const zipf = (s: number): number[] => {
  const w = Array.from({ length: CATALOGUE }, (_, i) => 1 / (i + 1) ** s);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
};
const entropyOf = (p: readonly number[]): number => -p.reduce((a, x) => a + (x > 0 ? x * Math.log(x) : 0), 0);
const HEALTHY = zipf(1.05);
/** Steeper Zipf with 75 % of the healthy entropy. */
const DROPPED = ((): number[] => {
  let lo = 1.05;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (entropyOf(zipf(mid)) > 0.75 * entropyOf(HEALTHY)) lo = mid;
    else hi = mid;
  }
  return zipf((lo + hi) / 2);
})();

type Counts = Map<number, number>;
const total = (c: Counts): number => [...c.values()].reduce((a, b) => a + b, 0);
function millerMadow(c: Counts): number {
  return shannonEntropy([...c.values()]) + (c.size - 1) / (2 * total(c));
}
function chaoShen(c: Counts): number {
  const n = total(c);
  let f1 = 0;
  for (const v of c.values()) if (v === 1) f1++;
  const coverage = 1 - Math.min(f1, n - 1) / n;
  let h = 0;
  for (const v of c.values()) {
    const p = (coverage * v) / n;
    h -= (p * Math.log(p)) / (1 - (1 - p) ** n);
  }
  return h;
}
const rarefiedToCandidate = (cand: Counts, base: Counts): number =>
  rarefiedEntropy([...base.values()], total(cand));
/** Expected distinct items among n drawn without replacement (Hurlbert). */
function rarefiedItems(base: Counts, n: number): number {
  const N = total(base);
  let logAll = 0;
  for (let i = 0; i < n; i++) logAll += Math.log((N - i) / (n - i));
  let k = 0;
  for (const ni of base.values()) {
    if (N - ni < n) {
      k++;
      continue;
    }
    let logMiss = 0;
    for (let i = 0; i < n; i++) logMiss += Math.log((N - ni - i) / (n - i));
    k += 1 - Math.exp(logMiss - logAll);
  }
  return k;
}

/** Relative change candidate vs baseline, by estimator. */
const ESTIMATORS: Record<string, (cand: Counts, base: Counts) => number> = {
  'normalized entropy of each arm’s own sample (before)': (c, b) =>
    normalizedEntropy([...c.values()]) / normalizedEntropy([...b.values()]) - 1,
  'Miller–Madow, each arm’s own sample': (c, b) => millerMadow(c) / millerMadow(b) - 1,
  'Chao–Shen, each arm’s own sample': (c, b) => chaoShen(c) / chaoShen(b) - 1,
  'rarefied, each normalized by its own ln K': (c, b) =>
    normalizedEntropy([...c.values()]) / (rarefiedToCandidate(c, b) / Math.log(rarefiedItems(b, total(c)))) -
    1,
  'rarefied entropy, common scale (used)': (c, b) =>
    shannonEntropy([...c.values()]) / rarefiedToCandidate(c, b) - 1,
};

function draw(p: readonly number[], random: Random): number {
  let u = random.next();
  let i = 0;
  while (i < p.length - 1 && (u -= p[i]!) > 0) i++;
  return i;
}

/** Simulates a release second by second, calling `look(t, cand, base)` every `every` seconds. */
function simulate(
  seed: number,
  candidate: readonly number[],
  seconds: number,
  every: number,
  look: (t: number, c: Counts, b: Counts) => boolean,
): void {
  const random = createRandom(seed);
  const cand: Counts = new Map();
  const base: Counts = new Map();
  for (let t = 1; t <= seconds; t++) {
    for (let i = 0; i < 10; i++) {
      const x = draw(candidate, random);
      cand.set(x, (cand.get(x) ?? 0) + 1);
    }
    for (let i = 0; i < 190; i++) {
      const x = draw(HEALTHY, random);
      base.set(x, (base.get(x) ?? 0) + 1);
    }
    if (t % every === 0 && look(t, cand, base)) return;
  }
}

const fmt = (xs: number[]): string => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return `${mean >= 0 ? '+' : '−'}${Math.abs(100 * mean).toFixed(1)} (${(100 * sd).toFixed(1)})`;
};

for (const [label, p] of [
  ['A/A', HEALTHY],
  ['25 % drop', DROPPED],
] as const) {
  const changes = new Map(Object.keys(ESTIMATORS).map((e) => [e, SECONDS.map(() => [] as number[])]));
  for (let r = 0; r < RELEASES; r++)
    simulate(label === 'A/A' ? 1000 + r : 2000 + r, p, SECONDS[SECONDS.length - 1]!, 1, (t, c, b) => {
      const at = SECONDS.indexOf(t);
      if (at >= 0) for (const [name, f] of Object.entries(ESTIMATORS)) changes.get(name)![at]!.push(f(c, b));
      return false;
    });
  console.log(`\n${label}: mean change in % (sd) over ${RELEASES} releases\n`);
  console.log(`| estimator | ${SECONDS.map((s) => `${s} s`).join(' | ')} |`);
  console.log(`| --- | ${SECONDS.map(() => '---').join(' | ')} |`);
  for (const [name, xs] of changes) console.log(`| ${name} | ${xs.map(fmt).join(' | ')} |`);
}

console.log(
  `\nrarefied entropy, common scale: down > 20 %, 3 looks in a row every 5 s, ${RELEASES} releases\n`,
);
console.log(
  '| minimum predictions a side | A/A rolled back in 10 min | 25 % drop found | median | slowest |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const minimum of [100, 200, 500]) {
  const outcome = (p: readonly number[], seedBase: number): number[] => {
    const found: number[] = [];
    for (let r = 0; r < RELEASES; r++) {
      let streak = 0;
      simulate(seedBase + r, p, 600, 5, (t, c, b) => {
        if (total(c) < minimum) return false;
        streak = ESTIMATORS['rarefied entropy, common scale (used)']!(c, b) < -0.2 ? streak + 1 : 0;
        if (streak < 3) return false;
        found.push(t);
        return true;
      });
    }
    return found.sort((a, b) => a - b);
  };
  const aa = outcome(HEALTHY, 3000);
  const drop = outcome(DROPPED, 4000);
  console.log(
    `| ${minimum} | ${aa.length} of ${RELEASES} | ${drop.length} of ${RELEASES} | ${drop[drop.length >> 1] ?? '–'} s | ${drop[drop.length - 1] ?? '–'} s |`,
  );
}
