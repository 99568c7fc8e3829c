/**
 * Starting a rollout decides everything a rollback will need, before any user is exposed: the
 * baseline, the rollback target (explicit or the registry's candidate search), and that the
 * target is healthy and warm. If there is no such target the rollout refuses to start.
 */
import { ConflictError, NotFoundError, PreconditionError, ValidationError } from '../core/errors.js';
import { parseInput } from '../core/parse-input.js';
import type { Registry } from '../registry/registry.js';
import type { ControllerDeps } from './controller-deps.js';
import { ACTIVE_PHASES } from './rollout-state.js';
import type { RolloutDocument, RolloutStatus } from './rollout-state.js';
import { RolloutSpecSchema, strategyOf } from './rollout-spec.js';
import { requireWebhookSecrets } from './webhook-secrets.js';
import { requireRouterCapabilities } from './router-capabilities.js';
import { prestageRevisions } from './prestage-revisions.js';
import type { RolloutSpecInput } from './rollout-spec.js';
import { requireWarmTarget } from './warm-up/require-warm-target.js';
import type { WarmReading } from './warm-up/check-warm.js';

export async function startRollout(
  deps: ControllerDeps,
  input: RolloutSpecInput,
  actor: { actor: string; reason?: string | undefined; requestId?: string | undefined },
): Promise<RolloutDocument> {
  const spec = parseInput(RolloutSpecSchema, input);
  requireWebhookSecrets(spec);
  requireRouterCapabilities(spec, deps.router);
  const { registry, clock } = deps;
  const now = clock.now();
  const release = await registry.getRelease(spec.release);
  if (release.model !== spec.model) {
    throw new ValidationError(
      'release',
      `release: "${spec.release}" serves model "${release.model}", not "${spec.model}"`,
    );
  }
  const gated = (await registry.listFlags())
    .filter((f) => !f.enabled && release.features.some((r) => `${r.name}@${r.version}` === f.key))
    .map((f) => f.key);
  if (gated.length > 0) {
    throw new PreconditionError(
      `refusing to start: ${spec.release} uses ${gated.join(', ')}, whose flag is disabled, so no user could be ` +
        `served by it; enable the flag (PUT /api/v1/flags/${gated[0]}) or roll out a release without it`,
    );
  }
  const active = (await deps.rollouts.list()).filter(
    (r) =>
      r.body.spec.model === spec.model &&
      ACTIVE_PHASES.includes(r.body.status.phase) &&
      r.body.status.phase !== 'Guarding',
  );
  if (active.length > 0) {
    throw new ConflictError(
      `model ${spec.model} already has rollout "${active[0]?.id}" in progress (${active[0]?.body.status.phase}); ` +
        'abort or finish it first',
      { rollout: active[0]?.id },
    );
  }
  const policy = await registry.getTrafficPolicy(spec.model);
  const baseline = spec.baseline ?? policy?.stable ?? (await productionRelease(registry, spec.model));
  if (!baseline) {
    throw new PreconditionError(
      `no baseline for ${spec.model}: no traffic policy and no production alias; set spec.baseline or ` +
        `\`ripcord alias set ${spec.model} production RELEASE\``,
    );
  }
  if (baseline === spec.release) {
    throw new ValidationError(
      'release',
      `release: ${spec.release} is already the stable release of ${spec.model}`,
    );
  }

  const target = spec.rollbackTo
    ? {
        release: spec.rollbackTo,
        reason: 'designated' as const,
        explanation: `"${spec.rollbackTo}" named in the rollout`,
      }
    : await registry.rollbackCandidate(spec.model, spec.release);
  let rollbackTarget: RolloutStatus['rollbackTarget'];
  let warmth: WarmReading | undefined;
  if (target.release === null) {
    if (!spec.allowFallback) {
      throw new PreconditionError(
        `refusing to start: ${target.explanation}; or set allowFallback: true to rely on the fallback`,
      );
    }
    rollbackTarget = { release: null, reason: 'fallback', explanation: target.explanation };
  } else {
    const targetRelease = await registry.getRelease(target.release);
    if (targetRelease.model !== spec.model) {
      throw new ValidationError(
        'rollbackTo',
        `rollbackTo: "${target.release}" serves model "${targetRelease.model}"`,
      );
    }
    if (targetRelease.marks.some((m) => m.kind === 'rolled-back')) {
      throw new PreconditionError(
        `refusing to start: rollback target "${target.release}" was itself rolled back; choose another`,
      );
    }
    const health = await deps.probe(targetRelease);
    if (!health.ok && !spec.allowFallback) {
      throw new PreconditionError(
        `refusing to start: rollback target "${target.release}" is not healthy (${health.message}); a rollback must have ` +
          'somewhere healthy to go. Fix it, name another with rollbackTo, or set allowFallback: true',
      );
    }
    if (health.ok) warmth = await requireWarmTarget(deps, spec, targetRelease, now);
    rollbackTarget = { release: target.release, reason: target.reason, explanation: target.explanation };
  }
  const targetVersion = rollbackTarget.release
    ? await registry
        .getRelease(rollbackTarget.release)
        .then((r) => registry.getVersion(r.model, r.modelVersion))
    : undefined;

  const infrastructureRevisions = await prestageRevisions(deps, spec, rollbackTarget.release, now);

  // A promoted rollout still guarding this model hands over to the new one.
  for (const guarding of (await deps.rollouts.list()).filter(
    (r) => r.body.spec.model === spec.model && r.body.status.phase === 'Guarding',
  )) {
    const body = structuredClone(guarding.body);
    body.status.phase = 'Completed';
    body.status.message = `superseded by rollout ${spec.name}`;
    await deps.rollouts.update(guarding.id, body, guarding.revision, new Date(now).toISOString());
  }

  const strategy = strategyOf(spec);
  const status: RolloutStatus = {
    phase: 'Progressing',
    message: `started by ${actor.actor}${actor.reason ? `: ${actor.reason}` : ''}`,
    stepIndex: 0,
    stage: strategy === 'canary' ? 'steps' : strategy === 'blueGreen' ? 'prewarm' : 'mirroring',
    stepStartedAt: now,
    startedAt: now,
    baseline,
    rollbackTarget,
    weight: 0,
    mirrorPercent: 0,
    regionWeights: {},
    baselineMetrics: targetVersion?.metrics,
    intents: {},
    alerts: [],
    ...(warmth && { warmTarget: { ...warmth, condition: warmth.warm ? 'TargetWarm' : 'TargetCold' } }),
    ...(infrastructureRevisions ? { infrastructureRevisions } : {}),
  };
  const doc: RolloutDocument = { spec, status };
  // The rollout and its audit entry commit together.
  const created = await registry.atomically(async () => {
    const stored = await deps.rollouts.create(spec.name, doc, new Date(now).toISOString());
    await registry.recordAudit({
      actor: actor.actor,
      action: 'rollout.start',
      target: `rollout/${spec.name}`,
      reason: actor.reason,
      requestId: actor.requestId,
      after: { model: spec.model, release: spec.release, baseline, strategy, rollbackTarget },
    });
    return stored;
  });
  deps.emit({ rollout: spec.name, at: now, type: 'phase', message: status.message, phase: status.phase });
  return created.body;
}

/** The release the model's production alias names; undefined when it has none (a normal state). */
async function productionRelease(registry: Registry, model: string): Promise<string | undefined> {
  try {
    return (await registry.getAlias(model, 'production')).release;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
