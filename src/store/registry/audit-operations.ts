/** The append-only audit trail: queried by target, actor, action and time; never updated or deleted. */
import { parseInstant } from '../../registry/parse-instant.js';
import type { AuditQuery, Registry } from '../../registry/registry.js';
import type { AuditEntry } from '../../registry/types.js';
import { appendAudit } from './registry-mutation.js';
import { toAudit } from './registry-rows.js';
import type { RegistryState } from './registry-state.js';

export type AuditOperations = Pick<Registry, 'audit' | 'recordAudit'>;

export function auditOperations(state: RegistryState): AuditOperations {
  return {
    audit: (query) => queryAudit(state, query),
    recordAudit: (entry) => appendAudit(state, state.db, entry),
  };
}

export async function queryAudit(state: RegistryState, query: AuditQuery = {}): Promise<AuditEntry[]> {
  let q = state.db.selectFrom('audit').selectAll();
  if (query.target) q = q.where('target', 'like', `${query.target}%`);
  if (query.actor) q = q.where('actor', '=', query.actor);
  if (query.action) q = q.where('action', 'like', `${query.action}%`);
  if (query.since) q = q.where('at', '>=', parseInstant('since', query.since));
  if (query.until) q = q.where('at', '<', parseInstant('until', query.until));
  if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
  const rows = await q
    .orderBy('seq')
    .limit(Math.min(query.limit ?? 1000, 10_000))
    .execute();
  return rows.map(toAudit);
}
