/**
 * Keeps a gateway's routing table in step with a remote control plane over server-sent events
 * (`GET {url}/api/v1/routing/stream`, bearer token). Fail-static: when the control plane is
 * unreachable the gateway keeps serving the last table it applied, and reconnects with jittered
 * exponential backoff. Losing and regaining the stream is logged once each way, and the state is
 * reported (RoutingConnection) on the gateway's /readyz and /metrics. After every snapshot the
 * gateway reports what it serves to the control plane (`POST /api/v1/routing/gateways/{stream}`),
 * so a rollback there waits until this gateway has moved. Optionally persists the last snapshot to
 * a file and loads it at start, so a restarted gateway serves (and reports ready) before the
 * control plane is back.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { request } from 'undici';

import type { GatewayLogger } from './gateway-context.js';
import type { RoutingConnection } from './routing-health.js';
import type { RoutingSnapshot } from './routing-snapshot.js';
import { SseParser, type SseEvent } from './sse-parser.js';

/** Names the stream's client as a gateway, so the control plane waits for it on traffic changes. */
export const GATEWAY_HEADER = 'x-ripcord-gateway';

export interface RemoteRoutingSourceOptions {
  /** Control plane base URL, e.g. http://ripcord-api:8443. */
  url: string;
  /** Bearer token (viewer role suffices); never logged. */
  token?: string | undefined;
  /** How the control plane lists this gateway. @default `${hostname}:${pid}` */
  name?: string | undefined;
  /** Applies a snapshot, e.g. `gateway.setRoutes`; a throw keeps the previous table. */
  apply: (snapshot: RoutingSnapshot) => void;
  /** What the gateway serves after an apply, reported to the control plane (e.g. `gateway.routingHealth`). */
  served?: () => ServedRouting;
  /** File the last applied snapshot is written to and loaded from at start. */
  persistPath?: string | undefined;
  logger?: GatewayLogger;
  /** @default { initialMs: 250, maxMs: 10000 } */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. @default 45000 */
  idleTimeoutMs?: number;
}

/** The part of a gateway's routing health the control plane waits on. */
export interface ServedRouting {
  revision: number | undefined;
  policies: Record<string, number>;
  failures: readonly { model: string; field: string; message: string }[];
  lastError: string | undefined;
}

export interface RemoteRoutingStatus {
  connected: boolean;
  /** Epoch ms of the last connect or disconnect. */
  since: number | undefined;
  /** Revision of the last applied snapshot. */
  revision: number | undefined;
  /** Where that snapshot came from. */
  source: 'stream' | 'file' | undefined;
  lastError: string | undefined;
  reconnects: number;
}

export class RemoteRoutingSource {
  private closed = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private state: RemoteRoutingStatus = {
    connected: false,
    since: undefined,
    revision: undefined,
    source: undefined,
    lastError: undefined,
    reconnects: 0,
  };
  private persisting: Promise<void> = Promise.resolve();
  /** The stream id the control plane named in its hello; reports go under it. */
  private stream: string | undefined;
  private reporting: Promise<void> = Promise.resolve();

  constructor(private readonly options: RemoteRoutingSourceOptions) {}

  /** Loads the persisted snapshot (if any), then connects in the background. */
  async start(): Promise<void> {
    const file = this.options.persistPath;
    if (file) {
      try {
        const snapshot = JSON.parse(await readFile(file, 'utf8')) as RoutingSnapshot;
        this.options.apply(snapshot);
        this.state.revision = snapshot.revision;
        this.state.source = 'file';
        this.options.logger?.info({ revision: snapshot.revision, file }, 'routing table loaded from file');
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT')
          this.options.logger?.warn(
            { file, err: (error as Error).message },
            'persisted routing table not loaded',
          );
      }
    }
    this.loop = this.run();
  }

  status(): RemoteRoutingStatus {
    return { ...this.state };
  }

  /** The connection as the gateway's /readyz and /metrics show it. */
  connection(): RoutingConnection {
    const { connected, since, lastError, reconnects } = this.state;
    return { connected, since, lastError, reconnects };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.loop;
    await this.persisting;
    await this.reporting;
  }

  private async run(): Promise<void> {
    const initial = this.options.backoff?.initialMs ?? 250;
    const max = this.options.backoff?.maxMs ?? 10_000;
    let attempt = 0;
    while (!this.closed) {
      try {
        await this.connect(() => (attempt = 0));
        this.state.lastError = 'stream ended';
      } catch (error) {
        if (this.closed) break;
        this.state.lastError = (error as Error).message;
      }
      if (this.closed) break;
      this.lost();
      this.state.reconnects++;
      const delay = Math.min(max, initial * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt++;
      // One abortable timer per wait, whose listener goes with it (no listener piles up per retry).
      await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
    this.state.connected = false;
  }

  /** Logs the loss of the stream once per outage (retries stay quiet until it is back). */
  private lost(): void {
    const was = this.state.connected || this.state.since === undefined;
    if (this.state.connected || this.state.since === undefined) this.state.since = Date.now();
    this.state.connected = false;
    this.stream = undefined;
    if (was)
      this.options.logger?.warn(
        { url: this.options.url, err: this.state.lastError, revision: this.state.revision },
        'routing stream to the control plane lost; serving the last table until it is back',
      );
  }

  private async connect(onOpen: () => void): Promise<void> {
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      [GATEWAY_HEADER]: this.options.name ?? `${os.hostname()}:${process.pid}`,
    };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const res = await request(`${this.options.url.replace(/\/+$/, '')}/api/v1/routing/stream`, {
      headers,
      signal: this.abort.signal,
      headersTimeout: 10_000,
      bodyTimeout: this.options.idleTimeoutMs ?? 45_000,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(
        `routing stream answered ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (check the token)' : ''}`,
      );
    }
    const down = this.state.since === undefined ? undefined : Date.now() - this.state.since;
    this.state.connected = true;
    this.state.since = Date.now();
    this.state.lastError = undefined;
    onOpen();
    this.options.logger?.info(
      {
        url: this.options.url,
        revision: this.state.revision,
        ...(down === undefined ? {} : { downMs: down }),
      },
      'routing stream to the control plane connected',
    );
    const parser = new SseParser((event) => this.onEvent(event));
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parser.push(decoder.decode(chunk as Buffer, { stream: true }));
  }

  private onEvent(event: SseEvent): void {
    if (event.event === 'hello') {
      try {
        this.stream = (JSON.parse(event.data) as { stream?: string }).stream;
      } catch {
        this.stream = undefined;
      }
      return;
    }
    if (event.event !== 'snapshot') return;
    let snapshot: RoutingSnapshot;
    try {
      snapshot = JSON.parse(event.data) as RoutingSnapshot;
    } catch (error) {
      this.options.logger?.error(
        { err: (error as Error).message },
        'routing snapshot is not JSON; keeping the last table',
      );
      return;
    }
    if (this.state.revision !== undefined && snapshot.revision < this.state.revision) {
      this.options.logger?.warn(
        { revision: snapshot.revision, held: this.state.revision },
        'routing snapshot older than the one held; ignored',
      );
      return;
    }
    try {
      this.options.apply(snapshot);
    } catch (error) {
      this.options.logger?.error(
        { revision: snapshot.revision, err: (error as Error).message },
        'routing snapshot refused; keeping the last table',
      );
      this.report();
      return;
    }
    this.state.revision = snapshot.revision;
    this.state.source = 'stream';
    this.persist(snapshot);
    this.report();
  }

  /** Tells the control plane what this gateway now serves; in order, one at a time. */
  private report(): void {
    const stream = this.stream;
    const served = this.options.served;
    if (stream === undefined || !served) return;
    const { revision, policies, failures, lastError } = served();
    const body = JSON.stringify({
      ...(revision === undefined ? {} : { revision }),
      policies,
      failures: failures.map(({ model, field, message }) => ({ model, field, message })),
      ...(lastError === undefined ? {} : { lastError }),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const url = `${this.options.url.replace(/\/+$/, '')}/api/v1/routing/gateways/${encodeURIComponent(stream)}`;
    this.reporting = this.reporting
      .then(async () => {
        const res = await request(url, {
          method: 'POST',
          headers,
          body,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        await res.body.dump();
        if (res.statusCode >= 300) throw new Error(`answered ${res.statusCode}`);
      })
      .catch((error: Error) =>
        this.options.logger?.warn(
          { url: this.options.url, err: error.message },
          'routing report to the control plane failed; a rollback there will wait for this gateway',
        ),
      );
  }

  private persist(snapshot: RoutingSnapshot): void {
    const file = this.options.persistPath;
    if (!file) return;
    const text = JSON.stringify(snapshot);
    this.persisting = this.persisting
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        // Owner-only: the snapshot names every backend and its serving config.
        await writeFile(`${file}.tmp`, text, { mode: 0o600 });
        await chmod(`${file}.tmp`, 0o600);
        await rename(`${file}.tmp`, file);
      })
      .catch((error: Error) =>
        this.options.logger?.warn({ file, err: error.message }, 'routing table not persisted'),
      );
  }
}
