/** Each model's traffic policy: validated against the registry, written under compare-and-set. */
import { isDeepStrictEqual } from 'node:util';
import type { Actor, IfRevision, Registry } from '../../registry/registry.js';
import { checkRevision, lostRevisionRace } from '../../registry/revision-checks.js';
import type { TrafficPolicy, TrafficPolicyInput, TrafficPolicySpec } from '../../registry/traffic-policy.js';
import {
  checkCanaryWeightTotals,
  checkPolicyRelease,
  checkStableFlags,
  parseTrafficPolicy,
  policyReleaseRefs,
  policySpecOf,
} from '../../registry/traffic-policy-checks.js';
import { featureKey } from '../../registry/release-checks.js';
import { findRelease, requireModel } from './registry-lookups.js';
import { mutate } from './registry-mutation.js';
import { json, toPolicy } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export type TrafficPolicyOperations = Pick<
  Registry,
  'setTrafficPolicy' | 'getTrafficPolicy' | 'listTrafficPolicies'
>;

export function trafficPolicyOperations(state: RegistryState): TrafficPolicyOperations {
  return {
    setTrafficPolicy: (input, actor) => setTrafficPolicy(state, input, actor),
    getTrafficPolicy: (model) => findPolicy(state.db, model),
    listTrafficPolicies: () => listTrafficPolicies(state),
  };
}

async function findPolicy(trx: Db, model: string): Promise<TrafficPolicy | undefined> {
  const row = await trx
    .selectFrom('traffic_policies')
    .selectAll()
    .where('model', '=', model)
    .executeTakeFirst();
  return row ? toPolicy(row) : undefined;
}

export async function setTrafficPolicy(
  state: RegistryState,
  input: TrafficPolicyInput,
  actor: Actor & IfRevision,
): Promise<TrafficPolicy> {
  const spec = parseTrafficPolicy(input);
  return mutate(state, actor, { kind: 'traffic', name: spec.model, action: 'set' }, async (trx, audit) => {
    await requireModel(trx, spec.model);
    await validatePolicyReleases(trx, spec);
    const existing = await findPolicy(trx, spec.model);
    checkRevision('traffic policy', spec.model, existing?.revision ?? 0, actor.expectedRevision);
    if (existing && isDeepStrictEqual(policySpecOf(existing), spec)) return existing;
    const now = nowIso(state);
    if (existing) {
      const result = await trx
        .updateTable('traffic_policies')
        .set({ spec: json(spec), revision: existing.revision + 1, updated_at: now, updated_by: actor.actor })
        .where('model', '=', spec.model)
        .where('revision', '=', existing.revision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const current = await findPolicy(trx, spec.model);
        throw lostRevisionRace('traffic policy', spec.model, existing.revision, current?.revision);
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
      before: existing ? policySpecOf(existing) : undefined,
      after: spec,
    });
    const written = await findPolicy(trx, spec.model);
    if (!written) throw lostRevisionRace('traffic policy', spec.model, existing?.revision ?? 0);
    return written;
  });
}

/** Every release the policy names exists and serves its model; the stable one serves no disabled flag. */
async function validatePolicyReleases(trx: Db, spec: TrafficPolicySpec): Promise<void> {
  for (const ref of policyReleaseRefs(spec)) {
    const row = await trx
      .selectFrom('releases')
      .select('model')
      .where('name', '=', ref.release)
      .executeTakeFirst();
    checkPolicyRelease(ref, row?.model, spec.model);
  }
  const stable = await findRelease(trx, spec.stable);
  const keys = stable ? stable.features.map(featureKey) : [];
  if (keys.length > 0) {
    const disabled = await trx
      .selectFrom('flags')
      .select('key')
      .where('key', 'in', keys)
      .where('enabled', '=', 0)
      .execute();
    checkStableFlags(
      spec,
      disabled.map((f) => f.key),
    );
  }
  checkCanaryWeightTotals(spec);
}

export async function listTrafficPolicies(state: RegistryState): Promise<TrafficPolicy[]> {
  const rows = await state.db.selectFrom('traffic_policies').selectAll().orderBy('model').execute();
  return rows.map(toPolicy);
}
