/** Flags gating feature/encoder versions, and each model's traffic policy. */
import type { Registry } from '../../registry/registry.js';
import type { RegistryCore } from './registry-core.js';
import { isDeepStrictEqual } from 'node:util';
import { ValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/parse-input.js';
import { json, toFlag, toPolicy, toRelease } from './registry-rows.js';
import { TrafficPolicyInputSchema } from '../../registry/traffic-policy.js';
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import type { Db } from './registry-core.js';

export type PolicyOperations = Pick<
  Registry,
  'setFlag' | 'getFlag' | 'listFlags' | 'setTrafficPolicy' | 'getTrafficPolicy' | 'listTrafficPolicies'
>;

export function policyOperations(core: RegistryCore): PolicyOperations {
  const { db, iso, mutate, requireModel, checkRevision, casFailed } = core;
  const ops: PolicyOperations = {
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
          if (Number(result.numUpdatedRows) !== 1) {
            const current = await trx
              .selectFrom('flags')
              .select('revision')
              .where('key', '=', key)
              .executeTakeFirst();
            throw casFailed('flag', key, existing.revision, current?.revision);
          }
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
          if (Number(result.numUpdatedRows) !== 1) {
            const current = await trx
              .selectFrom('traffic_policies')
              .select('revision')
              .where('model', '=', spec.model)
              .executeTakeFirst();
            throw casFailed('traffic policy', spec.model, existing.revision, current?.revision);
          }
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
    // The stable release takes every request no canary takes: a disabled flag on one of its
    // feature versions would be served to everyone (gateways refuse to serve it at all).
    const row = await trx
      .selectFrom('releases')
      .selectAll()
      .where('name', '=', spec.stable)
      .executeTakeFirst();
    const keys = row ? toRelease(row).features.map((f) => `${f.name}@${f.version}`) : [];
    if (keys.length > 0) {
      const disabled = await trx
        .selectFrom('flags')
        .select('key')
        .where('key', 'in', keys)
        .where('enabled', '=', 0)
        .execute();
      if (disabled.length > 0)
        throw new ValidationError(
          'stable',
          `stable: release "${spec.stable}" uses ${disabled.map((f) => f.key).join(', ')}, whose flag is disabled; ` +
            `enable it (PUT /api/v1/flags/${disabled[0]!.key}) or choose a release without it`,
        );
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

  return ops;
}

function stripMeta(policy: TrafficPolicy): Omit<TrafficPolicy, 'revision' | 'updatedAt' | 'updatedBy'> {
  const { revision: _r, updatedAt: _u, updatedBy: _b, ...spec } = policy;
  return spec;
}
