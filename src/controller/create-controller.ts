/**
 * The controller: reconciles every active rollout on a tick. State lives in the documents, time in
 * the injected clock, leadership in the injected lease: several controllers may share one store
 * and only the lease holder acts; the others stand by and take over within a tick or two of the
 * leader's lease ending. Everything outside is handed in (server/store-controller.ts wires it).
 */
import { ValidationError } from '../core/errors.js';
import type { LeaderLease } from '../leases/leader-lease.js';
import { shardOf, type ShardLeases } from '../leases/shard-leases.js';
import type { ControllerDeps, RolloutEvent } from './controller-deps.js';
import { JudgeCache } from './judge-rollout.js';
import { LookSchedule } from './look-schedule.js';
import { needsReconcile, reconcileAll, reconcileOne } from './reconcile-pass.js';
import type { PassState } from './reconcile-pass.js';
import { previewRollback, runRolloutCommand } from './rollout-commands.js';
import type { CommandOptions, RollbackPreview, RolloutVerb } from './rollout-commands.js';
import type { RolloutDocument } from './rollout-state.js';
import type { RolloutSpecInput } from './rollout-spec.js';
import { startRollout } from './start-rollout.js';

/** The controller's outside world: its dependencies (less the events it fans out) and its lease. */
export interface ControllerInputs extends Omit<ControllerDeps, 'emit'> {
  /** Only the holder reconciles; asked every tick. */
  lease: LeaderLease;
  /**
   * Several controllers share the models: each acts on the models of the shards it holds (asked
   * every tick instead of `lease`). Undefined: one leader acts on every model.
   */
  shards?: ShardLeases | undefined;
}

export interface ControllerSettings {
  /** @default 1000 */
  tickMs?: number | undefined;
  /** Persist judge state at least this often even when nothing else changed. @default 10000 */
  checkpointMs?: number | undefined;
  /**
   * Models reconciled at once in a tick. A pass is mostly store round trips on PostgreSQL, so
   * overlapping them keeps a tick short; one model's rollouts still run in order. @default 8
   */
  reconcileConcurrency?: number | undefined;
  /**
   * While ticks overrun, a rollout's distribution triggers are looked at on every n-th tick only,
   * n growing with the overrun up to this (look-schedule.ts); 1: on every tick. @default 10
   */
  maxLookStride?: number | undefined;
}

export interface Controller {
  readonly deps: ControllerDeps;
  readonly isLeader: boolean;
  /**
   * One reconcile pass over every active rollout (what the loop runs each tick); `lookStride`: the
   * ticks between two looks at a rollout's distribution triggers after it (1: every tick).
   */
  tick(): Promise<{ reconciled: number; leader: boolean; lookStride: number }>;
  /** Reconciles one rollout now (after a command), if this controller leads. */
  kick(name: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  startRollout(
    input: RolloutSpecInput,
    actor: { actor: string; reason?: string; requestId?: string },
  ): Promise<RolloutDocument>;
  command(name: string, verb: RolloutVerb, options: CommandOptions): Promise<RolloutDocument>;
  /** What `rollback` would do now, step by step, with nothing written (`rollback --dry-run`). */
  previewRollback(
    name: string,
    options: Pick<CommandOptions, 'actor' | 'reason' | 'to'>,
  ): Promise<RollbackPreview>;
  subscribe(listener: (event: RolloutEvent) => void): () => void;
  /** Told after every tick of the loop how long it took and whether this controller led (metrics). */
  onTick(listener: (tick: TickReport) => void): () => void;
  /** The rollout whose controller drives `model`'s traffic now (it re-applies its policy every tick). */
  trafficOwner(model: string): Promise<{ rollout: string; phase: string } | undefined>;
}

export interface TickReport {
  /** Wall-clock milliseconds the tick took (lease, reads, every model's pass). */
  durationMs: number;
  leader: boolean;
  reconciled: number;
  failed: boolean;
  /** Ticks between two looks at a rollout's distribution triggers (look-schedule.ts). */
  lookStride: number;
}

export function createController(inputs: ControllerInputs, settings: ControllerSettings = {}): Controller {
  const concurrency = settings.reconcileConcurrency ?? 8;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new ValidationError(
      'reconcileConcurrency',
      `reconcileConcurrency: must be a whole number of at least 1, got ${concurrency}`,
    );
  const maxLookStride = settings.maxLookStride ?? 10;
  if (!(Number.isInteger(maxLookStride) && maxLookStride >= 1))
    throw new ValidationError(
      'maxLookStride',
      `maxLookStride: must be a whole number of ticks, at least 1 (1 looks at every trigger every tick), got ${maxLookStride}`,
    );
  const tickMs = settings.tickMs ?? 1_000;
  return new RolloutController(
    inputs,
    tickMs,
    settings.checkpointMs ?? 10_000,
    concurrency,
    new LookSchedule({ tickMs, maxStride: maxLookStride }),
  );
}

class RolloutController implements Controller {
  readonly deps: ControllerDeps;
  readonly #lease: LeaderLease;
  readonly #shards: ShardLeases | undefined;
  /** Shards held at the last ask (sharded controllers only). */
  #held: ReadonlySet<number> = new Set();
  readonly #tickMs: number;
  readonly #passes: PassState;
  readonly #listeners = new Set<(event: RolloutEvent) => void>();
  readonly #tickListeners = new Set<(tick: TickReport) => void>();
  #leader = false;
  #running: Promise<void> | undefined;
  /** Aborted by stop(): ends the loop's sleep and reaches every pass (ReconcileContext.signal). */
  #stopping = new AbortController();

  constructor(
    inputs: ControllerInputs,
    tickMs: number,
    checkpointMs: number,
    concurrency: number,
    looks: LookSchedule,
  ) {
    const { lease, shards, ...deps } = inputs;
    this.deps = { ...deps, emit: (event) => this.#emit(event) };
    this.#lease = lease;
    this.#shards = shards;
    this.#tickMs = tickMs;
    this.#passes = {
      deps: this.deps,
      judges: new JudgeCache(),
      lastCheckpoint: new Map(),
      busy: new Map(),
      checkpointMs,
      concurrency,
      looks,
      ...(shards ? { owns: (model: string) => this.#held.has(shardOf(model, shards.shards)) } : {}),
    };
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  async tick(): Promise<{ reconciled: number; leader: boolean; lookStride: number }> {
    const { looks } = this.#passes;
    if (!(await this.#lead())) return { reconciled: 0, leader: false, lookStride: looks.stride };
    const started = performance.now();
    looks.beginTick();
    const reconciled = await reconcileAll(this.#passes, this.#stopping.signal);
    looks.observe(performance.now() - started);
    return { reconciled, leader: true, lookStride: looks.stride };
  }

  async kick(name: string): Promise<void> {
    if (await this.#lead()) await reconcileOne(this.#passes, name, this.#stopping.signal);
  }

  start(): void {
    if (this.#running) return;
    if (this.#stopping.signal.aborted) this.#stopping = new AbortController();
    this.#running = this.#loop(this.#stopping.signal);
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
    this.#running = undefined;
    this.#leader = false;
    this.#held = new Set();
    try {
      await (this.#shards ?? this.#lease).release();
    } catch (error) {
      // The lease still ends with this process's session; a standby waits until then.
      this.deps.logger.warn({ err: error, lease: this.#lease.name }, 'lease not released on stop');
    }
  }

  async startRollout(
    input: RolloutSpecInput,
    actor: { actor: string; reason?: string; requestId?: string },
  ): Promise<RolloutDocument> {
    const doc = await startRollout(this.deps, input, actor);
    await this.kick(doc.spec.name);
    return (await this.deps.rollouts.require(doc.spec.name)).body;
  }

  previewRollback(
    name: string,
    options: Pick<CommandOptions, 'actor' | 'reason' | 'to'>,
  ): Promise<RollbackPreview> {
    return previewRollback(this.deps, name, options, this.#stopping.signal);
  }

  async command(name: string, verb: RolloutVerb, options: CommandOptions): Promise<RolloutDocument> {
    const result = await runRolloutCommand(this.deps, name, verb, options, this.#stopping.signal);
    this.#passes.judges.forget(name);
    await this.kick(name);
    return (await this.deps.rollouts.get(name))?.body ?? result;
  }

  subscribe(listener: (event: RolloutEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onTick(listener: (tick: TickReport) => void): () => void {
    this.#tickListeners.add(listener);
    return () => this.#tickListeners.delete(listener);
  }

  async trafficOwner(model: string): Promise<{ rollout: string; phase: string } | undefined> {
    const owner = (await this.deps.rollouts.list()).find(
      (r) => r.body.spec.model === model && needsReconcile(r.body) && r.body.status.phase !== 'RolledBack',
    );
    return owner ? { rollout: owner.id, phase: owner.body.status.phase } : undefined;
  }

  /** Asks the lease (every tick: it keeps a lease it holds); a lease that cannot tell means stand by. */
  async #lead(): Promise<boolean> {
    if (this.#shards) return this.#leadShards(this.#shards);
    const { logger } = this.deps;
    let leads: boolean;
    try {
      leads = await this.#lease.acquire();
    } catch (error) {
      logger.warn({ err: error, lease: this.#lease.name }, 'leader election failed; standing by');
      leads = false;
    }
    if (leads && !this.#leader) logger.info({ lease: this.#lease.name }, 'controller is now the leader');
    this.#leader = leads;
    return leads;
  }

  /** Asks for this controller's share of the shards; it leads while it holds any. */
  async #leadShards(shards: ShardLeases): Promise<boolean> {
    const { logger } = this.deps;
    let held: ReadonlySet<number>;
    try {
      held = await shards.acquire();
    } catch (error) {
      logger.warn({ err: error, lease: shards.name }, 'shard leases failed; acting on no model');
      held = new Set();
    }
    const before = [...this.#held].sort((a, b) => a - b).join(',');
    const now = [...held].sort((a, b) => a - b).join(',');
    if (before !== now) logger.info({ lease: shards.name, shards: [...held] }, 'controller shards changed');
    this.#held = held;
    this.#leader = held.size > 0;
    return this.#leader;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.deps;
    while (!signal.aborted) {
      const started = clock.now();
      const wall = performance.now();
      let report: TickReport = {
        durationMs: 0,
        leader: false,
        reconciled: 0,
        failed: true,
        lookStride: this.#passes.looks.stride,
      };
      try {
        report = { ...(await this.tick()), durationMs: 0, failed: false };
      } catch (error) {
        logger.error({ err: error }, 'controller tick failed');
      }
      report.durationMs = performance.now() - wall;
      if (report.failed) report.leader = this.#leader;
      for (const listener of this.#tickListeners) {
        try {
          listener(report);
        } catch (error) {
          logger.warn({ err: error }, 'tick listener failed');
        }
      }
      const wait = Math.max(0, this.#tickMs - (clock.now() - started));
      try {
        await clock.sleep(wait, signal);
      } catch (error) {
        // stop() aborts the sleep; anything else is the clock's failure, worth a line, then tick on.
        if (!signal.aborted) logger.error({ err: error }, 'controller sleep failed');
      }
    }
  }

  #emit(event: RolloutEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // Watchers never break the loop, but a broken one is worth a line.
        this.deps.logger.warn({ err: error, rollout: event.rollout }, 'rollout event listener failed');
      }
    }
  }
}
