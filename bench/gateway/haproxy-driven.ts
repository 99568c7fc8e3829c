/**
 * The row "HAProxy driven by ripcord": the same HAProxy, its split set by ripcord's HAProxy router
 * through the Runtime API (no reload) instead of its config file, so its throughput should match
 * bare HAProxy's (target ≥ 0.9×). Also measures a weight change: from `apply` to the weights read
 * back (`applied`), and the canary's share of the next requests (effective within 1 s).
 */
import { request } from 'node:http';
import path from 'node:path';
import { TrafficPolicyInputSchema, type TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { haproxyRouter } from '../../src/traffic/haproxy/haproxy-router.js';
import { runtimeApi } from '../../src/traffic/haproxy/runtime-api.js';
import { startHaproxy, type Running } from './servers.js';

const policy = (revision: number, canary: number): TrafficPolicy => ({
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
const answeredBy = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['x-backend-release'] ?? '')));
    })
      .on('error', reject)
      .end();
  });

export async function startRipcordDrivenHaproxy(
  dir: string,
  stable: number,
  canary: number,
  notes: string[],
): Promise<Running> {
  const socket = path.join(dir, 'haproxy-admin.sock');
  const running = await startHaproxy(dir, stable, canary, socket);
  const api = runtimeApi(socket);
  for (let i = 0; i < 100 && !(await api.run(['show info']).catch(() => '')).includes('HAProxy'); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const router = haproxyRouter({ socket: api, models: { bench: { backend: 'releases' } } });
  // A weight change: 50 % canary, confirmed by reading the weights back, then the share of the next requests.
  const started = performance.now();
  await router.apply(policy(1, 50));
  await router.applied('bench', 1);
  const confirmedMs = performance.now() - started;
  const answers = await Promise.all(
    Array.from({ length: 100 }, () => answeredBy(running.port).catch(() => 'error')),
  );
  const shareKnown = answers.some((a) => a !== '' && a !== 'error');
  notes.push(
    `HAProxy driven by ripcord: weight change 0 → 50 % confirmed by read-back in ${confirmedMs.toFixed(1)} ms (target ≤ 1000 ms, no reload)` +
      (shareKnown
        ? `; next 100 requests: ${answers.filter((a) => a.includes('canary')).length} % canary`
        : ''),
  );
  // The row's load then runs at the same 95/5 as the bare HAProxy row.
  await router.apply(policy(2, 5));
  await router.applied('bench', 2);
  return { ...running, name: 'haproxy-driven' };
}
