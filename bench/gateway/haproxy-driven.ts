/**
 * The row "HAProxy driven by ripcord": the same HAProxy, its split set by ripcord's HAProxy router
 * through the Runtime API (no reload) instead of its config file, so its throughput should match
 * bare HAProxy's (target ≥ 0.9×). Also measures a weight change: from `apply` to the weights read
 * back (`applied`), to the first response from the newly favoured server (effective within 1 s).
 */
import path from 'node:path';
import { haproxyRouter } from '../../src/traffic/haproxy/haproxy-router.js';
import { runtimeApi } from '../../src/traffic/haproxy/runtime-api.js';
import { benchPolicy, describeWeightChange, measureWeightChange } from './haproxy-weight-change.js';
import { startHaproxy, type Running } from './servers.js';

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
  // Weight changes timed to the first response from the newly favoured server (haproxy-weight-change.ts).
  notes.push(describeWeightChange(await measureWeightChange(router, running.port, 6, 0)));
  // The row's load then runs at the same 95/5 as the bare HAProxy row.
  await router.apply(benchPolicy(100, 5));
  await router.applied('bench', 100);
  return { ...running, name: 'haproxy-driven' };
}
