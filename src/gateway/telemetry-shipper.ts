/**
 * Ships a remote gateway's telemetry to its control plane (`POST {url}/api/v1/telemetry/buckets`,
 * the same bearer token as the routing stream), so the judges there see this gateway's traffic
 * within a fraction of a second, as they see the in-process gateway's.
 *
 * Deltas, not closed seconds (telemetry-outbox.ts): every `intervalMs` what the gateway recorded
 * since is queued, the current second included, and the control plane adds each delta to what it
 * holds for that second. One request at a time carries up to `maxPostBytes` of the queue. A
 * failed post is retried with the same sequence number (the control plane drops a sequence it
 * already holds), and the queue is bounded: past `maxQueuedBuckets`, or for seconds older than
 * `maxAgeMs`, the oldest buckets are dropped and counted, so a control plane that is away costs
 * bounded memory.
 *
 * A failed request (5xx, timeout, connection error, unparseable answer) hurries the next flush to
 * within `failureFlushMs`: a rollback waits on errors reaching the judges, healthy traffic does
 * not, so a quiet fleet posts once a second and one whose candidate starts failing posts its
 * errors as they accumulate.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';

import { request } from 'undici';

import type { Telemetry, TelemetryOptions } from '../telemetry/create-telemetry.js';
import type { SerializedBucket } from '../telemetry/release-bucket.js';
import type { GatewayLogger } from './gateway-context.js';
import { GATEWAY_HEADER } from './remote-routing-source.js';
import { TelemetryOutbox } from './telemetry-outbox.js';

export const TELEMETRY_PATH = '/api/v1/telemetry/buckets';

export interface TelemetryShipperOptions {
  /** Control plane base URL (the one the routing stream follows). */
  url: string;
  /** Bearer token; never logged. */
  token?: string | undefined;
  /** How the control plane names this gateway. @default `${hostname}:${pid}` */
  name?: string | undefined;
  logger?: GatewayLogger | undefined;
  /**
   * How often the outbox is flushed: the most a recorded request waits before it is posted. Every
   * post costs the control plane a request and a token lookup; on a busy 2-core machine 200 ms
   * (50 posts a second from 10 gateways) delayed rollbacks more than it sped evidence
   * (bench/fleet/RESULTS.md). @default 1000
   */
  intervalMs?: number;
  /**
   * The most a failed request waits before it is posted (at most one post per this long while
   * requests keep failing). @default 200
   */
  failureFlushMs?: number;
  /** @default 20000 */
  maxQueuedBuckets?: number;
  /** A post carries buckets up to about this many bytes of JSON (the API takes 1 MiB). @default 900000 */
  maxPostBytes?: number;
  /** Buckets of seconds older than this are dropped unsent. @default 60000 */
  maxAgeMs?: number;
  /** Options of the outbox tables (their schemas must match the gateway's). */
  telemetry: Pick<TelemetryOptions, 'schemas'> & Partial<TelemetryOptions>;
}

/** The body of one post: `instance` changes on every start, `seq` grows by one per post. */
export interface ShippedBatch {
  instance: string;
  seq: number;
  buckets: SerializedBucket[];
}

export interface ShipperStatus {
  shippedBuckets: number;
  droppedBuckets: number;
  queuedBuckets: number;
  lastShippedAt: number | undefined;
  lastError: string | undefined;
}

export class TelemetryShipper {
  private readonly instance = randomUUID();
  private seq = 0;
  private queue: SerializedBucket[] = [];
  /** The post being retried, kept whole so a retry carries the same sequence and buckets. */
  private inFlight: ShippedBatch | undefined;
  /** What was recorded since the last flush. */
  private readonly outbox: TelemetryOutbox;
  private timer: NodeJS.Timeout | undefined;
  /** Set while a failure's early flush is scheduled. */
  private hurryTimer: NodeJS.Timeout | undefined;
  /** A failure's flush came while a post was under way: run it once that post ends. */
  private hurryAfterPost = false;
  private started = false;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private failing = false;
  private readonly state: ShipperStatus = {
    shippedBuckets: 0,
    droppedBuckets: 0,
    queuedBuckets: 0,
    lastShippedAt: undefined,
    lastError: undefined,
  };

  constructor(
    private readonly source: Telemetry,
    private readonly options: TelemetryShipperOptions,
  ) {
    this.outbox = new TelemetryOutbox({ telemetry: options.telemetry, onFailure: () => this.hurry() });
  }

  /** The telemetry the gateway records into: `source`, every write copied to the outbox as well. */
  wrap(): Telemetry {
    return this.outbox.wrap(this.source);
  }

  start(): void {
    this.started = true;
    // A post still under way (a slow control plane) is not queued behind: this round is skipped.
    this.timer = setInterval(() => this.round(), this.options.intervalMs ?? 1_000);
    this.timer.unref();
  }

  /** One flush and post, unless one is under way. */
  private round(): boolean {
    if (this.busy) return false;
    this.busy = true;
    this.running = this.running
      .then(() => this.tick())
      .finally(() => {
        this.busy = false;
        if (this.hurryAfterPost) {
          this.hurryAfterPost = false;
          this.hurry();
        }
      });
    return true;
  }

  /**
   * Schedules a flush within `failureFlushMs` (one at a time; after the post under way, if any).
   */
  private hurry(): void {
    // A control plane that is failing posts is retried at the steady interval, not hurried.
    if (!this.started || this.hurryTimer || this.failing) return;
    this.hurryTimer = setTimeout(() => {
      this.hurryTimer = undefined;
      if (this.failing) return;
      if (!this.round()) this.hurryAfterPost = true;
    }, this.options.failureFlushMs ?? 200);
    this.hurryTimer.unref();
  }

  status(): ShipperStatus {
    return { ...this.state, queuedBuckets: this.queue.length + (this.inFlight?.buckets.length ?? 0) };
  }

  /** Stops the timer and makes one last attempt with what is queued and recorded. */
  async close(): Promise<void> {
    this.started = false;
    clearInterval(this.timer);
    clearTimeout(this.hurryTimer);
    this.hurryTimer = undefined;
    await this.running;
    this.flush();
    await this.send().catch(() => undefined);
  }

  /** One round: take the outbox, bound the queue, post. */
  async tick(now = Date.now()): Promise<void> {
    this.flush();
    this.bound(now);
    await this.send();
  }

  /** Queues everything recorded since the last flush and starts an empty outbox. */
  private flush(): void {
    this.queue.push(...this.outbox.take());
  }

  /** Drops the oldest buckets past the queue's size or age limits, counting them. */
  private bound(now: number): void {
    const maxAge = this.options.maxAgeMs ?? 60_000;
    const max = this.options.maxQueuedBuckets ?? 20_000;
    const before = this.queue.length;
    this.queue = this.queue.filter((b) => b.sec * 1000 >= now - maxAge);
    if (this.queue.length > max) this.queue = this.queue.slice(this.queue.length - max);
    let dropped = before - this.queue.length;
    if (this.inFlight && this.inFlight.buckets.every((b) => b.sec * 1000 < now - maxAge)) {
      dropped += this.inFlight.buckets.length;
      this.inFlight = undefined;
    }
    if (dropped > 0) {
      this.state.droppedBuckets += dropped;
      this.options.logger?.warn(
        { url: this.options.url, dropped, err: this.state.lastError },
        'telemetry buckets dropped unsent: the control plane did not take them in time',
      );
    }
  }

  private async send(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) {
        const take = postSize(this.queue, this.options.maxPostBytes ?? 900_000);
        this.inFlight = { instance: this.instance, seq: ++this.seq, buckets: this.queue.slice(0, take) };
        this.queue = this.queue.slice(take);
      }
      try {
        await this.post(this.inFlight);
      } catch (error) {
        this.state.lastError = (error as Error).message;
        if (!this.failing)
          this.options.logger?.warn(
            { url: this.options.url, err: this.state.lastError },
            'telemetry to the control plane failed; retrying, with a bounded queue',
          );
        this.failing = true;
        return;
      }
      if (this.failing) this.options.logger?.info({ url: this.options.url }, 'telemetry shipping resumed');
      this.failing = false;
      this.state.lastError = undefined;
      this.state.shippedBuckets += this.inFlight.buckets.length;
      this.state.lastShippedAt = Date.now();
      this.inFlight = undefined;
    }
  }

  private async post(batch: ShippedBatch): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [GATEWAY_HEADER]: this.options.name ?? `${os.hostname()}:${process.pid}`,
    };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const res = await request(`${this.options.url.replace(/\/+$/, '')}${TELEMETRY_PATH}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(batch),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300)
      throw new Error(
        `answered ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (check the token)' : ''}: ${text.slice(0, 200)}`,
      );
  }
}

/** How many of the first buckets fit in `maxBytes` of JSON (at least one, so a big one still goes). */
function postSize(queue: readonly SerializedBucket[], maxBytes: number): number {
  let bytes = 100;
  let n = 0;
  for (const b of queue) {
    bytes += JSON.stringify(b).length + 1;
    if (n > 0 && bytes > maxBytes) break;
    n++;
  }
  return n;
}
