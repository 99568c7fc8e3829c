/**
 * The KPI names each model's rollouts watch (`kpi <name>` triggers of their analysis and guard):
 * the names a gateway accepts in `POST /feedback`. A rollout's spec never changes, so each is
 * read once: later calls list rollout ids and read only new ones, which keeps this off the cost
 * of every routing snapshot (and of a rollback's routing change).
 */
import type { Kysely } from 'kysely';

import { parseTrigger } from '../analysis/triggers/index.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import type { Database } from './database.js';
import type { Store } from './open-store.js';

interface Known {
  model: string;
  kpis: string[];
}

const caches = new WeakMap<Kysely<Database>, Map<string, Known>>();

function kpisOf(spec: Pick<RolloutSpec, 'analysis' | 'guard'>): string[] {
  const names = new Set<string>();
  for (const text of [...(spec.analysis?.triggers ?? []), ...(spec.guard?.triggers ?? [])]) {
    try {
      const metric = parseTrigger(text).metric;
      if (metric.kind === 'kpi') names.add(metric.name);
    } catch {
      // Specs are validated when written; an unreadable trigger names no KPI.
    }
  }
  return [...names];
}

/** model → KPI names, over every rollout stored (their names are the operators', not clients'). */
export async function rolloutKpis(store: Store): Promise<Record<string, string[]>> {
  let cache = caches.get(store.db);
  if (!cache) caches.set(store.db, (cache = new Map()));
  const ids = await store.db.selectFrom('documents').select('id').where('kind', '=', 'rollout').execute();
  const fresh = ids.map((r) => r.id).filter((id) => !cache.has(id));
  for (let i = 0; i < fresh.length; i += 500) {
    const rows = await store.db
      .selectFrom('documents')
      .select(['id', 'body'])
      .where('kind', '=', 'rollout')
      .where('id', 'in', fresh.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const spec = (JSON.parse(row.body) as { spec: RolloutSpec }).spec;
      cache.set(row.id, { model: spec.model, kpis: kpisOf(spec) });
    }
  }
  const out: Record<string, string[]> = {};
  for (const { model, kpis } of cache.values())
    if (kpis.length > 0) out[model] = [...new Set([...(out[model] ?? []), ...kpis])];
  return out;
}
