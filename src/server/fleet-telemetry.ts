/**
 * The control plane's side of fleet telemetry: remote gateways post their 1 s buckets, as deltas
 * (gateway/telemetry-shipper.ts) and they are merged into the control plane's telemetry, the
 * table the controller's MetricProvider reads, so the judges see every gateway as one.
 *
 * - Identity: a gateway is its name (the `x-ripcord-gateway` header, as on the routing stream);
 *   each start of it is a new `instance`, each post a `seq`. A post already held (a retry after a
 *   lost answer) is acknowledged and not merged again.
 * - Several replicas (PostgreSQL): a post is written to the store's `fleet_buckets` table and
 *   merged at once by the replica that took it; every other replica merges it from there as soon as
 *   PostgreSQL announces the commit (store.changes), and within `pollMs` in any case. So the leader, and any replica that becomes leader, holds every gateway's
 *   buckets; a leader change loses at most the last poll. Rows are kept `keepSeconds`, which is
 *   also the history a replica that starts late catches up on.
 * - Late buckets: a bucket for a second already read is merged all the same (the window reader
 *   invalidates what covered that second); decisions already taken stand, later looks count it.
 *   It is counted as late on its gateway. A second older than the rolling window is dropped.
 * - Bounds: a post is at most `maxBucketsPerPost` buckets (and the API's body limit); a gateway
 *   is remembered until it has been silent for the rolling window; at most `maxGateways` at once.
 */
import type { Clock } from '../core/clock.js';
import { UnavailableError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Selectable } from 'kysely';
import type { FleetBucketsTable } from '../store/database.js';
import type { Store } from '../store/index.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import { FleetContributors } from '../telemetry/fleet-contributors.js';
import type { SerializedBucket } from '../telemetry/release-bucket.js';
import { SETTLE_SECONDS } from '../telemetry/stream-table.js';
import type { TelemetryReader } from '../telemetry/types.js';

/**
 * How long an announced post waits before the poll that merges it, so a burst of posts from many
 * gateways is read in one query.
 */
const ANNOUNCED_POLL_MS = 20;

/** The name the in-process gateway contributes under. */
export const LOCAL_GATEWAY = 'local';

export interface FleetTelemetryOptions {
  /** The control plane's telemetry, which the buckets are merged into. */
  telemetry: () => Telemetry;
  clock: Clock;
  logger: Logger;
  /** Share posts through this store (replicas on PostgreSQL); undefined merges them in place. */
  store?: Store | undefined;
  /** @default 500 */
  pollMs?: number;
  /** @default 300 */
  keepSeconds?: number;
  /** @default 20000 */
  maxBucketsPerPost?: number;
  /** @default 1000 */
  maxGateways?: number;
}

/** A post as it arrives (validated by the route). */
export interface FleetPost {
  instance: string;
  seq: number;
  buckets: SerializedBucket[];
}

export interface FleetGateway {
  name: string;
  instance: string;
  /** Epoch ms of the first and the last post merged from this gateway. */
  firstSeen: number;
  lastSeen: number;
  posts: number;
  buckets: number;
  /** Buckets for seconds that had already settled when they arrived. */
  lateBuckets: number;
  /** Buckets that could not be merged (e.g. histogram edges unlike the other gateways'); logged. */
  refusedBuckets: number;
  /** Posts acknowledged without merging: already held. */
  duplicatePosts: number;
}

interface Held extends FleetGateway {
  /** Highest seq accepted here for `instance`. */
  lastSeq: number;
}

export class FleetTelemetry {
  readonly contributors: FleetContributors;
  private readonly gateways = new Map<string, Held>();
  private readonly options: FleetTelemetryOptions;
  /** Store rows merged here, by key, with the time they were received (pruned behind the cursor). */
  private readonly merged = new Map<string, number>();
  private cursor: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  /** A poll is queued behind `polling` and has not started: further calls join it. */
  private pollQueued = false;
  private announced: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private lastPrune = 0;

  constructor(options: FleetTelemetryOptions) {
    this.options = options;
    this.contributors = new FleetContributors(3600);
    this.cursor = options.clock.now() - this.keepMs();
  }

  /** Takes one gateway's post: merged now, or written to the store for every replica to merge. */
  async ingest(name: string, post: FleetPost): Promise<{ accepted: number; duplicate: boolean }> {
    const max = this.options.maxBucketsPerPost ?? 20_000;
    if (post.buckets.length > max)
      throw new ValidationError(
        'buckets',
        `${post.buckets.length} buckets in one post; send at most ${max} per post`,
      );
    const held = this.holder(name, post.instance);
    if (post.seq <= held.lastSeq) {
      held.duplicatePosts++;
      return { accepted: 0, duplicate: true };
    }
    const { store } = this.options;
    if (store) {
      const row = {
        gateway: name,
        instance: post.instance,
        seq: post.seq,
        received_at: this.options.clock.now(),
      };
      await store.db
        .insertInto('fleet_buckets')
        .values({ ...row, body: JSON.stringify(post.buckets) })
        .onConflict((c) => c.doNothing())
        .execute();
      // Stored first, so every replica will see it; merged here now rather than a poll later, so
      // the replica a gateway posts to (the leader, most often) judges its buckets at once.
      this.mergeOnce(row, post.buckets);
    } else {
      this.merge(name, post.instance, post.buckets);
    }
    held.lastSeq = Math.max(held.lastSeq, post.seq);
    return { accepted: post.buckets.length, duplicate: false };
  }

  /** The in-process gateway served (model, release) in second `sec`. */
  noteLocal(model: string, release: string, sec: number): void {
    this.contributors.note(LOCAL_GATEWAY, model, release, sec);
  }

  /** Remote gateways heard from within the rolling window, most recent first. */
  members(): FleetGateway[] {
    return [...this.gateways.values()]
      .filter((g) => g.posts > 0 || g.duplicatePosts > 0)
      .map(({ lastSeq: _, ...g }) => g)
      .sort((a, b) => b.lastSeen - a.lastSeen);
  }

  /** `reader`, its windows stating how many gateways (this one included) they merge. */
  reader(reader: TelemetryReader): TelemetryReader {
    return {
      window: (q) => ({
        ...reader.window(q),
        gateways: this.contributors.count(q.model, q.release, q.from, q.to),
      }),
      series: (q) =>
        reader
          .series(q)
          .map((w) => ({ ...w, gateways: this.contributors.count(q.model, q.release, w.from, w.to) })),
    };
  }

  /** Starts merging the store's rows (when posts go through a store). */
  start(): void {
    const { store } = this.options;
    if (!store) return;
    this.timer = setInterval(() => this.pollSoon(), this.options.pollMs ?? 500);
    this.timer.unref();
    // Another replica's post, announced on commit (PostgreSQL): merged within ANNOUNCED_POLL_MS
    // rather than on the next poll, so the leader judges a gateway that posts to any replica.
    this.unwatch = store.changes?.on('fleet_buckets', () => {
      if (this.announced) return;
      this.announced = setTimeout(() => {
        this.announced = undefined;
        this.pollSoon();
      }, ANNOUNCED_POLL_MS);
      this.announced.unref();
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.announced);
    this.unwatch?.();
    await this.polling;
  }

  /** Queues one poll after the one under way; calls while it waits join it. */
  private pollSoon(): void {
    if (this.pollQueued) return;
    this.pollQueued = true;
    this.polling = this.polling
      .then(() => {
        this.pollQueued = false;
        return this.poll();
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'fleet telemetry: reading posts from the store failed');
      });
  }

  /** Merges the store's rows not merged yet; drops rows past `keepSeconds`. */
  async poll(): Promise<void> {
    const { store, clock } = this.options;
    if (!store) return;
    // Rows can commit slightly out of received_at order (and replicas' clocks differ): re-read an overlap.
    const from = this.cursor - 10_000;
    // Keys first: the overlap's rows were mostly merged already, and their bodies are the bulk.
    const keys = await store.db
      .selectFrom('fleet_buckets')
      .select(['gateway', 'instance', 'seq', 'received_at'])
      .where('received_at', '>=', from)
      .orderBy('received_at')
      .execute();
    const fresh = keys.filter((k) => !this.merged.has(rowKey(k)));
    // In chunks: a replica catching up on minutes of posts must stay under the bind-parameter limits.
    const rows: FleetBucketRow[] = [];
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500);
      rows.push(
        ...(await store.db
          .selectFrom('fleet_buckets')
          .selectAll()
          .where((eb) =>
            eb.or(
              chunk.map((k) =>
                eb.and([
                  eb('gateway', '=', k.gateway),
                  eb('instance', '=', k.instance),
                  eb('seq', '=', k.seq),
                ]),
              ),
            ),
          )
          .orderBy('received_at')
          .execute()),
      );
    }
    for (const row of rows) {
      if (this.merged.has(rowKey(row))) continue;
      let buckets: SerializedBucket[];
      try {
        buckets = JSON.parse(row.body) as SerializedBucket[];
      } catch {
        this.merged.set(rowKey(row), row.received_at);
        this.options.logger.warn(
          { gateway: row.gateway },
          'fleet telemetry: a stored post is not JSON; skipped',
        );
        continue;
      }
      this.mergeOnce(row, buckets);
    }
    for (const [key, at] of this.merged) if (at < from) this.merged.delete(key);
    const now = clock.now();
    if (now - this.lastPrune >= 30_000) {
      this.lastPrune = now;
      await store.db
        .deleteFrom('fleet_buckets')
        .where('received_at', '<', now - this.keepMs())
        .execute();
    }
  }

  /** Merges a stored post unless this replica already has (from its own ingest or a poll). */
  private mergeOnce(row: Omit<FleetBucketRow, 'body'>, buckets: SerializedBucket[]): void {
    const key = rowKey(row);
    if (this.merged.has(key)) return;
    this.merged.set(key, row.received_at);
    this.cursor = Math.max(this.cursor, row.received_at);
    this.holder(row.gateway, row.instance);
    this.merge(row.gateway, row.instance, buckets, row.received_at);
  }

  private keepMs(): number {
    return (this.options.keepSeconds ?? 300) * 1000;
  }

  private merge(
    name: string,
    instance: string,
    buckets: SerializedBucket[],
    at = this.options.clock.now(),
  ): void {
    const telemetry = this.options.telemetry();
    const nowSec = Math.floor(this.options.clock.now() / 1000);
    const held = this.holder(name, instance);
    for (const b of buckets) {
      if (b.sec < nowSec - SETTLE_SECONDS) held.lateBuckets++;
      if (b.n > 0) this.contributors.note(name, b.model, b.release, b.sec);
    }
    // One at a time, so a bucket that cannot merge is refused alone (and said), not the rest with it.
    for (const b of buckets) {
      try {
        // Judged here, counted on the gateway's own /metrics only: Prometheus sums the instances.
        telemetry.importBuckets([b], { counters: false });
      } catch (error) {
        if (held.refusedBuckets++ === 0)
          this.options.logger.warn(
            { gateway: name, model: b.model, release: b.release, err: error },
            'fleet telemetry: a bucket from this gateway could not be merged (counted on GET /telemetry/gateways)',
          );
      }
    }
    held.posts++;
    held.buckets += buckets.length;
    held.lastSeen = Math.max(held.lastSeen, at);
    this.contributors.sweep(nowSec);
    this.forgetSilent(nowSec);
  }

  /** The record of gateway `name`, created (or reset, for a new instance) as needed. */
  private holder(name: string, instance: string): Held {
    let held = this.gateways.get(name);
    if (!held) {
      if (this.gateways.size >= (this.options.maxGateways ?? 1000))
        throw new UnavailableError(
          `fleet telemetry holds ${this.gateways.size} gateways already; raise maxGateways or give gateways stable names`,
        );
      const now = this.options.clock.now();
      held = {
        name,
        instance,
        firstSeen: now,
        lastSeen: now,
        posts: 0,
        buckets: 0,
        lateBuckets: 0,
        refusedBuckets: 0,
        duplicatePosts: 0,
        lastSeq: 0,
      };
      this.gateways.set(name, held);
    } else if (held.instance !== instance) {
      held.instance = instance;
      held.lastSeq = 0;
    }
    return held;
  }

  /** Forgets gateways silent for the whole rolling window. */
  private forgetSilent(nowSec: number): void {
    for (const [name, held] of this.gateways)
      if (held.lastSeen < (nowSec - 3600) * 1000) this.gateways.delete(name);
  }
}

type FleetBucketRow = Selectable<FleetBucketsTable>;

function rowKey(row: { gateway: string; instance: string; seq: number }): string {
  return `${row.gateway}\u0000${row.instance}\u0000${row.seq}`;
}
