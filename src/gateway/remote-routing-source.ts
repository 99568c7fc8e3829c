/**
 * Keeps a gateway's routing table in step with a remote control plane over server-sent events
 * (`GET {url}/api/v1/routing/stream`, bearer token). Fail-static: when the control plane is
 * unreachable the gateway keeps serving the last table it applied, and reconnects with jittered
 * exponential backoff. Optionally persists the last snapshot to a file and loads it at start, so a
 * restarted gateway serves (and reports ready) before the control plane is back.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { request } from 'undici';

import type { GatewayLogger } from './gateway-context.js';
import type { RoutingSnapshot } from './routing-snapshot.js';
import { SseParser, type SseEvent } from './sse-parser.js';

export interface RemoteRoutingSourceOptions {
  /** Control plane base URL, e.g. http://ripcord-api:8443. */
  url: string;
  /** Bearer token (viewer role suffices); never logged. */
  token?: string | undefined;
  /** Applies a snapshot, e.g. `gateway.setRoutes`; a throw keeps the previous table. */
  apply: (snapshot: RoutingSnapshot) => void;
  /** File the last applied snapshot is written to and loaded from at start. */
  persistPath?: string | undefined;
  logger?: GatewayLogger;
  /** @default { initialMs: 250, maxMs: 10000 } */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. @default 45000 */
  idleTimeoutMs?: number;
}

export interface RemoteRoutingStatus {
  connected: boolean;
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
    revision: undefined,
    source: undefined,
    lastError: undefined,
    reconnects: 0,
  };
  private persisting: Promise<void> = Promise.resolve();

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

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.loop;
    await this.persisting;
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
        this.options.logger?.warn(
          { url: this.options.url, err: this.state.lastError },
          'routing stream unavailable; serving the last table',
        );
      }
      this.state.connected = false;
      if (this.closed) break;
      this.state.reconnects++;
      const delay = Math.min(max, initial * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  private async connect(onOpen: () => void): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
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
    this.state.connected = true;
    this.state.lastError = undefined;
    onOpen();
    const parser = new SseParser((event) => this.onEvent(event));
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parser.push(decoder.decode(chunk as Buffer, { stream: true }));
  }

  private onEvent(event: SseEvent): void {
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
      return;
    }
    this.state.revision = snapshot.revision;
    this.state.source = 'stream';
    this.persist(snapshot);
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
