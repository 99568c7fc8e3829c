/** The append-only audit trail and hashed API tokens. */
import type { RegistryCore } from './registry-core.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { toAudit, toToken } from './registry-rows.js';
import type { AuditQuery, Registry } from '../../registry/registry.js';
import { ROLES } from '../../registry/schemas.js';
import { hashTokenSecret, newTokenSecret } from '../../registry/token-secret.js';

export type AuditOperations = Pick<
  Registry,
  'audit' | 'recordAudit' | 'createToken' | 'authenticate' | 'listTokens' | 'revokeToken'
>;

export function auditOperations(core: RegistryCore): AuditOperations {
  const { db, iso, mutate, appendAudit } = core;
  const ops: AuditOperations = {
    // ---------------------------------------------------------------- audit
    async audit(query: AuditQuery = {}) {
      let q = db.selectFrom('audit').selectAll();
      if (query.target) q = q.where('target', 'like', `${query.target}%`);
      if (query.actor) q = q.where('actor', '=', query.actor);
      if (query.action) q = q.where('action', 'like', `${query.action}%`);
      if (query.since) q = q.where('at', '>=', toIso('since', query.since));
      if (query.until) q = q.where('at', '<', toIso('until', query.until));
      if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
      const rows = await q
        .orderBy('seq')
        .limit(Math.min(query.limit ?? 1000, 10_000))
        .execute();
      return rows.map(toAudit);
    },
    async recordAudit(entry) {
      return appendAudit(db, entry);
    },

    // ---------------------------------------------------------------- tokens
    async createToken(name, role, actor) {
      if (!name.trim()) throw new ValidationError('name', 'name: give the token a name, e.g. ci-deployer');
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new ValidationError('role', `role: "${role}" is not a role; use one of ${ROLES.join(', ')}`);
      }
      const secret = newTokenSecret();
      const info = await mutate(actor, { kind: 'token', name, action: 'create' }, async (trx, audit) => {
        const id = newId('tok');
        const now = iso();
        await trx
          .insertInto('tokens')
          .values({
            id,
            name,
            role,
            secret_hash: hashTokenSecret(secret),
            created_at: now,
            created_by: actor.actor,
            revoked_at: null,
          })
          .execute();
        const created = toToken(
          await trx.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        );
        // The secret and its hash never reach the audit trail.
        audit({ action: 'token.create', target: `token/${id}`, after: created });
        return created;
      });
      return { token: secret, info };
    },
    async authenticate(secret) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('secret_hash', '=', hashTokenSecret(secret))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toToken(row) : undefined;
    },
    async listTokens() {
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .execute();
      return rows.map(toToken);
    },
    async revokeToken(id, actor) {
      await mutate(actor, { kind: 'token', name: id, action: 'revoke' }, async (trx, audit) => {
        const row = await trx.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw new NotFoundError('token', id, 'list tokens with `ripcord token list`');
        if (row.revoked_at) return;
        await trx.updateTable('tokens').set({ revoked_at: iso() }).where('id', '=', id).execute();
        audit({ action: 'token.revoke', target: `token/${id}`, before: toToken(row) });
      });
    },
  };
  return ops;
}

function toIso(field: string, value: string): string {
  const asNumber = Number(value);
  const date = Number.isFinite(asNumber) && /^\d+$/.test(value) ? new Date(asNumber) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(field, `${field}: "${value}" is not a time; use ISO 8601 or epoch ms`);
  return date.toISOString();
}
