/**
 * Latency and outcome per release from HAProxy's own counters (`show stat`, CSV): per server of a
 * model's backend, the requests answered by status class and the average response time over its
 * last 1024 requests (`rtime`, ms). Cumulative counters: a reader takes the difference of two
 * reads for a window.
 */
import type { HaproxyModelBackend } from './haproxy-router.js';
import type { RuntimeApi } from './runtime-api.js';

export interface ReleaseCounters {
  release: string;
  /** Responses with a status (1xx-5xx) since HAProxy started. */
  responses: number;
  /** 5xx responses, including HAProxy's own when the server failed. */
  errors: number;
  /** Connection and response errors (no status at all). */
  failures: number;
  /** Average response time of the last 1024 requests, ms (0 before any). */
  avgResponseMs: number;
}

export async function readReleaseCounters(
  api: RuntimeApi,
  backend: HaproxyModelBackend,
  signal?: AbortSignal,
): Promise<ReleaseCounters[]> {
  const csv = await api.run(['show stat'], signal);
  const [header, ...rows] = csv.split('\n').filter((l) => l.trim() !== '');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (name: string): number => columns.indexOf(name);
  const releaseOf = new Map(
    Object.entries(backend.servers ?? {}).map(([release, server]) => [server, release]),
  );
  const counters: ReleaseCounters[] = [];
  for (const row of rows) {
    const cells = row.split(',');
    const [proxy, server] = cells;
    if (proxy !== backend.backend || server === 'BACKEND' || server === 'FRONTEND' || server === undefined)
      continue;
    const n = (name: string): number => Number(cells[at(name)] || 0);
    counters.push({
      release: releaseOf.get(server) ?? server,
      responses: n('hrsp_1xx') + n('hrsp_2xx') + n('hrsp_3xx') + n('hrsp_4xx') + n('hrsp_5xx'),
      errors: n('hrsp_5xx'),
      failures: n('eresp') + n('econ'),
      avgResponseMs: n('rtime'),
    });
  }
  return counters;
}
