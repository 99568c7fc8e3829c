/**
 * The controller: reconciles every active rollout on a tick. State lives in the store, time in
 * the injected clock. With PostgreSQL several controllers run and one leads (advisory lock); the
 * others stand by and take over within a tick or two of the leader's session ending.
 */
import pMap from 'p-map';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Executor } from '../actions/executors/executor.js';
import { createWebhookExecutor } from '../actions/executors/webhook/webhook-executor.js';
import { telemetryProvider } from '../analysis/providers/telemetry/telemetry-provider.js';
import { ConflictError, ValidationError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import type { Incident } from '../incidents/index.js';
import type { Registry } from '../registry/registry.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { documentStore } from '../store/document-store.js';
import type { StoredDocument } from '../store/document-store.js';
import type { Store } from '../store/index.js';
import { storeActionJournal } from '../store/store-action-journal.js';
import type { TelemetryReader } from '../telemetry/types.js';
import type { ControllerDeps, RolloutEvent, ShadowSummary, StoredDecision } from './controller-deps.js';
import { httpProbe } from './http-probe.js';
import { JudgeCache } from './judge-rollout.js';
import { createReconcileContext } from './reconcile-context.js';
import { reconcileRollout } from './reconcile-rollout.js';
import { runRolloutCommand } from './rollout-commands.js';
import type { CommandOptions, RolloutVerb } from './rollout-commands.js';
import { ACTIVE_PHASES } from './rollout-state.js';
import type { RolloutDocument } from './rollout-state.js';
import type { RolloutSpec, RolloutSpecInput } from './rollout-spec.js';
import { startRollout } from './start-rollout.js';
import { webhookSecret } from './webhook-secrets.js';

/** What a tick read for one rollout, handed to its pass. */
interface ListedRollout {
  stored: StoredDocument<RolloutDocument>;
  traffic: { policy: TrafficPolicy | undefined } | undefined;
  /** Told when the pass ends, and whether it acted outside its document. */
  passed(acted: boolean): void;
}

/** 'ripc' — the advisory lock every controller of one database competes for. */
export const LEADER_LOCK_KEY = 0x72697063;

export interface ControllerOptions {
  store: Store;
  registry: Registry;
  telemetry: TelemetryReader;
  /** @default systemClock */
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** @default 1000 */
  tickMs?: number | undefined;
  /** Persist judge state at least this often even when nothing else changed. @default 10000 */
  checkpointMs?: number | undefined;
  /**
   * Models reconciled at once in a tick. A pass is mostly store round trips on PostgreSQL, so
   * overlapping them keeps a tick short; one model's rollouts still run in order. @default 8
   */
  reconcileConcurrency?: number | undefined;
  probe?: ControllerDeps['probe'] | undefined;
  shadowSummary?: ((model: string, release: string) => ShadowSummary | undefined) | undefined;
  evidence?: ((model: string, release: string) => unknown) | undefined;
  externalExecutors?: ((spec: RolloutSpec) => Executor[]) | undefined;
  /** Moves the data planes to a written traffic policy and confirms it (ControllerDeps.router). */
  router?: ControllerDeps['router'] | undefined;
  /** Told of incidents and alerts (ControllerDeps.notifiers); server/ wires the rollout's webhooks. */
  notifiers?: ControllerDeps['notifiers'] | undefined;
}

export interface Controller {
  readonly deps: ControllerDeps;
  readonly isLeader: boolean;
  /** One reconcile pass over every active rollout (what the loop runs each tick). */
  tick(): Promise<{ reconciled: number; leader: boolean }>;
  /** Reconciles one rollout now (after a command), if this controller leads. */
  kick(name: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  startRollout(
    input: RolloutSpecInput,
    actor: { actor: string; reason?: string; requestId?: string },
  ): Promise<RolloutDocument>;
  command(name: string, verb: RolloutVerb, options: CommandOptions): Promise<RolloutDocument>;
  subscribe(listener: (event: RolloutEvent) => void): () => void;
  /** The rollout whose controller drives `model`'s traffic now (it re-applies its policy every tick). */
  trafficOwner(model: string): Promise<{ rollout: string; phase: string } | undefined>;
}

export function createController(options: ControllerOptions): Controller {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const listeners = new Set<(event: RolloutEvent) => void>();
  const deps: ControllerDeps = {
    registry: options.registry,
    rollouts: documentStore<RolloutDocument>(options.store, 'rollout'),
    incidents: documentStore<Incident>(options.store, 'incident'),
    decisions: documentStore<StoredDecision>(options.store, 'decision'),
    journal: storeActionJournal(options.store),
    metrics: telemetryProvider(options.telemetry),
    clock,
    logger,
    probe: options.probe ?? ((release) => httpProbe(release)),
    shadowSummary: options.shadowSummary,
    evidence: options.evidence,
    externalExecutors: options.externalExecutors ?? defaultExternalExecutors,
    router: options.router,
    notifiers: options.notifiers,
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // Watchers never break the loop.
        }
      }
    },
  };
  const judges = new JudgeCache();
  const lastCheckpoint = new Map<string, number>();
  const checkpointMs = options.checkpointMs ?? 10_000;
  const tickMs = options.tickMs ?? 1_000;
  const concurrency = options.reconcileConcurrency ?? 8;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new ValidationError(
      'reconcileConcurrency',
      `reconcileConcurrency: must be a whole number of at least 1, got ${concurrency}`,
    );
  const locks = options.store.dialect;
  let leader = !options.store.capabilities.advisoryLocks;
  let running: Promise<void> | undefined;
  let abort: AbortController | undefined;
  const busy = new Map<string, Promise<void>>();

  async function ensureLeader(): Promise<boolean> {
    if (leader || !locks.tryAdvisoryLock) return leader;
    try {
      leader = await locks.tryAdvisoryLock(LEADER_LOCK_KEY);
      if (leader) logger.info('controller is now the leader');
    } catch (error) {
      logger.warn({ err: error }, 'leader election failed; standing by');
      leader = false;
    }
    return leader;
  }

  /**
   * One pass over one rollout. A tick hands in what it read for every rollout at once (the
   * document from its list, the model's traffic policy): the pass then reads nothing more unless
   * it acts, and before acting it checks the document's revision (ReconcileContext.beforeEffect).
   * A kick after a command reads the document afresh.
   */
  async function reconcileOne(name: string, listed?: ListedRollout): Promise<void> {
    // One pass per rollout at a time, even when a command kicks it during a tick.
    const previous = busy.get(name);
    if (previous) return previous;
    const pass = (async () => {
      const stored = listed?.stored ?? (await deps.rollouts.get(name));
      if (!stored || !needsReconcile(stored.body)) return;
      const now = clock.now();
      const ctx = createReconcileContext(deps, name, stored.body, now, stored.revision, {
        fresh: listed === undefined,
        knownTraffic: listed?.traffic,
      });
      try {
        await reconcileRollout(ctx, judges);
        const due = now - (lastCheckpoint.get(name) ?? 0) >= checkpointMs;
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
        logger.error({ err: error, rollout: name }, 'reconcile failed');
      } finally {
        listed?.passed(ctx.acted);
      }
    })();
    busy.set(name, pass);
    try {
      await pass;
    } finally {
      busy.delete(name);
    }
  }

  const controller: Controller = {
    deps,
    get isLeader() {
      return leader;
    },
    async tick() {
      if (!(await ensureLeader())) return { reconciled: 0, leader: false };
      // Two queries for the whole tick: every rollout, every traffic policy.
      const listed = await deps.rollouts.list();
      const policies = await deps.registry.listTrafficPolicies();
      const active = listed.filter((r) => needsReconcile(r.body));
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
            await reconcileOne(stored.id, {
              stored,
              traffic: known,
              passed: (acted) => {
                if (acted) known = undefined;
              },
            });
          }
        },
        { concurrency },
      );
      return { reconciled: active.length, leader: true };
    },
    async kick(name) {
      if (await ensureLeader()) await reconcileOne(name);
    },
    start() {
      if (running) return;
      abort = new AbortController();
      const signal = abort.signal;
      running = (async () => {
        while (!signal.aborted) {
          const started = clock.now();
          try {
            await controller.tick();
          } catch (error) {
            logger.error({ err: error }, 'controller tick failed');
          }
          const wait = Math.max(0, tickMs - (clock.now() - started));
          await clock.sleep(wait, signal).catch(() => undefined);
        }
      })();
    },
    async stop() {
      abort?.abort();
      await running;
      running = undefined;
      if (leader && locks.releaseAdvisoryLock && options.store.capabilities.advisoryLocks) {
        await locks.releaseAdvisoryLock(LEADER_LOCK_KEY).catch(() => undefined);
        leader = false;
      }
    },
    async startRollout(input, actor) {
      const doc = await startRollout(deps, input, actor);
      await controller.kick(doc.spec.name);
      return (await deps.rollouts.require(doc.spec.name)).body;
    },
    async command(name, verb, commandOptions) {
      const result = await runRolloutCommand(deps, name, verb, commandOptions);
      judges.forget(name);
      await controller.kick(name);
      return (await deps.rollouts.get(name))?.body ?? result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async trafficOwner(model) {
      const owner = (await deps.rollouts.list()).find(
        (r) => r.body.spec.model === model && needsReconcile(r.body) && r.body.status.phase !== 'RolledBack',
      );
      return owner ? { rollout: owner.id, phase: owner.body.status.phase } : undefined;
    },
  };
  return controller;
}

function needsReconcile(doc: RolloutDocument): boolean {
  const { phase, rollback } = doc.status;
  if (ACTIVE_PHASES.includes(phase)) return true;
  if (phase === 'RolledBack') return rollback?.verification === 'pending';
  return doc.status.settled !== true;
}

/** Webhooks named in the rollout; their secrets come from the environment, never the store. */
function defaultExternalExecutors(spec: RolloutSpec): Executor[] {
  return spec.webhooks.map((hook) => {
    const url = hook.url;
    const unsigned = createWebhookExecutor({ name: hook.name, url });
    return {
      name: unsigned.name,
      plan: (context, signal) => unsigned.plan(context, signal),
      // The secret is read at delivery: one missing then fails this action, never goes unsigned.
      apply: (context, signal) =>
        createWebhookExecutor({ name: hook.name, url, secret: webhookSecret(hook) }).apply(context, signal),
    } satisfies Executor;
  });
}
