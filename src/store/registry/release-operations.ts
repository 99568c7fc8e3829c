/** Release bundles, aliases with their history, and where a rollback would go. */
import type { Registry } from '../../registry/registry.js';
import type { RegistryCore } from './registry-core.js';
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/parse-input.js';
import { json, toAlias, toRelease } from './registry-rows.js';
import { diffReleases } from '../../registry/release-diff.js';
import { NAME_PATTERN, ReleaseInputSchema } from '../../registry/schemas.js';
import type { Release } from '../../registry/types.js';

export type ReleaseOperations = Pick<
  Registry,
  | 'createRelease'
  | 'getRelease'
  | 'listReleases'
  | 'setHealthyBaseline'
  | 'archiveRelease'
  | 'markRelease'
  | 'diffReleases'
  | 'setAlias'
  | 'getAlias'
  | 'listAliases'
  | 'aliasHistory'
  | 'aliasAt'
  | 'rollbackCandidate'
>;

export function releaseOperations(core: RegistryCore): ReleaseOperations {
  const {
    db,
    iso,
    mutate,
    requireModel,
    requireVersion,
    requireRelease,
    checkRevision,
    casFailed,
    updateReleaseRow,
  } = core;
  const ops: ReleaseOperations = {
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
          if (Number(result.numUpdatedRows) !== 1) {
            const current = await trx
              .selectFrom('aliases')
              .select('revision')
              .where('model', '=', model)
              .where('name', '=', alias)
              .executeTakeFirst();
            throw casFailed('alias', `${model}/${alias}`, existing.revision, current?.revision);
          }
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
      // Without a release named, the question is "if production went bad now, where to?": the
      // release production serves is the one that would be pulled, never the answer.
      const production = await db
        .selectFrom('aliases')
        .select('release')
        .where('model', '=', model)
        .where('name', '=', 'production')
        .executeTakeFirst();
      const pulled = exclude ?? production?.release;
      const releases = (await ops.listReleases(model)).filter((r) => r.name !== pulled);
      const usable = (r: Release): boolean => !r.marks.some((m) => m.kind === 'rolled-back');
      const lkg = await db
        .selectFrom('aliases')
        .select('release')
        .where('model', '=', model)
        .where('name', '=', 'last-known-good')
        .executeTakeFirst();
      if (lkg && lkg.release !== pulled) {
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
      const moves = await ops.aliasHistory(model, 'production');
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
          `and no earlier production release${pulled ? ` other than "${pulled}"` : ''}; designate one with ` +
          `\`ripcord alias set ${model} last-known-good RELEASE\``,
      };
    },
  };
  return ops;
}
