import { sql } from 'kysely';
import type { RoutingSnapshot } from '../gateway/routing-snapshot.js';
import type { Registry } from '../registry/registry.js';
import { policyReleaseRefs } from '../registry/traffic-policy-checks.js';
import type { Store } from './open-store.js';
import { rolloutKpis } from './rollout-kpis.js';

/**
 * Reads what the gateways should serve. The revision is the audit trail's latest sequence
 * number: monotonic across restarts and across every writer of a shared database, so a remote
 * gateway can always tell a newer snapshot from an older one.
 */
export async function readRoutingSnapshot(store: Store, registry: Registry): Promise<RoutingSnapshot> {
  const [models, releases, policies, flags, head, kpis] = await Promise.all([
    registry.listModels(),
    registry.listReleases(),
    registry.listTrafficPolicies(),
    registry.listFlags(),
    store.db
      .selectFrom('audit')
      .select(sql<number>`max(seq)`.as('seq'))
      .executeTakeFirst(),
    rolloutKpis(store),
  ]);
  const referenced = new Set(policies.flatMap((p) => policyReleaseRefs(p).map((ref) => ref.release)));
  return {
    revision: Number(head?.seq ?? 0),
    models: models.filter((m) => policies.some((p) => p.model === m.name)),
    // Every non-archived release stays pinnable (x-ripcord-release) for tests and warm-ups.
    releases: releases.filter((r) => referenced.has(r.name) || !r.archived),
    policies,
    flags,
    kpis,
  };
}
