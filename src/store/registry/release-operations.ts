/** Release bundles: created once, then only their baseline flag, archived flag and marks change. */
import { parseInput } from '../../core/parse-input.js';
import type { Actor, IfRevision, Registry } from '../../registry/registry.js';
import { diffReleases as diffReleaseContents } from '../../registry/release-diff.js';
import {
  checkReleaseFeatures,
  checkReleaseUnchanged,
  checkVersionLive,
  featureKey,
} from '../../registry/release-checks.js';
import type { ReleaseSpec } from '../../registry/release-checks.js';
import { checkRevision } from '../../registry/revision-checks.js';
import { ReleaseInputSchema } from '../../registry/schemas.js';
import type { ReleaseInput } from '../../registry/schemas.js';
import type { Release, ReleaseDiff, ReleaseMark } from '../../registry/types.js';
import {
  findRelease,
  requireModel,
  requireRelease,
  requireVersion,
  updateReleaseRow,
} from './registry-lookups.js';
import { mutate } from './registry-mutation.js';
import type { PendingAudit } from './registry-mutation.js';
import { json, toRelease } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export type ReleaseOperations = Pick<
  Registry,
  | 'createRelease'
  | 'getRelease'
  | 'listReleases'
  | 'setHealthyBaseline'
  | 'archiveRelease'
  | 'markRelease'
  | 'diffReleases'
>;

export function releaseOperations(state: RegistryState): ReleaseOperations {
  return {
    createRelease: (input, actor) => createRelease(state, input, actor),
    getRelease: (name) => requireRelease(state.db, name),
    listReleases: (model) => listReleases(state, model),
    setHealthyBaseline: (name, healthy, actor) => setHealthyBaseline(state, name, healthy, actor),
    archiveRelease: (name, actor) => archiveRelease(state, name, actor),
    markRelease: (name, mark, actor) => markRelease(state, name, mark, actor),
    diffReleases: (from, to) => diffReleases(state, from, to),
  };
}

export async function createRelease(
  state: RegistryState,
  input: ReleaseInput,
  actor: Actor,
): Promise<{ release: Release; created: boolean }> {
  const spec = parseInput(ReleaseInputSchema, input);
  return mutate(state, actor, { kind: 'release', name: spec.name, action: 'create' }, async (trx, audit) => {
    await requireModel(trx, spec.model);
    const version = await requireVersion(trx, spec.model, spec.modelVersion);
    checkReleaseFeatures(spec, version, await registeredFeatures(trx, spec));
    const existing = await findRelease(trx, spec.name);
    if (existing) {
      checkReleaseUnchanged(existing, spec);
      return { release: existing, created: false };
    }
    checkVersionLive(spec, version);
    const now = nowIso(state);
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
}

/** Which of the release's feature versions are registered, by key. */
async function registeredFeatures(trx: Db, spec: ReleaseSpec): Promise<Set<string>> {
  const registered = new Set<string>();
  for (const ref of spec.features) {
    const found = await trx
      .selectFrom('features')
      .select('name')
      .where('name', '=', ref.name)
      .where('version', '=', ref.version)
      .executeTakeFirst();
    if (found) registered.add(featureKey(ref));
  }
  return registered;
}

export async function listReleases(state: RegistryState, model?: string): Promise<Release[]> {
  let query = state.db.selectFrom('releases').selectAll();
  if (model) query = query.where('model', '=', model);
  const rows = await query.orderBy('created_at').orderBy('name').execute();
  return rows.map(toRelease);
}

/** Changes one operational field of a release under compare-and-set, auditing what changed. */
async function changeRelease(
  state: RegistryState,
  name: string,
  actor: Actor & IfRevision,
  action: string,
  change: (
    release: Release,
  ) => { patch: Parameters<typeof updateReleaseRow>[3]; audit: PendingAudit } | undefined,
): Promise<Release> {
  return mutate(state, actor, { kind: 'release', name, action }, async (trx, audit) => {
    const release = await requireRelease(trx, name);
    checkRevision('release', name, release.revision, actor.expectedRevision);
    const planned = change(release);
    if (!planned) return release;
    const updated = await updateReleaseRow(state, trx, release, planned.patch);
    audit(planned.audit);
    return updated;
  });
}

export async function setHealthyBaseline(
  state: RegistryState,
  name: string,
  healthy: boolean,
  actor: Actor & IfRevision,
): Promise<Release> {
  return changeRelease(state, name, actor, 'baseline', (release) =>
    release.healthyBaseline === healthy
      ? undefined
      : {
          patch: { healthy_baseline: healthy ? 1 : 0 },
          audit: {
            action: 'release.baseline',
            target: `release/${name}`,
            before: { healthyBaseline: release.healthyBaseline },
            after: { healthyBaseline: healthy },
          },
        },
  );
}

export async function archiveRelease(
  state: RegistryState,
  name: string,
  actor: Actor & IfRevision,
): Promise<Release> {
  return changeRelease(state, name, actor, 'archive', (release) =>
    release.archived
      ? undefined
      : {
          patch: { archived: 1 },
          audit: {
            action: 'release.archive',
            target: `release/${name}`,
            before: { archived: false },
            after: { archived: true },
          },
        },
  );
}

/** Idempotent per event: a resumed rollback must not mark the release twice. */
export async function markRelease(
  state: RegistryState,
  name: string,
  mark: ReleaseMark,
  actor: Actor,
): Promise<Release> {
  // No expected revision: marks are appended by the controller, whatever the release's revision.
  return changeRelease(state, name, { ...actor, expectedRevision: undefined }, 'mark', (release) =>
    release.marks.some((m) => m.eventId === mark.eventId)
      ? undefined
      : {
          patch: { marks: json([...release.marks, mark]) },
          audit: { action: 'release.mark', target: `release/${name}`, after: mark },
        },
  );
}

export async function diffReleases(state: RegistryState, from: string, to: string): Promise<ReleaseDiff> {
  const { db } = state;
  const a = await requireRelease(db, from);
  const b = await requireRelease(db, to);
  return diffReleaseContents(a, b, {
    from: await requireVersion(db, a.model, a.modelVersion),
    to: await requireVersion(db, b.model, b.modelVersion),
  });
}
