/**
 * What the shards bench reads from outside the controllers: the advisory locks each PostgreSQL
 * session holds (one member slot plus one per shard led), and a controller's tick histogram from
 * its /api/v1/metrics.
 */
import type pg from 'pg';
import { request } from 'undici';

/** Advisory locks held per backend session in the database (session pid → count). */
export async function advisoryLocksBySession(client: pg.Client): Promise<Map<number, number>> {
  const result = await client.query<{ pid: number; n: number }>(
    `select pid, count(*)::int as n from pg_locks
     where locktype = 'advisory' and granted and objsubid = 1 and classid = 0
       and database = (select oid from pg_database where datname = current_database())
     group by pid`,
  );
  return new Map(result.rows.map((r) => [r.pid, r.n]));
}

export interface TickHistogram {
  count: number;
  sumSec: number;
  /** Cumulative counts by upper bound (seconds), as exposed. */
  buckets: [number, number][];
}

/** The controller's tick histogram, summed over its labels. */
export async function tickHistogram(url: string, token: string): Promise<TickHistogram> {
  const response = await request(`${url}/api/v1/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`metrics answered ${response.statusCode}: ${text}`);
  const name = 'ripcord_controller_tick_duration_seconds';
  let count = 0;
  let sumSec = 0;
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${name}_count`)) count += value;
    else if (line.startsWith(`${name}_sum`)) sumSec += value;
    else {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + value);
    }
  }
  return { count, sumSec, buckets: [...buckets].sort((a, b) => a[0] - b[0]) };
}

/** Ticks between two readings: count, mean, and the bucket bound under which 99 % of them fell. */
export function tickFigures(
  a: TickHistogram,
  b: TickHistogram,
): { ticks: number; meanMs: number; p99UpToMs: number } {
  const ticks = b.count - a.count;
  const meanMs = ticks > 0 ? ((b.sumSec - a.sumSec) / ticks) * 1000 : Number.NaN;
  const before = new Map(a.buckets);
  const within = b.buckets.map(([bound, n]) => [bound, n - (before.get(bound) ?? 0)] as const);
  const p99 = within.find(([, n]) => n >= 0.99 * ticks)?.[0] ?? Number.NaN;
  return { ticks, meanMs, p99UpToMs: p99 * 1000 };
}
