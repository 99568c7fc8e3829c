/**
 * Reconcile passes: one over one rollout, and a tick's worth over every active rollout. Module
 * functions over `PassState`, what the passes of one controller share across ticks.
 */
import pMap from 'p-map';
import { ConflictError } from '../core/errors.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import type { ControllerDeps } from './controller-deps.js';
import type { StoredDocument } from '../registry/document-store.js';
import type { JudgeCache } from './judge-rollout.js';
import type { LookSchedule } from './look-schedule.js';
import { createReconcileContext } from './reconcile-context.js';
import { reconcileRollout } from './reconcile-rollout.js';
import { keepTargetWarm } from './warm-up/keep-warm.js';
import { ACTIVE_PHASES } from './rollout-state.js';
import type { RolloutDocument } from './rollout-state.js';

export interface PassState {
  readonly deps: ControllerDeps;
  /** Judges kept between passes (their counters live here between checkpoints). */
  readonly judges: JudgeCache;
  /** When each rollout's judge state was last persisted. */
  readonly lastCheckpoint: Map<string, number>;
  /** The pass running for each rollout: a kick during a tick joins it instead of racing it. */
  readonly busy: Map<string, Promise<void>>;
  /** Persist judge state at least this often even when nothing else changed. */
  readonly checkpointMs: number;
  /** Models reconciled at once in a tick. */
  readonly concurrency: number;
  /** Which rollouts a tick looks at fully (the rest defer their distribution triggers). */
  readonly looks: LookSchedule;
  /** Whether this controller acts on a model (its shards'); absent: on every model. */
  readonly owns?: ((model: string) => boolean) | undefined;
}

/** What a tick read for one rollout, handed to its pass. */
export interface ListedRollout {
  stored: StoredDocument<RolloutDocument>;
  traffic: { policy: TrafficPolicy | undefined } | undefined;
  /** Told when the pass ends, and whether it acted outside its document. */
  passed(acted: boolean): void;
}

/** A verified rollback whose post-rollback watch is still running. */
export function watching(rollback: RolloutDocument['status']['rollback']): boolean {
  return (
    rollback?.verification === 'verified' &&
    rollback.watchUntil !== undefined &&
    rollback.watchEndedAt === undefined &&
    rollback.relapsedAt === undefined
  );
}

export function needsReconcile(doc: RolloutDocument): boolean {
  const { phase, rollback } = doc.status;
  if (ACTIVE_PHASES.includes(phase)) return true;
  if (phase === 'RolledBack') return rollback?.verification === 'pending' || watching(rollback);
  return doc.status.settled !== true;
}

/**
 * One pass over one rollout. A tick hands in what it read for every rollout at once (the
 * document from its list, the model's traffic policy): the pass then reads nothing more unless
 * it acts, and before acting it checks the document's revision (ReconcileContext.beforeEffect).
 * A kick after a command reads the document afresh.
 */
export async function reconcileOne(
  state: PassState,
  name: string,
  signal: AbortSignal,
  listed?: ListedRollout,
): Promise<void> {
  // One pass per rollout at a time, even when a command kicks it during a tick.
  const previous = state.busy.get(name);
  if (previous) return previous;
  const pass = runPass(state, name, signal, listed);
  state.busy.set(name, pass);
  try {
    await pass;
  } finally {
    state.busy.delete(name);
  }
}

async function runPass(
  state: PassState,
  name: string,
  signal: AbortSignal,
  listed: ListedRollout | undefined,
): Promise<void> {
  const { deps, judges, lastCheckpoint } = state;
  const stored = listed?.stored ?? (await deps.rollouts.get(name));
  if (!stored || !needsReconcile(stored.body)) return;
  if (state.owns && !state.owns(stored.body.spec.model)) return;
  const now = deps.clock.now();
  const ctx = createReconcileContext(deps, name, stored.body, now, stored.revision, {
    fresh: listed === undefined,
    knownTraffic: listed?.traffic,
    signal,
    // A pass outside a tick (a command's kick) looks fully.
    lightLook: listed !== undefined && !state.looks.fullLook(name),
  });
  try {
    await reconcileRollout(ctx, judges);
    await keepTargetWarm(ctx);
    const due = now - (lastCheckpoint.get(name) ?? 0) >= state.checkpointMs;
    if (ctx.dirty || ctx.pendingIncidents.length > 0 || due) {
      await ctx.persist();
      lastCheckpoint.set(name, now);
    }
  } catch (error) {
    if (error instanceof ConflictError) {
      // A command changed the rollout during this pass: start over from the stored state next tick.
      judges.forget(name);
      return;
    }
    deps.logger.error({ err: error, rollout: name }, 'reconcile failed');
  } finally {
    listed?.passed(ctx.acted);
  }
}

/** One pass over every active rollout; resolves how many there were. */
export async function reconcileAll(state: PassState, signal: AbortSignal): Promise<number> {
  const { deps } = state;
  // Two queries for the whole tick: every rollout, every traffic policy.
  const listed = await deps.rollouts.list();
  const policies = await deps.registry.listTrafficPolicies();
  const active = listed.filter((r) => needsReconcile(r.body) && (state.owns?.(r.body.spec.model) ?? true));
  const traffic = new Map(policies.map((p) => [p.model, { policy: p }] as const));
  // Rollouts of one model share its traffic policy and aliases: they run in list order, while
  // different models overlap their store round trips.
  const byModel = new Map<string, typeof active>();
  for (const rollout of active) {
    const group = byModel.get(rollout.body.spec.model);
    if (group) group.push(rollout);
    else byModel.set(rollout.body.spec.model, [rollout]);
  }
  await pMap(
    byModel,
    async ([model, rollouts]) => {
      // After a pass that acted (a rollback plan may have moved the traffic), the next rollout
      // of the model reads the policy itself.
      let known: { policy: TrafficPolicy | undefined } | undefined = traffic.get(model) ?? {
        policy: undefined,
      };
      for (const stored of rollouts) {
        await reconcileOne(state, stored.id, signal, {
          stored,
          traffic: known,
          passed: (acted) => {
            if (acted) known = undefined;
          },
        });
      }
    },
    { concurrency: state.concurrency },
  );
  return active.length;
}
