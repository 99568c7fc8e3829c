/**
 * How fast a weight change set by ripcord's HAProxy router takes effect: from the start of
 * `router.apply()` to the first response from the server that the new weights favour (requests
 * sent back to back on fresh connections, so each one is balanced anew), and to `applied()`
 * confirming the weights read back. Flips between 100 % canary and 100 % stable.
 */
import { request } from 'node:http';
import { TrafficPolicyInputSchema, type TrafficPolicy } from '../../src/registry/traffic-policy.js';
import type { TrafficRouter } from '../../src/traffic/traffic-router.js';

export const benchPolicy = (revision: number, canary: number): TrafficPolicy => ({
  ...TrafficPolicyInputSchema.parse({
    model: 'bench',
    stable: 'stable',
    weights: [{ release: 'canary', weight: canary }],
  }),
  revision,
  updatedAt: new Date().toISOString(),
  updatedBy: 'bench',
});

/** Which backend answered: the bench backend tags its answers with x-backend-release. */
export const answeredBy = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['x-backend-release'] ?? '')));
    })
      .on('error', reject)
      .end();
  });

export interface WeightChange {
  /** apply() start → first response from the newly favoured server, ms, per flip. */
  firstResponseMs: number[];
  /** apply() start → applied() confirmed the weights read back, ms, per flip. */
  confirmedMs: number[];
  /** Share of canary answers among 200 requests after a change to 50 %. */
  halfShare: number;
}

export async function measureWeightChange(
  router: TrafficRouter,
  port: number,
  flips: number,
  firstRevision: number,
): Promise<WeightChange> {
  const firstResponseMs: number[] = [];
  const confirmedMs: number[] = [];
  let revision = firstRevision;
  for (let i = 0; i < flips; i += 1) {
    const target = i % 2 === 0 ? 'canary' : 'stable';
    revision += 1;
    const started = performance.now();
    const confirmed = router
      .apply(benchPolicy(revision, target === 'canary' ? 100 : 0))
      .then(() => router.applied('bench', revision))
      .then(() => performance.now() - started);
    // Requests race the change: the first one answered by the target marks it effective.
    while ((await answeredBy(port)) !== target) {
      if (performance.now() - started > 5_000) break;
    }
    firstResponseMs.push(performance.now() - started);
    confirmedMs.push(await confirmed);
  }
  revision += 1;
  await router.apply(benchPolicy(revision, 50));
  await router.applied('bench', revision);
  const answers = await Promise.all(Array.from({ length: 200 }, () => answeredBy(port).catch(() => 'error')));
  return {
    firstResponseMs,
    confirmedMs,
    halfShare: answers.filter((a) => a === 'canary').length / answers.length,
  };
}

export const describeWeightChange = (w: WeightChange): string => {
  const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  return (
    `HAProxy driven by ripcord: weight change (0 ↔ 100 % canary, ${w.firstResponseMs.length} flips) effective — first response from the new server — after ${list(w.firstResponseMs)} ms, ` +
    `max ${Math.max(...w.firstResponseMs).toFixed(1)} ms (target ≤ 1000 ms, no reload); weights confirmed by read-back after ${list(w.confirmedMs)} ms; ` +
    `after a change to 50 %: ${(w.halfShare * 100).toFixed(1)} % of the next 200 requests on the canary`
  );
};
