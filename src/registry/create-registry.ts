/**
 * The registry over the store. Every mutation runs in one transaction together with its audit
 * entry, and revisioned records are written with a compare-and-set on their revision, so two
 * operators acting at once produce one winner and one ConflictError naming the current revision.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely, Transaction } from 'kysely';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { ConflictError, ImmutableError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseInput } from '../core/parse-input.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditQuery, Registry, RegistryChange } from './registry.js';
import { diffReleases } from './release-diff.js';
import {
  json,
  toAlias,
  toAudit,
  toFeature,
  toFlag,
  toModel,
  toPolicy,
  toRelease,
  toToken,
  toVersion,
} from './registry-rows.js';
import {
  FeatureVersionInputSchema,
  ModelInputSchema,
  ModelVersionInputSchema,
  NAME_PATTERN,
  ROLES,
  ReleaseInputSchema,
} from './schemas.js';
import { hashTokenSecret, newTokenSecret } from './token-secret.js';
import { TrafficPolicyInputSchema } from './traffic-policy.js';
import type { TrafficPolicy } from './traffic-policy.js';
import type { AuditEntry, Release } from './types.js';

export interface RegistryOptions {
  store: Store;
  /** @default systemClock */
  clock?: Clock | undefined;
}

type Db = Kysely<Database> | Transaction<Database>;

interface PendingAudit {
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

export function createRegistry(options: RegistryOptions): Registry {
  const { db } = options.store;
  const clock = options.clock ?? systemClock;
  const listeners = new Set<(change: RegistryChange) => void>();
  const iso = (): string => new Date(clock.now()).toISOString();

  /** Runs `work` in a transaction, appends its audit entries, then notifies listeners after commit. */
  async function mutate<T>(
    actor: Actor,
    change: RegistryChange | undefined,
    work: (trx: Transaction<Database>, audit: (entry: PendingAudit) => void) => Promise<T>,
  ): Promise<T> {
    const entries: PendingAudit[] = [];
    let result: T;
    try {
      result = await db.transaction().execute(async (trx) => {
        const value = await work(trx, (entry) => entries.push(entry));
        for (const entry of entries)
          await appendAudit(trx, {
            ...entry,
            actor: actor.actor,
            reason: actor.reason,
            requestId: actor.requestId,
          });
        return value;
      });
    } catch (error) {
      throw translateUniqueViolation(error);
    }
    if (change && entries.length > 0) {
      for (const listener of listeners) {
        try {
          listener(change);
        } catch {
          // A listener's failure must never undo or fail a committed change.
        }
      }
    }
    return result;
  }

  async function appendAudit(trx: Db, entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<AuditEntry> {
    const row = await trx
      .insertInto('audit')
      .values({
        at: iso(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        reason: entry.reason ?? null,
        before: entry.before === undefined ? null : json(entry.before),
        after: entry.after === undefined ? null : json(entry.after),
        request_id: entry.requestId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAudit(row);
  }

  async function findModel(trx: Db, name: string) {
    const row = await trx.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toModel(row) : undefined;
  }

  async function requireModel(trx: Db, name: string) {
    const model = await findModel(trx, name);
    if (!model)
      throw new NotFoundError('model', name, 'apply its Model manifest first (ripcord apply -f model.yaml)');
    return model;
  }

  async function requireVersion(trx: Db, model: string, version: number) {
    const row = await trx
      .selectFrom('model_versions')
      .selectAll()
      .where('model', '=', model)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row)
      throw new NotFoundError(
        'model version',
        `${model}@${version}`,
        'register it with a ModelVersion manifest',
      );
    return toVersion(row);
  }

  async function requireRelease(trx: Db, name: string) {
    const row = await trx.selectFrom('releases').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new NotFoundError('release', name, 'list releases with `ripcord get releases`');
    return toRelease(row);
  }

  function checkRevision(kind: string, id: string, current: number, expected: number | undefined): void {
    if (expected !== undefined && expected !== current) {
      throw new ConflictError(
        `${kind} "${id}" is at revision ${current}, not ${expected}: someone changed it since you read it; re-read and retry`,
        { kind, id, currentRevision: current, expectedRevision: expected },
      );
    }
  }

  /** Compare-and-set on a revisioned row; a lost race surfaces as a ConflictError, never a silent overwrite. */
  function casFailed(kind: string, id: string, expected: number): ConflictError {
    return new ConflictError(
      `${kind} "${id}" changed concurrently (expected revision ${expected}); re-read and retry`,
      { kind, id, expectedRevision: expected },
    );
  }

  async function updateReleaseRow(
    trx: Db,
    release: Release,
    patch: { healthy_baseline?: number; archived?: number; marks?: string },
  ): Promise<Release> {
    const result = await trx
      .updateTable('releases')
      .set({ ...patch, revision: release.revision + 1, updated_at: iso() })
      .where('name', '=', release.name)
      .where('revision', '=', release.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw casFailed('release', release.name, release.revision);
    return requireRelease(trx, release.name);
  }

  const registry: Registry = {
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
        if (Number(result.numUpdatedRows) !== 1) throw casFailed('model', spec.name, existing.revision);
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

    // ---------------------------------------------------------------- releases
    async createRelease(input, actor) {
      const spec = parseInput(ReleaseInputSchema, input);
      return mutate(actor, { kind: 'release', name: spec.name, action: 'create' }, async (trx, audit) => {
        await requireModel(trx, spec.model);
        const version = await requireVersion(trx, spec.model, spec.modelVersion);
        const compatible = new Set(version.compatibleFeatures.map((f) => `${f.name}@${f.version}`));
        for (const [index, ref] of spec.features.entries()) {
          const feature = await trx
            .selectFrom('features')
            .select('name')
            .where('name', '=', ref.name)
            .where('version', '=', ref.version)
            .executeTakeFirst();
          if (!feature) {
            throw new ValidationError(
              `features[${index}]`,
              `features[${index}]: feature version ${ref.name}@${ref.version} is not registered; apply its FeatureVersion manifest first`,
            );
          }
          if (!compatible.has(`${ref.name}@${ref.version}`)) {
            const declared = [...compatible].join(', ') || 'none';
            throw new ValidationError(
              `features[${index}]`,
              `features[${index}]: model version ${spec.model}@${spec.modelVersion} does not declare ${ref.name}@${ref.version} ` +
                `compatible (declared: ${declared}); pair it with a compatible version or register a model version that declares it`,
            );
          }
        }
        const existingRow = await trx
          .selectFrom('releases')
          .selectAll()
          .where('name', '=', spec.name)
          .executeTakeFirst();
        if (existingRow) {
          const existing = toRelease(existingRow);
          const same =
            existing.model === spec.model &&
            existing.modelVersion === spec.modelVersion &&
            isDeepStrictEqual(existing.features, spec.features) &&
            isDeepStrictEqual(existing.serving, spec.serving);
          if (!same) {
            throw new ConflictError(
              `release "${spec.name}" already exists with different contents; releases are immutable bundles: ` +
                'create a new release with a new name',
              { release: spec.name },
            );
          }
          return { release: existing, created: false };
        }
        if (version.archived) {
          throw new ValidationError(
            'modelVersion',
            `modelVersion: ${spec.model}@${spec.modelVersion} is archived; new releases must use a live version`,
          );
        }
        const now = iso();
        await trx
          .insertInto('releases')
          .values({
            name: spec.name,
            model: spec.model,
            model_version: spec.modelVersion,
            features: json(spec.features),
            serving: json(spec.serving),
            description: spec.description,
            healthy_baseline: spec.healthyBaseline ? 1 : 0,
            archived: 0,
            marks: '[]',
            revision: 1,
            created_at: now,
            updated_at: now,
            created_by: actor.actor,
          })
          .execute();
        const release = await requireRelease(trx, spec.name);
        audit({ action: 'release.create', target: `release/${spec.name}`, after: release });
        return { release, created: true };
      });
    },
    async getRelease(name) {
      return requireRelease(db, name);
    },
    async listReleases(model) {
      let query = db.selectFrom('releases').selectAll();
      if (model) query = query.where('model', '=', model);
      const rows = await query.orderBy('created_at').orderBy('name').execute();
      return rows.map(toRelease);
    },
    async setHealthyBaseline(name, healthy, actor) {
      return mutate(actor, { kind: 'release', name, action: 'baseline' }, async (trx, audit) => {
        const release = await requireRelease(trx, name);
        checkRevision('release', name, release.revision, actor.expectedRevision);
        if (release.healthyBaseline === healthy) return release;
        const updated = await updateReleaseRow(trx, release, { healthy_baseline: healthy ? 1 : 0 });
        audit({
          action: 'release.baseline',
          target: `release/${name}`,
          before: { healthyBaseline: release.healthyBaseline },
          after: { healthyBaseline: healthy },
        });
        return updated;
      });
    },
    async archiveRelease(name, actor) {
      return mutate(actor, { kind: 'release', name, action: 'archive' }, async (trx, audit) => {
        const release = await requireRelease(trx, name);
        checkRevision('release', name, release.revision, actor.expectedRevision);
        if (release.archived) return release;
        const updated = await updateReleaseRow(trx, release, { archived: 1 });
        audit({
          action: 'release.archive',
          target: `release/${name}`,
          before: { archived: false },
          after: { archived: true },
        });
        return updated;
      });
    },
    async markRelease(name, mark, actor) {
      return mutate(actor, { kind: 'release', name, action: 'mark' }, async (trx, audit) => {
        const release = await requireRelease(trx, name);
        // Idempotent per event: a resumed rollback must not mark the release twice.
        if (release.marks.some((m) => m.eventId === mark.eventId)) return release;
        const updated = await updateReleaseRow(trx, release, { marks: json([...release.marks, mark]) });
        audit({ action: 'release.mark', target: `release/${name}`, after: mark });
        return updated;
      });
    },
    async diffReleases(from, to) {
      const a = await requireRelease(db, from);
      const b = await requireRelease(db, to);
      return diffReleases(a, b, {
        from: await requireVersion(db, a.model, a.modelVersion),
        to: await requireVersion(db, b.model, b.modelVersion),
      });
    },

    // ---------------------------------------------------------------- aliases
    async setAlias(model, alias, releaseName, actor) {
      if (!NAME_PATTERN.test(alias)) {
        throw new ValidationError(
          'alias',
          `alias: "${alias}" must be lowercase letters, digits, ".", "_" or "-"`,
        );
      }
      return mutate(actor, { kind: 'alias', name: model, action: 'set' }, async (trx, audit) => {
        await requireModel(trx, model);
        const release = await requireRelease(trx, releaseName);
        if (release.model !== model) {
          throw new ValidationError(
            'release',
            `release: "${releaseName}" serves model "${release.model}", not "${model}"; pick a release of ${model}`,
          );
        }
        const row = await trx
          .selectFrom('aliases')
          .selectAll()
          .where('model', '=', model)
          .where('name', '=', alias)
          .executeTakeFirst();
        const existing = row ? toAlias(row) : undefined;
        checkRevision('alias', `${model}/${alias}`, existing?.revision ?? 0, actor.expectedRevision);
        if (existing?.release === releaseName) return existing;
        const now = iso();
        if (existing) {
          const result = await trx
            .updateTable('aliases')
            .set({
              release: releaseName,
              revision: existing.revision + 1,
              updated_at: now,
              updated_by: actor.actor,
            })
            .where('model', '=', model)
            .where('name', '=', alias)
            .where('revision', '=', existing.revision)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1)
            throw casFailed('alias', `${model}/${alias}`, existing.revision);
        } else {
          await trx
            .insertInto('aliases')
            .values({
              model,
              name: alias,
              release: releaseName,
              revision: 1,
              created_at: now,
              updated_at: now,
              updated_by: actor.actor,
            })
            .execute();
        }
        await trx
          .insertInto('alias_moves')
          .values({
            model,
            alias,
            from_release: existing?.release ?? null,
            to_release: releaseName,
            actor: actor.actor,
            reason: actor.reason ?? '',
            at: now,
            request_id: actor.requestId ?? null,
          })
          .execute();
        audit({
          action: 'alias.set',
          target: `alias/${model}/${alias}`,
          before: existing ? { release: existing.release } : undefined,
          after: { release: releaseName },
        });
        const updated = await trx
          .selectFrom('aliases')
          .selectAll()
          .where('model', '=', model)
          .where('name', '=', alias)
          .executeTakeFirstOrThrow();
        return toAlias(updated);
      });
    },
    async getAlias(model, alias) {
      const row = await db
        .selectFrom('aliases')
        .selectAll()
        .where('model', '=', model)
        .where('name', '=', alias)
        .executeTakeFirst();
      if (!row)
        throw new NotFoundError(
          'alias',
          `${model}/${alias}`,
          `set it with \`ripcord alias set ${model} ${alias} RELEASE\``,
        );
      return toAlias(row);
    },
    async listAliases(model) {
      let query = db.selectFrom('aliases').selectAll();
      if (model) query = query.where('model', '=', model);
      const rows = await query.orderBy('model').orderBy('name').execute();
      return rows.map(toAlias);
    },
    async aliasHistory(model, alias) {
      const rows = await db
        .selectFrom('alias_moves')
        .selectAll()
        .where('model', '=', model)
        .where('alias', '=', alias)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        alias: r.alias,
        from: r.from_release,
        to: r.to_release,
        actor: r.actor,
        reason: r.reason,
        at: r.at,
        requestId: r.request_id ?? undefined,
      }));
    },
    async aliasAt(model, alias, at) {
      const instant = new Date(at);
      if (Number.isNaN(instant.getTime())) {
        throw new ValidationError(
          'at',
          `at: "${at}" is not a time; use ISO 8601 such as 2026-11-24T02:17:00Z`,
        );
      }
      const row = await db
        .selectFrom('alias_moves')
        .select('to_release')
        .where('model', '=', model)
        .where('alias', '=', alias)
        .where('at', '<=', instant.toISOString())
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.to_release ?? null;
    },
    async rollbackCandidate(model, exclude) {
      await requireModel(db, model);
      const releases = (await registry.listReleases(model)).filter((r) => r.name !== exclude);
      const usable = (r: Release): boolean => !r.marks.some((m) => m.kind === 'rolled-back');
      const lkg = await db
        .selectFrom('aliases')
        .select('release')
        .where('model', '=', model)
        .where('name', '=', 'last-known-good')
        .executeTakeFirst();
      if (lkg && lkg.release !== exclude) {
        return {
          release: lkg.release,
          reason: 'designated' as const,
          explanation: `"${lkg.release}" is the designated last-known-good release of ${model}`,
        };
      }
      const baseline = releases.filter((r) => r.healthyBaseline && usable(r)).at(-1);
      if (baseline) {
        return {
          release: baseline.name,
          reason: 'healthy-baseline' as const,
          explanation: `"${baseline.name}" is the newest release of ${model} marked as a healthy baseline`,
        };
      }
      const moves = await registry.aliasHistory(model, 'production');
      const byName = new Map(releases.map((r) => [r.name, r]));
      for (const move of [...moves].reverse()) {
        const candidate = move.to ? byName.get(move.to) : undefined;
        if (candidate && usable(candidate)) {
          return {
            release: candidate.name,
            reason: 'previous-production' as const,
            explanation: `"${candidate.name}" is the newest release other than the one being replaced to serve production (since ${move.at})`,
          };
        }
      }
      return {
        release: null,
        explanation:
          `no rollback target for ${model}: no last-known-good alias, no release marked as a healthy baseline, ` +
          `and no earlier production release${exclude ? ` other than "${exclude}"` : ''}; designate one with ` +
          `\`ripcord alias set ${model} last-known-good RELEASE\``,
      };
    },

    // ---------------------------------------------------------------- flags
    async setFlag(key, enabled, actor) {
      if (!key.trim()) throw new ValidationError('key', 'key: give the flag key, e.g. item-encoder@5');
      return mutate(actor, { kind: 'flag', name: key, action: 'set' }, async (trx, audit) => {
        const row = await trx.selectFrom('flags').selectAll().where('key', '=', key).executeTakeFirst();
        const existing = row ? toFlag(row) : undefined;
        checkRevision('flag', key, existing?.revision ?? 0, actor.expectedRevision);
        if (existing?.enabled === enabled) return existing;
        const now = iso();
        if (existing) {
          const result = await trx
            .updateTable('flags')
            .set({
              enabled: enabled ? 1 : 0,
              revision: existing.revision + 1,
              updated_at: now,
              updated_by: actor.actor,
            })
            .where('key', '=', key)
            .where('revision', '=', existing.revision)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) throw casFailed('flag', key, existing.revision);
        } else {
          await trx
            .insertInto('flags')
            .values({
              key,
              enabled: enabled ? 1 : 0,
              revision: 1,
              created_at: now,
              updated_at: now,
              updated_by: actor.actor,
            })
            .execute();
        }
        audit({
          action: 'flag.set',
          target: `flag/${key}`,
          before: existing ? { enabled: existing.enabled } : undefined,
          after: { enabled },
        });
        return toFlag(
          await trx.selectFrom('flags').selectAll().where('key', '=', key).executeTakeFirstOrThrow(),
        );
      });
    },
    async getFlag(key) {
      const row = await db.selectFrom('flags').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toFlag(row) : undefined;
    },
    async listFlags() {
      const rows = await db.selectFrom('flags').selectAll().orderBy('key').execute();
      return rows.map(toFlag);
    },

    // ---------------------------------------------------------------- traffic
    async setTrafficPolicy(input, actor) {
      // JSON round trip: undefined-valued keys must not make an unchanged policy look changed.
      const spec = JSON.parse(JSON.stringify(parseInput(TrafficPolicyInputSchema, input))) as ReturnType<
        typeof TrafficPolicyInputSchema.parse
      >;
      return mutate(actor, { kind: 'traffic', name: spec.model, action: 'set' }, async (trx, audit) => {
        await requireModel(trx, spec.model);
        await validatePolicyReleases(trx, spec);
        const row = await trx
          .selectFrom('traffic_policies')
          .selectAll()
          .where('model', '=', spec.model)
          .executeTakeFirst();
        const existing = row ? toPolicy(row) : undefined;
        checkRevision('traffic policy', spec.model, existing?.revision ?? 0, actor.expectedRevision);
        if (existing && isDeepStrictEqual(stripMeta(existing), spec)) return existing;
        const now = iso();
        if (existing) {
          const result = await trx
            .updateTable('traffic_policies')
            .set({
              spec: json(spec),
              revision: existing.revision + 1,
              updated_at: now,
              updated_by: actor.actor,
            })
            .where('model', '=', spec.model)
            .where('revision', '=', existing.revision)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1)
            throw casFailed('traffic policy', spec.model, existing.revision);
        } else {
          await trx
            .insertInto('traffic_policies')
            .values({
              model: spec.model,
              spec: json(spec),
              revision: 1,
              updated_at: now,
              updated_by: actor.actor,
            })
            .execute();
        }
        audit({
          action: 'traffic.set',
          target: `traffic/${spec.model}`,
          before: existing ? stripMeta(existing) : undefined,
          after: spec,
        });
        return toPolicy(
          await trx
            .selectFrom('traffic_policies')
            .selectAll()
            .where('model', '=', spec.model)
            .executeTakeFirstOrThrow(),
        );
      });
    },
    async getTrafficPolicy(model) {
      const row = await db
        .selectFrom('traffic_policies')
        .selectAll()
        .where('model', '=', model)
        .executeTakeFirst();
      return row ? toPolicy(row) : undefined;
    },
    async listTrafficPolicies() {
      const rows = await db.selectFrom('traffic_policies').selectAll().orderBy('model').execute();
      return rows.map(toPolicy);
    },

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

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };

  async function validatePolicyReleases(
    trx: Db,
    spec: ReturnType<typeof TrafficPolicyInputSchema.parse>,
  ): Promise<void> {
    const refs: { field: string; release: string }[] = [
      { field: 'stable', release: spec.stable },
      ...spec.weights.map((w, i) => ({ field: `weights[${i}].release`, release: w.release })),
      ...spec.headerRoutes.map((r, i) => ({ field: `headerRoutes[${i}].release`, release: r.release })),
      ...Object.entries(spec.regions).flatMap(([region, weights]) =>
        weights.map((w, i) => ({ field: `regions.${region}[${i}].release`, release: w.release })),
      ),
      ...(spec.mirror ? [{ field: 'mirror.release', release: spec.mirror.release }] : []),
      ...(spec.fallback?.release ? [{ field: 'fallback.release', release: spec.fallback.release }] : []),
    ];
    for (const ref of refs) {
      const row = await trx
        .selectFrom('releases')
        .select('model')
        .where('name', '=', ref.release)
        .executeTakeFirst();
      if (!row)
        throw new ValidationError(
          ref.field,
          `${ref.field}: release "${ref.release}" does not exist; create it first`,
        );
      if (row.model !== spec.model) {
        throw new ValidationError(
          ref.field,
          `${ref.field}: release "${ref.release}" serves model "${row.model}", not "${spec.model}"`,
        );
      }
    }
    const sums: [string, { weight: number }[]][] = [
      ['weights', spec.weights],
      ...Object.entries(spec.regions).map(([r, w]): [string, { weight: number }[]] => [`regions.${r}`, w]),
    ];
    for (const [field, weights] of sums) {
      const total = weights.reduce((sum, w) => sum + Math.round(w.weight * 100), 0);
      if (total > 10_000) {
        throw new ValidationError(
          field,
          `${field}: canary weights add up to ${total / 100} %; they must not exceed 100 % (the stable release takes the rest)`,
        );
      }
    }
  }

  return registry;
}

function stripMeta(policy: TrafficPolicy): Omit<TrafficPolicy, 'revision' | 'updatedAt' | 'updatedBy'> {
  const { revision: _r, updatedAt: _u, updatedBy: _b, ...spec } = policy;
  return spec;
}

function toIso(field: string, value: string): string {
  const asNumber = Number(value);
  const date = Number.isFinite(asNumber) && /^\d+$/.test(value) ? new Date(asNumber) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(field, `${field}: "${value}" is not a time; use ISO 8601 or epoch ms`);
  return date.toISOString();
}

/** A unique-key clash means another writer got there first: report it as the conflict it is. */
function translateUniqueViolation(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ConflictError('the record was created concurrently by another request; re-read and retry', {
      cause: (error as Error).message,
    });
  }
  return error;
}
