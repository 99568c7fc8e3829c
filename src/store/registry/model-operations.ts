/** Models, their immutable versions, and feature-pipeline / encoder versions. */
import type { Registry } from '../../registry/registry.js';
import type { RegistryCore } from './registry-core.js';
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, ImmutableError, NotFoundError, ValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/parse-input.js';
import { json, toFeature, toModel, toVersion } from './registry-rows.js';
import {
  FeatureVersionInputSchema,
  ModelInputSchema,
  ModelVersionInputSchema,
} from '../../registry/schemas.js';

export type ModelOperations = Pick<
  Registry,
  | 'upsertModel'
  | 'getModel'
  | 'listModels'
  | 'registerVersion'
  | 'getVersion'
  | 'listVersions'
  | 'archiveVersion'
  | 'deleteVersion'
  | 'registerFeature'
  | 'getFeature'
  | 'listFeatures'
>;

export function modelOperations(core: RegistryCore): ModelOperations {
  const { db, iso, mutate, findModel, requireModel, requireVersion, checkRevision, casFailed } = core;
  const ops: ModelOperations = {
    // ---------------------------------------------------------------- models
    async upsertModel(input, actor) {
      const spec = parseInput(ModelInputSchema, input);
      return mutate(actor, { kind: 'model', name: spec.name, action: 'upsert' }, async (trx, audit) => {
        const existing = await findModel(trx, spec.name);
        const now = iso();
        const values = {
          owner: spec.owner,
          description: spec.description,
          protocol: spec.protocol,
          prediction_path: spec.predictionPath ?? null,
          input_schema: spec.inputSchema ? json(spec.inputSchema) : null,
        };
        if (!existing) {
          if (actor.expectedRevision !== undefined && actor.expectedRevision !== 0) {
            throw new ConflictError(
              `model "${spec.name}" does not exist yet (expected revision ${actor.expectedRevision})`,
              {
                currentRevision: 0,
              },
            );
          }
          await trx
            .insertInto('models')
            .values({ name: spec.name, ...values, revision: 1, created_at: now, updated_at: now })
            .execute();
          const created = await requireModel(trx, spec.name);
          audit({ action: 'model.create', target: `model/${spec.name}`, after: created });
          return created;
        }
        checkRevision('model', spec.name, existing.revision, actor.expectedRevision);
        const unchanged =
          existing.owner === spec.owner &&
          existing.description === spec.description &&
          existing.protocol === spec.protocol &&
          (existing.predictionPath ?? null) === values.prediction_path &&
          isDeepStrictEqual(existing.inputSchema ?? null, spec.inputSchema ?? null);
        if (unchanged) return existing;
        const result = await trx
          .updateTable('models')
          .set({ ...values, revision: existing.revision + 1, updated_at: now })
          .where('name', '=', spec.name)
          .where('revision', '=', existing.revision)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) {
          const current = await findModel(trx, spec.name);
          throw casFailed('model', spec.name, existing.revision, current?.revision);
        }
        const updated = await requireModel(trx, spec.name);
        audit({ action: 'model.update', target: `model/${spec.name}`, before: existing, after: updated });
        return updated;
      });
    },
    async getModel(name) {
      return requireModel(db, name);
    },
    async listModels() {
      const rows = await db.selectFrom('models').selectAll().orderBy('name').execute();
      return rows.map(toModel);
    },

    // ---------------------------------------------------------------- versions
    async registerVersion(input, actor) {
      const spec = parseInput(ModelVersionInputSchema, input);
      return mutate(actor, { kind: 'version', name: spec.model, action: 'register' }, async (trx, audit) => {
        await requireModel(trx, spec.model);
        const latest = await trx
          .selectFrom('model_versions')
          .select((eb) => eb.fn.max('version').as('max'))
          .where('model', '=', spec.model)
          .executeTakeFirst();
        const max = Number(latest?.max ?? 0);
        const version = spec.version ?? max + 1;
        const existingRow = await trx
          .selectFrom('model_versions')
          .selectAll()
          .where('model', '=', spec.model)
          .where('version', '=', version)
          .executeTakeFirst();
        if (existingRow) {
          const existing = toVersion(existingRow);
          if (existing.digest !== spec.digest) {
            throw new ConflictError(
              `model version ${spec.model}@${version} is already registered with digest ${existing.digest}; ` +
                `refusing ${spec.digest}: versions are immutable, register the new artifact as a new version`,
              { existingDigest: existing.digest, requestedDigest: spec.digest },
            );
          }
          if (existing.artifactUri !== spec.artifactUri) {
            throw new ConflictError(
              `model version ${spec.model}@${version} is already registered at ${existing.artifactUri}; ` +
                `refusing ${spec.artifactUri}: versions are immutable`,
              { existingArtifactUri: existing.artifactUri },
            );
          }
          return { version: existing, created: false };
        }
        if (version <= max) {
          throw new ValidationError(
            'version',
            `version: ${spec.model} is already at version ${max}; versions are monotonic, use ${max + 1} or omit version`,
          );
        }
        const now = iso();
        await trx
          .insertInto('model_versions')
          .values({
            model: spec.model,
            version,
            label: spec.label ?? null,
            artifact_uri: spec.artifactUri,
            digest: spec.digest,
            framework: spec.framework,
            metrics: json(spec.metrics),
            tags: json(spec.tags),
            compatible_features: json(spec.compatibleFeatures),
            archived: 0,
            created_at: now,
            created_by: actor.actor,
          })
          .execute();
        const created = await requireVersion(trx, spec.model, version);
        audit({ action: 'version.register', target: `version/${spec.model}@${version}`, after: created });
        return { version: created, created: true };
      });
    },
    async getVersion(model, version) {
      return requireVersion(db, model, version);
    },
    async listVersions(model) {
      let query = db.selectFrom('model_versions').selectAll();
      if (model) query = query.where('model', '=', model);
      const rows = await query.orderBy('model').orderBy('version').execute();
      return rows.map(toVersion);
    },
    async archiveVersion(model, version, actor) {
      return mutate(actor, { kind: 'version', name: model, action: 'archive' }, async (trx, audit) => {
        const existing = await requireVersion(trx, model, version);
        if (existing.archived) return existing;
        await trx
          .updateTable('model_versions')
          .set({ archived: 1 })
          .where('model', '=', model)
          .where('version', '=', version)
          .execute();
        const archived = await requireVersion(trx, model, version);
        audit({
          action: 'version.archive',
          target: `version/${model}@${version}`,
          before: existing,
          after: archived,
        });
        return archived;
      });
    },
    async deleteVersion(model, version, actor) {
      await requireVersion(db, model, version);
      // The refusal itself is audited: someone tried, and the trail says who and why.
      await mutate(actor, undefined, async (_trx, audit) => {
        audit({ action: 'version.delete-refused', target: `version/${model}@${version}` });
      });
      throw new ImmutableError(
        `model version ${model}@${version} cannot be deleted: versions are kept forever so any past ` +
          `release can be restored and audited; archive it instead (ripcord archive version ${model} ${version})`,
        { model, version },
      );
    },

    // ---------------------------------------------------------------- features
    async registerFeature(input, actor) {
      const spec = parseInput(FeatureVersionInputSchema, input);
      return mutate(actor, { kind: 'feature', name: spec.name, action: 'register' }, async (trx, audit) => {
        const row = await trx
          .selectFrom('features')
          .selectAll()
          .where('name', '=', spec.name)
          .where('version', '=', spec.version)
          .executeTakeFirst();
        if (row) {
          const existing = toFeature(row);
          if (
            existing.digest !== spec.digest ||
            existing.kind !== spec.kind ||
            !isDeepStrictEqual(existing.config, spec.config)
          ) {
            throw new ConflictError(
              `feature version ${spec.name}@${spec.version} is already registered (digest ${existing.digest}); ` +
                `refusing a different definition (digest ${spec.digest}): register it as a new version`,
              { existingDigest: existing.digest, requestedDigest: spec.digest },
            );
          }
          return { feature: existing, created: false };
        }
        const now = iso();
        await trx
          .insertInto('features')
          .values({
            name: spec.name,
            version: spec.version,
            kind: spec.kind,
            digest: spec.digest,
            config: json(spec.config),
            created_at: now,
            created_by: actor.actor,
          })
          .execute();
        const created = toFeature(
          await trx
            .selectFrom('features')
            .selectAll()
            .where('name', '=', spec.name)
            .where('version', '=', spec.version)
            .executeTakeFirstOrThrow(),
        );
        audit({ action: 'feature.register', target: `feature/${spec.name}@${spec.version}`, after: created });
        return { feature: created, created: true };
      });
    },
    async getFeature(name, version) {
      const row = await db
        .selectFrom('features')
        .selectAll()
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!row)
        throw new NotFoundError(
          'feature version',
          `${name}@${version}`,
          'register it with a FeatureVersion manifest',
        );
      return toFeature(row);
    },
    async listFeatures(name) {
      let query = db.selectFrom('features').selectAll();
      if (name) query = query.where('name', '=', name);
      const rows = await query.orderBy('name').orderBy('version').execute();
      return rows.map(toFeature);
    },
  };
  return ops;
}
