/** Models: who owns them and how they are served. */
import { parseInput } from '../../core/parse-input.js';
import { checkModelAbsent, modelUnchanged } from '../../registry/model-checks.js';
import type { Actor, IfRevision, Registry } from '../../registry/registry.js';
import { checkRevision, lostRevisionRace } from '../../registry/revision-checks.js';
import { ModelInputSchema } from '../../registry/schemas.js';
import type { ModelInput } from '../../registry/schemas.js';
import type { Model } from '../../registry/types.js';
import { findModel, requireModel } from './registry-lookups.js';
import { mutate } from './registry-mutation.js';
import { json, toModel } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { RegistryState } from './registry-state.js';

export type ModelOperations = Pick<Registry, 'upsertModel' | 'getModel' | 'listModels'>;

export function modelOperations(state: RegistryState): ModelOperations {
  return {
    upsertModel: (input, actor) => upsertModel(state, input, actor),
    getModel: (name) => requireModel(state.db, name),
    listModels: () => listModels(state),
  };
}

export async function upsertModel(
  state: RegistryState,
  input: ModelInput,
  actor: Actor & IfRevision,
): Promise<Model> {
  const spec = parseInput(ModelInputSchema, input);
  return mutate(state, actor, { kind: 'model', name: spec.name, action: 'upsert' }, async (trx, audit) => {
    const existing = await findModel(trx, spec.name);
    const now = nowIso(state);
    const values = {
      owner: spec.owner,
      description: spec.description,
      protocol: spec.protocol,
      prediction_path: spec.predictionPath ?? null,
      input_schema: spec.inputSchema ? json(spec.inputSchema) : null,
    };
    if (!existing) {
      checkModelAbsent(spec.name, actor.expectedRevision);
      await trx
        .insertInto('models')
        .values({ name: spec.name, ...values, revision: 1, created_at: now, updated_at: now })
        .execute();
      const created = await requireModel(trx, spec.name);
      audit({ action: 'model.create', target: `model/${spec.name}`, after: created });
      return created;
    }
    checkRevision('model', spec.name, existing.revision, actor.expectedRevision);
    if (modelUnchanged(existing, spec)) return existing;
    const result = await trx
      .updateTable('models')
      .set({ ...values, revision: existing.revision + 1, updated_at: now })
      .where('name', '=', spec.name)
      .where('revision', '=', existing.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const current = await findModel(trx, spec.name);
      throw lostRevisionRace('model', spec.name, existing.revision, current?.revision);
    }
    const updated = await requireModel(trx, spec.name);
    audit({ action: 'model.update', target: `model/${spec.name}`, before: existing, after: updated });
    return updated;
  });
}

export async function listModels(state: RegistryState): Promise<Model[]> {
  const rows = await state.db.selectFrom('models').selectAll().orderBy('name').execute();
  return rows.map(toModel);
}
