/**
 * Manual verbs. Each re-reads the rollout, checks the verb makes sense in its phase, and writes
 * with compare-and-set: of two conflicting commands one wins and the other gets a 409 that says
 * what happened. A write lost only to the controller's own tick is retried transparently.
 */
import { ConflictError, PreconditionError, ValidationError } from '../core/errors.js';
import type { ControllerDeps } from './controller-deps.js';
import { createReconcileContext } from './reconcile-context.js';
import { dryRunPlan } from '../actions/dry-run-plan.js';
import type { PlannedStep } from '../actions/dry-run-plan.js';
import { decideRollback, rollbackPlanOf } from './rollback.js';
import { releaseRole } from './release-role.js';
import type { Phase, RolloutDocument } from './rollout-state.js';

export const ROLLOUT_VERBS = ['promote', 'abort', 'retry', 'pause', 'resume', 'rollback', 'flip'] as const;
export type RolloutVerb = (typeof ROLLOUT_VERBS)[number];

export interface CommandOptions {
  actor: string;
  reason?: string | undefined;
  requestId?: string | undefined;
  /** If-Match: the revision the operator read; a mismatch is refused without retry (412 at the API). */
  expectedRevision?: number | undefined;
  full?: boolean | undefined;
  to?: string | undefined;
}

const ALLOWED: Record<RolloutVerb, readonly Phase[]> = {
  promote: ['Progressing', 'Paused'],
  abort: ['Progressing', 'Paused'],
  retry: ['Aborted', 'Blocked'],
  pause: ['Progressing'],
  resume: ['Paused'],
  rollback: ['Progressing', 'Paused', 'Guarding', 'Completed'],
  flip: ['Progressing', 'Paused', 'Guarding'],
};

/** What a manual rollback would do now: its target and each plan step's planned change. */
export interface RollbackPreview {
  rollout: string;
  release: string;
  target: string;
  steps: PlannedStep[];
}

/**
 * `rollback --dry-run`: the checks the rollback verb makes, then every step's `plan()`, with
 * nothing written: no decision, no incident, no journal entry, no audit entry.
 */
export async function previewRollback(
  deps: ControllerDeps,
  name: string,
  options: Pick<CommandOptions, 'actor' | 'reason' | 'to'>,
  signal?: AbortSignal,
): Promise<RollbackPreview> {
  const stored = await deps.rollouts.require(name);
  refuseOutOfPhase(name, 'rollback', stored.body);
  const now = deps.clock.now();
  const ctx = createReconcileContext(deps, name, stored.body, now, stored.revision, { signal });
  const { spec, status } = ctx;
  const target = await rollbackTarget(
    deps,
    spec.model,
    spec.release,
    options.to ?? status.rollbackTarget.release,
  );
  const plan = await rollbackPlanOf(ctx, {
    eventId: 'dry-run',
    trigger: 'manual',
    reason: options.reason ?? `rolled back by ${options.actor}`,
    target,
    actor: options.actor,
    role: releaseRole(spec, status),
    firstBreachAt: now,
    decidedAt: now,
    verification: 'pending',
  });
  return { rollout: name, release: spec.release, target, steps: await dryRunPlan(plan, ctx.signal) };
}

/** The manual rollback target: the one named, else the one decided at start; checked to exist. */
async function rollbackTarget(
  deps: ControllerDeps,
  model: string,
  release: string,
  named: string | null | undefined,
): Promise<string> {
  if (!named) throw new PreconditionError(`no rollback target for ${model}: name one with --to RELEASE`);
  if (named === release) throw new ValidationError('to', `to: cannot roll ${release} back to itself`);
  await deps.registry.getRelease(named);
  return named;
}

function refuseOutOfPhase(name: string, verb: RolloutVerb, doc: RolloutDocument): void {
  const { phase, message } = doc.status;
  if (ALLOWED[verb].includes(phase)) return;
  throw new ConflictError(
    `cannot ${verb} rollout "${name}": it is ${phase}${message ? ` (${message})` : ''}; ` +
      `${verb} applies when it is ${ALLOWED[verb].join(' or ')}`,
    { phase, verb },
  );
}

export async function runRolloutCommand(
  deps: ControllerDeps,
  name: string,
  verb: RolloutVerb,
  options: CommandOptions,
  /** The controller's stop signal, for a rollback the command runs. */
  signal?: AbortSignal,
): Promise<RolloutDocument> {
  for (let attempt = 0; ; attempt += 1) {
    const stored = await deps.rollouts.require(name);
    if (options.expectedRevision !== undefined && options.expectedRevision !== stored.revision) {
      throw new ConflictError(
        `rollout "${name}" is at revision ${stored.revision}, not ${options.expectedRevision}: it changed since you read it`,
        { currentRevision: stored.revision, expectedRevision: options.expectedRevision },
      );
    }
    refuseOutOfPhase(name, verb, stored.body);
    const phase = stored.body.status.phase;
    const now = deps.clock.now();
    const ctx = createReconcileContext(deps, name, stored.body, now, stored.revision, { signal });
    const { status, spec } = ctx;
    switch (verb) {
      case 'promote':
        status.intents.promote = options.full ? 'full' : 'step';
        ctx.note('step', `promote${options.full ? ' --full' : ''} requested by ${options.actor}`);
        break;
      case 'abort':
        status.phase = 'Aborted';
        status.weight = 0;
        status.mirrorPercent = 0;
        ctx.note(
          'phase',
          `aborted by ${options.actor}${options.reason ? `: ${options.reason}` : ''}; traffic back on ${status.baseline}`,
        );
        break;
      case 'retry':
        Object.assign(status, {
          phase: 'Progressing',
          stepIndex: 0,
          stage: spec.blueGreen ? 'prewarm' : spec.shadow ? 'mirroring' : 'steps',
          stepStartedAt: now,
          startedAt: now,
          weight: 0,
          mirrorPercent: 0,
          regionWeights: {},
          headerRoute: undefined,
          judgeState: undefined,
          evidenceSince: undefined,
          judgedTriggers: undefined,
          hold: undefined,
          lastDecision: undefined,
          firstBreachAt: undefined,
          promotedAt: undefined,
          settled: undefined,
          intents: {},
        });
        ctx.note('phase', `retried by ${options.actor}`);
        break;
      case 'pause':
        status.phase = 'Paused';
        status.pausedBy = options.actor;
        ctx.note('phase', `paused by ${options.actor}`);
        break;
      case 'resume':
        status.phase = 'Progressing';
        status.pausedBy = undefined;
        ctx.note('phase', `resumed by ${options.actor}`);
        break;
      case 'flip':
        if (!spec.blueGreen)
          throw new ValidationError('verb', 'flip applies to blue/green rollouts; use promote or rollback');
        if (status.promotedAt === undefined) {
          status.intents.promote = 'full';
          ctx.note('step', `flip requested by ${options.actor}`);
        } else {
          await decideRollback(ctx, {
            trigger: 'manual',
            reason: options.reason ?? `flipped back by ${options.actor}`,
            actor: options.actor,
            target: status.baseline,
          });
        }
        break;
      case 'rollback': {
        const target = await rollbackTarget(
          deps,
          spec.model,
          spec.release,
          options.to ?? status.rollbackTarget.release,
        );
        await decideRollback(ctx, {
          trigger: 'manual',
          reason: options.reason ?? `rolled back by ${options.actor}`,
          actor: options.actor,
          target,
        });
        break;
      }
    }
    try {
      // The status and its audit entry commit together: a crash cannot keep one without the other.
      await deps.registry.atomically(async () => {
        await ctx.persist();
        await deps.registry.recordAudit({
          actor: options.actor,
          action: `rollout.${verb}`,
          target: `rollout/${name}`,
          reason: options.reason,
          requestId: options.requestId,
          before: { phase },
          after: { phase: status.phase, ...(options.to ? { to: options.to } : {}) },
        });
      });
      return ctx.document();
    } catch (error) {
      // Lost to a concurrent write: re-validate against the new state (it may now be refused).
      if (error instanceof ConflictError && options.expectedRevision === undefined && attempt < 5) continue;
      throw error;
    }
  }
}
