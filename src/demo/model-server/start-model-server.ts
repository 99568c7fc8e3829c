/**
 * A small recommender model server for the demo and the end-to-end tests. It speaks TF Serving
 * REST and KServe v2, labels itself with a version, echoes the feature/encoder versions the
 * gateway sends, and takes faults at runtime (`POST /admin/faults`) or through `setFaults()`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../core/clock.js';
import { Catalogue, type CatalogueOptions } from './catalogue.js';
import {
  FaultRequestSchema,
  FaultSpecSchema,
  schedule,
  isActive,
  type FaultSpecInput,
  type ScheduledFault,
} from './faults.js';
import { ModelBehaviour } from './model-behaviour.js';
import {
  BadRequestError,
  formatResponse,
  parseKserveV2,
  parseTfServing,
  type ParsedRequest,
} from './protocols.js';

/** Header the gateway uses to pass a release's feature/encoder versions (`name@version,...`). */
export const FEATURES_HEADER = 'x-ripcord-features';

export interface ModelServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Model name in the protocol paths. @default "recsys" */
  model?: string;
  /** Version label, e.g. "v1" or "v2". @default "v1" */
  version?: string;
  /** Share of users whose last item differs from v1's. @default 0 for v1, 0.1 otherwise */
  variation?: number;
  /** Median latency (lognormal). @default 20 */
  medianLatencyMs?: number;
  /** Spread of log(latency). @default 0.35 */
  latencySigma?: number;
  /** Baseline share of 500s without any fault. @default 0 */
  errorRate?: number;
  /** Baseline conversion rate for synthetic clients. @default 0.1 */
  conversionRate?: number;
  /** The feature/encoder refs this model was built for (`encoder@v4`); others count as mismatches. */
  expectFeatures?: string[];
  /** What to do with a request whose features header lacks an expected ref. @default "count" */
  onFeatureMismatch?: 'count' | 'reject';
  catalogue?: CatalogueOptions;
  /** @default 1 */
  seed?: number;
  /** Sleep for the simulated latency (real time). Off for fast statistical tests. @default true */
  simulateLatency?: boolean;
  /** Clock for fault delays and durations. @default systemClock */
  clock?: Clock;
  /** Called when a crash fault fires, after the server stops accepting; the CLI exits the process. */
  onCrash?: () => void;
  faults?: FaultSpecInput[];
}

export interface ModelServerStats {
  requests: number;
  predictions: number;
  injectedErrors: number;
  driftedRows: number;
  collapsedRows: number;
  featureMismatches: number;
  lastFeatures: string | null;
}

export interface ModelServer {
  url: string;
  port: number;
  version: string;
  /** Replaces (or appends to) the active faults; validated like `POST /admin/faults`. */
  setFaults(faults: FaultSpecInput[], mode?: 'replace' | 'append'): ScheduledFault[];
  clearFaults(): void;
  faults(): ScheduledFault[];
  conversionRate(): number;
  stats(): ModelServerStats;
  /** Resolves once the server has stopped, by close() or a crash fault. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const model = options.model ?? 'recsys';
  const version = options.version ?? 'v1';
  const clock = options.clock ?? systemClock;
  const expected = options.expectFeatures ?? [];
  const simulateLatency = options.simulateLatency ?? true;
  const behaviour = new ModelBehaviour({
    catalogue: new Catalogue(options.catalogue),
    variation: options.variation ?? (version === 'v1' ? 0 : 0.1),
    medianLatencyMs: options.medianLatencyMs ?? 20,
    latencySigma: options.latencySigma ?? 0.35,
    errorRate: options.errorRate ?? 0,
    conversionRate: options.conversionRate ?? 0.1,
    seed: options.seed ?? 1,
  });
  const stats: ModelServerStats = {
    requests: 0,
    predictions: 0,
    injectedErrors: 0,
    driftedRows: 0,
    collapsedRows: 0,
    featureMismatches: 0,
    lastFeatures: null,
  };
  let faults: ScheduledFault[] = [];
  let stopped = false;

  const setFaults = (input: FaultSpecInput[], mode: 'replace' | 'append' = 'replace'): ScheduledFault[] => {
    const now = clock.now();
    const scheduled = input.map((f) => schedule(FaultSpecSchema.parse(f), now));
    faults = mode === 'append' ? [...faults, ...scheduled] : scheduled;
    for (const fault of scheduled) if (fault.kind === 'crash') armCrash(fault);
    return faults;
  };

  // A crash whose fault was cleared or replaced before its time does nothing.
  const armCrash = (fault: ScheduledFault): void => {
    void clock.sleep(fault.afterMs).then(() => {
      if (stopped || !faults.includes(fault)) return;
      void stop();
      options.onCrash?.();
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  server.on('close', () => resolveClosed());

  const stop = (): Promise<void> => {
    if (stopped) return closed;
    stopped = true;
    server.close();
    server.closeAllConnections();
    return closed;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://model.local');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/healthz' || path === '/v2/health/live' || path === '/v2/health/ready')
      return sendJson(res, 200, { status: 'ok', model, version });
    if (path === '/admin/faults') return adminFaults(req, res, method);
    if (path === '/admin/stats') return sendJson(res, 200, { ...stats, version });

    const tf = /^\/v1\/models\/([^/:]+)(?:\/versions\/[^/:]+)?(:predict)?$/.exec(path);
    const v2 = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?(\/infer|\/ready)?$/.exec(path);
    const name = tf?.[1] ?? v2?.[1];
    if (name === undefined) return sendJson(res, 404, { error: `no route for ${method} ${path}` });
    if (decodeURIComponent(name) !== model)
      return sendJson(res, 404, { error: `model "${name}" is not served here; this is "${model}"` });

    if (tf && !tf[2] && method === 'GET')
      return sendJson(res, 200, {
        model_version_status: [
          {
            version: version.replace(/^v/, ''),
            state: 'AVAILABLE',
            status: { error_code: 'OK', error_message: '' },
          },
        ],
      });
    if (v2 && v2[2] === '/ready') return sendJson(res, 200, { name: model, ready: true });
    if (v2 && !v2[2] && method === 'GET')
      return sendJson(res, 200, {
        name: model,
        versions: [version],
        platform: 'ripcord-demo',
        inputs: [
          { name: 'user_id', datatype: 'BYTES', shape: [-1] },
          { name: 'hour', datatype: 'INT32', shape: [-1] },
        ],
        outputs: [
          { name: 'items', datatype: 'BYTES', shape: [-1, 5] },
          { name: 'scores', datatype: 'FP32', shape: [-1, 5] },
        ],
      });
    if (method !== 'POST') return sendJson(res, 405, { error: `use POST for ${path}` });
    return predict(req, res, tf ? parseTfServing : parseKserveV2);
  }

  async function predict(
    req: IncomingMessage,
    res: ServerResponse,
    parse: (body: unknown) => ParsedRequest,
  ): Promise<void> {
    stats.requests++;
    const features = headerValue(req.headers[FEATURES_HEADER]);
    if (features !== undefined) {
      stats.lastFeatures = features;
      res.setHeader(FEATURES_HEADER, features);
    }
    const missing =
      features === undefined ? [] : expected.filter((ref) => !splitRefs(features).includes(ref));
    if (missing.length > 0) {
      stats.featureMismatches++;
      res.setHeader('x-model-feature-mismatch', missing.join(','));
      if (options.onFeatureMismatch === 'reject')
        return sendJson(res, 422, {
          error: `model ${model} ${version} was built for ${expected.join(', ')}, got ${FEATURES_HEADER}: ${features}`,
        });
    }
    let parsed: ParsedRequest;
    try {
      const raw = await readBody(req);
      parsed = parse(JSON.parse(raw));
    } catch (error) {
      if (error instanceof PayloadTooLarge) return sendJson(res, 413, { error: error.message });
      const message = error instanceof Error ? error.message : String(error);
      return sendJson(res, 400, {
        error: error instanceof BadRequestError ? message : `invalid JSON body: ${message}`,
      });
    }
    const outcome = behaviour.respond(parsed.rows, faults, clock.now());
    stats.driftedRows += outcome.driftedRows;
    stats.collapsedRows += outcome.collapsedRows;
    res.setHeader('x-model-version', version);
    res.setHeader('x-model-latency-ms', outcome.latencyMs.toFixed(3));
    res.setHeader('x-model-conversion-rate', String(outcome.conversionRate));
    if (simulateLatency && outcome.latencyMs > 0) await sleep(outcome.latencyMs);
    if (stopped) return void res.destroy();
    if (outcome.status !== 200) {
      stats.injectedErrors++;
      return sendJson(res, outcome.status, { error: 'injected failure' });
    }
    stats.predictions += outcome.recommendations.length;
    sendJson(res, 200, formatResponse(parsed, outcome.recommendations, { name: model, version }));
  }

  async function adminFaults(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (method === 'GET') return sendJson(res, 200, describeFaults());
    if (method === 'DELETE') {
      setFaults([]);
      return sendJson(res, 200, describeFaults());
    }
    if (method !== 'POST') return sendJson(res, 405, { error: 'use GET, POST or DELETE on /admin/faults' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return sendJson(res, 400, {
        error: `invalid JSON body: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const parsed = FaultRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      return sendJson(res, 400, {
        error: `${field}: ${issue?.message ?? 'invalid'} (expected {"faults": [{"kind": "latency", "multiply": 1.4}], "mode": "replace"})`,
      });
    }
    setFaults(parsed.data.faults, parsed.data.mode);
    return sendJson(res, 200, describeFaults());
  }

  function describeFaults(): unknown {
    const now = clock.now();
    return {
      version,
      conversionRate: behaviour.conversionRate(faults, now),
      faults: faults.map((f) => ({ ...f, active: isActive(f, now) })),
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (options.faults) setFaults(options.faults);

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    version,
    setFaults,
    clearFaults: () => void setFaults([]),
    faults: () => [...faults],
    conversionRate: () => behaviour.conversionRate(faults, clock.now()),
    stats: () => ({ ...stats }),
    closed,
    close: stop,
  };
}

class PayloadTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new PayloadTooLarge(`body exceeds ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function splitRefs(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
