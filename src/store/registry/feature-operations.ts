/** Feature-pipeline and encoder versions: immutable definitions releases pair with a model version. */
import { NotFoundError } from '../../core/errors.js';
import { parseInput } from '../../core/parse-input.js';
import { checkFeatureUnchanged } from '../../registry/model-checks.js';
import type { Actor, Registry } from '../../registry/registry.js';
import { FeatureVersionInputSchema } from '../../registry/schemas.js';
import type { FeatureVersionInput } from '../../registry/schemas.js';
import type { FeatureVersion } from '../../registry/types.js';
import { mutate } from './registry-mutation.js';
import { json, toFeature } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export type FeatureOperations = Pick<Registry, 'registerFeature' | 'getFeature' | 'listFeatures'>;

export function featureOperations(state: RegistryState): FeatureOperations {
  return {
    registerFeature: (input, actor) => registerFeature(state, input, actor),
    getFeature: (name, version) => getFeature(state, name, version),
    listFeatures: (name) => listFeatures(state, name),
  };
}

async function findFeature(trx: Db, name: string, version: string): Promise<FeatureVersion | undefined> {
  const row = await trx
    .selectFrom('features')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toFeature(row) : undefined;
}

export async function registerFeature(
  state: RegistryState,
  input: FeatureVersionInput,
  actor: Actor,
): Promise<{ feature: FeatureVersion; created: boolean }> {
  const spec = parseInput(FeatureVersionInputSchema, input);
  return mutate(
    state,
    actor,
    { kind: 'feature', name: spec.name, action: 'register' },
    async (trx, audit) => {
      const existing = await findFeature(trx, spec.name, spec.version);
      if (existing) {
        checkFeatureUnchanged(existing, spec);
        return { feature: existing, created: false };
      }
      await trx
        .insertInto('features')
        .values({
          name: spec.name,
          version: spec.version,
          kind: spec.kind,
          digest: spec.digest,
          config: json(spec.config),
          source: spec.source ? json(spec.source) : null,
          created_at: nowIso(state),
          created_by: actor.actor,
        })
        .execute();
      const created = await findFeature(trx, spec.name, spec.version);
      if (!created) throw new NotFoundError('feature version', `${spec.name}@${spec.version}`);
      audit({ action: 'feature.register', target: `feature/${spec.name}@${spec.version}`, after: created });
      return { feature: created, created: true };
    },
  );
}

export async function getFeature(
  state: RegistryState,
  name: string,
  version: string,
): Promise<FeatureVersion> {
  const feature = await findFeature(state.db, name, version);
  if (!feature)
    throw new NotFoundError(
      'feature version',
      `${name}@${version}`,
      'register it with a FeatureVersion manifest',
    );
  return feature;
}

export async function listFeatures(state: RegistryState, name?: string): Promise<FeatureVersion[]> {
  let query = state.db.selectFrom('features').selectAll();
  if (name) query = query.where('name', '=', name);
  const rows = await query.orderBy('name').orderBy('version').execute();
  return rows.map(toFeature);
}
