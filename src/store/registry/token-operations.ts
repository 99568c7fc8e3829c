/** API tokens: the secret is returned once at creation; only its hash is stored. */
import { NotFoundError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor, Registry } from '../../registry/registry.js';
import type { Role } from '../../registry/schemas.js';
import { checkTokenRequest } from '../../registry/token-checks.js';
import { hashTokenSecret, newTokenSecret } from '../../registry/token-secret.js';
import type { TokenInfo } from '../../registry/types.js';
import { mutate } from './registry-mutation.js';
import { toToken } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { RegistryState } from './registry-state.js';

export type TokenOperations = Pick<Registry, 'createToken' | 'authenticate' | 'listTokens' | 'revokeToken'>;

export function tokenOperations(state: RegistryState): TokenOperations {
  return {
    createToken: (name, role, actor) => createToken(state, name, role, actor),
    authenticate: (secret) => authenticate(state, secret),
    listTokens: () => listTokens(state),
    revokeToken: (id, actor) => revokeToken(state, id, actor),
  };
}

export async function createToken(
  state: RegistryState,
  name: string,
  role: Role,
  actor: Actor,
): Promise<{ token: string; info: TokenInfo }> {
  checkTokenRequest(name, role);
  const secret = newTokenSecret();
  const info = await mutate(state, actor, { kind: 'token', name, action: 'create' }, async (trx, audit) => {
    const id = newId('tok');
    await trx
      .insertInto('tokens')
      .values({
        id,
        name,
        role,
        secret_hash: hashTokenSecret(secret),
        created_at: nowIso(state),
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
}

export async function authenticate(state: RegistryState, secret: string): Promise<TokenInfo | undefined> {
  const row = await state.db
    .selectFrom('tokens')
    .selectAll()
    .where('secret_hash', '=', hashTokenSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

export async function listTokens(state: RegistryState): Promise<TokenInfo[]> {
  const rows = await state.db
    .selectFrom('tokens')
    .selectAll()
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(toToken);
}

export async function revokeToken(state: RegistryState, id: string, actor: Actor): Promise<void> {
  await mutate(state, actor, { kind: 'token', name: id, action: 'revoke' }, async (trx, audit) => {
    const row = await trx.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('token', id, 'list tokens with `ripcord token list`');
    if (row.revoked_at) return;
    await trx
      .updateTable('tokens')
      .set({ revoked_at: nowIso(state) })
      .where('id', '=', id)
      .execute();
    audit({ action: 'token.revoke', target: `token/${id}`, before: toToken(row) });
  });
}
