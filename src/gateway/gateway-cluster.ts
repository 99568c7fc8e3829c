/**
 * `--workers N`: one gateway per worker process on a shared port (node:cluster). The primary
 * holds the routing table (set directly or from a control plane) and pushes it to every worker,
 * and merges telemetry: workers pass on what they recorded as deltas (telemetry-outbox.ts) every
 * `exportIntervalMs`, and within `failureFlushMs` of a failed request, so `/metrics` (answered by
 * the primary through any worker) and the primary's `telemetry`, which the judges read, cover all
 * workers within a second, a failure's evidence within a fifth of one. Sampled request/response pairs go to the primary
 * as they are taken, so its `telemetry.freeze()` holds every worker's evidence. Shadow reports
 * are gathered from every worker on request and summed.
 *
 * Call it from the entry script; cluster re-runs that script in each worker, where the same call
 * starts the worker side. With `workers <= 1` everything runs in this process.
 */
import cluster, { type Worker } from 'node:cluster';

import { systemClock } from '../core/clock.js';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../telemetry/create-telemetry.js';
import { metricsHandler } from '../telemetry/metrics-handler.js';
import type { SerializedBucket } from '../telemetry/release-bucket.js';
import { SampleStore, type SampleInput } from '../telemetry/sample-store.js';
import { createGateway, type Gateway, type GatewayOptions } from './create-gateway.js';
import type { Feedback } from './feedback.js';
import { RemoteRoutingSource, type RemoteRoutingSourceOptions } from './remote-routing-source.js';
import { RoutingHealth } from './routing-health.js';
import { TelemetryOutbox } from './telemetry-outbox.js';
import { TelemetryShipper, type TelemetryShipperOptions } from './telemetry-shipper.js';
import { compileRoutingTable, type RoutingSnapshot } from './routing-snapshot.js';
import type { RoutingTable } from './routing-table.js';
import { mergeReports, type ShadowReport } from './shadow/shadow-report.js';

export interface GatewayClusterOptions {
  /** Worker processes; 1 or less runs the gateway in this process. */
  workers: number;
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Gateway options, built in each worker (functions cannot cross processes). */
  gateway?: () => GatewayOptions;
  /** A first routing table. */
  routes?: RoutingSnapshot;
  /** Follow a control plane instead of (or after) `routes`, and ship telemetry to it. */
  controlPlane?: Omit<RemoteRoutingSourceOptions, 'apply'> & {
    /** Telemetry shipping settings; `false` keeps this gateway's telemetry local. */
    shipping?: Partial<Omit<TelemetryShipperOptions, 'url' | 'token' | 'name' | 'telemetry'>> | false;
  };
  /** Telemetry options of the primary's merged view. */
  telemetry?: Partial<Omit<TelemetryOptions, 'schemas'>>;
  /** How often a worker passes what it recorded to the primary. @default 1000 */
  exportIntervalMs?: number;
  /**
   * The most a failed request (what the error triggers count) waits in a worker before it is
   * passed on: a rollback waits on it. @default 200
   */
  failureFlushMs?: number;
}

export interface GatewayClusterHandle {
  role: 'primary' | 'worker' | 'single';
  /** Pushes a routing table to every worker (primary/single only). */
  setRoutes(snapshot: RoutingSnapshot): void;
  /** Merged telemetry (primary), or the gateway's own (single/worker). */
  telemetry: Telemetry;
  /** Ships the buckets to the control plane (single/primary following one). */
  shipper?: TelemetryShipper;
  gateway?: Gateway;
  source?: RemoteRoutingSource;
  close(): Promise<void>;
}

type ToWorker =
  | { t: 'ripcord:routes'; snapshot: RoutingSnapshot }
  | { t: 'ripcord:reply'; id: number; value?: unknown; error?: string }
  | { t: 'ripcord:shadow-collect'; id: number }
  | { t: 'ripcord:feedback'; feedback: Feedback };
type ToPrimary =
  | { t: 'ripcord:hello' }
  | { t: 'ripcord:buckets'; buckets: SerializedBucket[] }
  | { t: 'ripcord:sample'; sample: SampleInput }
  | { t: 'ripcord:metrics'; id: number }
  | { t: 'ripcord:shadow'; id: number; model: string }
  | { t: 'ripcord:shadow-reports'; id: number; reports: ShadowReport[] }
  | { t: 'ripcord:feedback'; feedback: Feedback };

const isMessage = (m: unknown): m is { t: string } =>
  typeof m === 'object' &&
  m !== null &&
  typeof (m as { t?: unknown }).t === 'string' &&
  (m as { t: string }).t.startsWith('ripcord:');

export async function startGatewayCluster(options: GatewayClusterOptions): Promise<GatewayClusterHandle> {
  if (options.workers <= 1) return startSingle(options);
  return cluster.isPrimary ? startPrimary(options) : startWorker(options);
}

async function startSingle(options: GatewayClusterOptions): Promise<GatewayClusterHandle> {
  const base = options.gateway?.() ?? {};
  const current: { gateway?: Gateway } = {};
  const schemas: TelemetryOptions['schemas'] = (model) =>
    current.gateway?.routes()?.models.get(model)?.inputSchema;
  const own =
    base.telemetry ??
    createTelemetry({ ...base.telemetryOptions, clock: base.clock ?? systemClock, schemas });
  const shipper = telemetryShipper(options, own, schemas);
  const gateway = createGateway({
    ...base,
    telemetry: shipper?.wrap() ?? own,
    ...(options.routes ? { routes: options.routes } : {}),
  });
  current.gateway = gateway;
  shipper?.start();
  let source: RemoteRoutingSource | undefined;
  if (options.controlPlane) {
    const remote = new RemoteRoutingSource({
      ...options.controlPlane,
      apply: (s) => gateway.setRoutes(s),
      served: () => gateway.routingHealth(),
    });
    gateway.followRoutingSource(() => remote.connection());
    source = remote;
    await remote.start();
  }
  await gateway.listen(options.port, options.host ?? '127.0.0.1');
  return {
    role: 'single',
    setRoutes: (s) => void gateway.setRoutes(s),
    telemetry: gateway.telemetry,
    gateway,
    ...(source ? { source } : {}),
    ...(shipper ? { shipper } : {}),
    async close() {
      await source?.close();
      await gateway.close();
      await shipper?.close();
    },
  };
}

/** The shipper of this gateway's buckets to the control plane it follows, unless turned off. */
function telemetryShipper(
  options: GatewayClusterOptions,
  source: Telemetry,
  schemas: TelemetryOptions['schemas'],
): TelemetryShipper | undefined {
  const plane = options.controlPlane;
  if (!plane || plane.shipping === false) return undefined;
  return new TelemetryShipper(source, {
    ...plane.shipping,
    url: plane.url,
    token: plane.token,
    name: plane.name,
    logger: plane.logger,
    telemetry: { ...options.telemetry, schemas },
  });
}

async function startPrimary(options: GatewayClusterOptions): Promise<GatewayClusterHandle> {
  let snapshot: RoutingSnapshot | undefined;
  let schemas = new Map<string, NonNullable<RoutingSnapshot['models'][number]['inputSchema']>>();
  const merged = createTelemetry({
    clock: systemClock,
    ...options.telemetry,
    schemas: (model) => schemas.get(model),
  });
  const shipper = telemetryShipper(options, merged, (model) => schemas.get(model));
  const telemetry = shipper?.wrap() ?? merged;
  shipper?.start();
  const metrics = metricsHandler(telemetry);
  // The primary compiles every table too: to refuse one no worker could read, and to report.
  let table: RoutingTable | undefined;
  const health = new RoutingHealth(systemClock);
  health.register(metrics.registry);
  const workers = new Set<Worker>();
  let closing = false;
  let nextId = 1;
  const collecting = new Map<number, { pending: number; reports: ShadowReport[]; done: () => void }>();

  const send = (w: Worker, m: ToWorker): void => {
    if (w.isConnected()) w.send(m);
  };
  const setRoutes = (s: RoutingSnapshot): void => {
    try {
      table = compileRoutingTable(s, table);
    } catch (error) {
      health.refused((error as Error).message);
      throw error;
    }
    health.applied(table);
    snapshot = s;
    schemas = new Map(s.models.flatMap((m) => (m.inputSchema ? [[m.name, m.inputSchema] as const] : [])));
    for (const w of workers) send(w, { t: 'ripcord:routes', snapshot: s });
  };
  if (options.routes) setRoutes(options.routes);

  const gatherShadow = (model: string): Promise<ShadowReport | undefined> =>
    new Promise((resolve) => {
      const id = nextId++;
      const entry = {
        pending: workers.size,
        reports: [] as ShadowReport[],
        done: () => {
          collecting.delete(id);
          const current = entry.reports.filter((r) => r.model === model);
          // The release most workers mirror to now; reports of one release merge by addition.
          const release = current.at(-1)?.release;
          resolve(mergeReports(current.filter((r) => r.release === release)));
        },
      };
      collecting.set(id, entry);
      for (const w of workers) send(w, { t: 'ripcord:shadow-collect', id });
      setTimeout(() => collecting.has(id) && entry.done(), 2_000).unref();
    });

  const onMessage = (worker: Worker, m: unknown): void => {
    if (!isMessage(m)) return;
    const msg = m as ToPrimary;
    switch (msg.t) {
      case 'ripcord:hello':
        if (snapshot) send(worker, { t: 'ripcord:routes', snapshot });
        return;
      case 'ripcord:buckets':
        telemetry.importBuckets(msg.buckets);
        return;
      case 'ripcord:sample':
        telemetry.recordSample(msg.sample);
        return;
      case 'ripcord:metrics':
        metrics.body().then(
          (body) =>
            send(worker, {
              t: 'ripcord:reply',
              id: msg.id,
              value: { contentType: metrics.contentType, body },
            }),
          (error: Error) => send(worker, { t: 'ripcord:reply', id: msg.id, error: error.message }),
        );
        return;
      case 'ripcord:shadow':
        void gatherShadow(msg.model).then((value) =>
          send(worker, { t: 'ripcord:reply', id: msg.id, value: value ?? null }),
        );
        return;
      case 'ripcord:shadow-reports': {
        const entry = collecting.get(msg.id);
        if (!entry) return;
        entry.reports.push(...msg.reports);
        if (--entry.pending <= 0) entry.done();
        return;
      }
      case 'ripcord:feedback':
        for (const w of workers) if (w !== worker) send(w, { t: 'ripcord:feedback', feedback: msg.feedback });
        return;
    }
  };

  const fork = (): Worker => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on('message', (m: unknown) => onMessage(worker, m));
    worker.on('exit', () => {
      workers.delete(worker);
      if (!closing) fork();
    });
    return worker;
  };
  const listening = Array.from(
    { length: options.workers },
    () => new Promise<void>((resolve) => fork().once('listening', () => resolve())),
  );
  await Promise.all(listening);

  let source: RemoteRoutingSource | undefined;
  if (options.controlPlane) {
    const remote = new RemoteRoutingSource({
      ...options.controlPlane,
      apply: setRoutes,
      served: () => health.report(),
    });
    health.follow(() => remote.connection());
    source = remote;
    await remote.start();
  }
  return {
    role: 'primary',
    setRoutes,
    telemetry,
    ...(source ? { source } : {}),
    ...(shipper ? { shipper } : {}),
    async close() {
      closing = true;
      await source?.close();
      await shipper?.close();
      await Promise.all(
        [...workers].map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

async function startWorker(options: GatewayClusterOptions): Promise<GatewayClusterHandle> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const toPrimary = (m: ToPrimary): void => {
    if (process.connected) process.send!(m);
  };
  const ask = <T>(m: (id: number) => ToPrimary): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      toPrimary(m(id));
      setTimeout(() => {
        if (pending.delete(id)) reject(new Error('the cluster primary did not answer within 5 s'));
      }, 5_000).unref();
    });

  const base = options.gateway?.() ?? {};
  const current: { gateway?: Gateway } = {};
  // Workers keep a short window: the primary holds the merged one.
  const own =
    base.telemetry ??
    createTelemetry({
      windowSeconds: 120,
      clock: systemClock,
      ...base.telemetryOptions,
      schemas: (model) => current.gateway?.routes()?.models.get(model)?.inputSchema,
    });
  let hurried: NodeJS.Timeout | undefined;
  const outbox = new TelemetryOutbox({
    telemetry: {
      ...base.telemetryOptions,
      schemas: (model) => current.gateway?.routes()?.models.get(model)?.inputSchema,
    },
    onFailure: () => {
      if (hurried) return;
      hurried = setTimeout(passOn, options.failureFlushMs ?? 200);
      hurried.unref();
    },
  });
  const passOn = (): void => {
    clearTimeout(hurried);
    hurried = undefined;
    const buckets = outbox.take();
    if (buckets.length > 0) toPrimary({ t: 'ripcord:buckets', buckets });
  };
  const telemetry = outbox.wrap(own);
  // Pairs leave the worker redacted with the worker's own sample options.
  const redactor = new SampleStore({ ...base.telemetryOptions?.samples, capacity: 1 });
  telemetry.recordSample = (sample) => {
    own.recordSample(sample);
    redactor.record(sample);
    const [redacted] = redactor.freeze(sample.model, sample.release);
    if (redacted) toPrimary({ t: 'ripcord:sample', sample: redacted });
  };
  const gateway = createGateway({
    ...base,
    telemetry,
    hooks: {
      metrics: () => ask((id) => ({ t: 'ripcord:metrics', id })),
      shadowReport: async (model) =>
        (await ask<ShadowReport | null>((id) => ({ t: 'ripcord:shadow', id, model }))) ?? undefined,
      unknownRequest: (feedback) => toPrimary({ t: 'ripcord:feedback', feedback }),
    },
  });
  current.gateway = gateway;
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    const msg = m as ToWorker;
    if (msg.t === 'ripcord:routes') gateway.setRoutes(msg.snapshot);
    else if (msg.t === 'ripcord:reply') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.value);
    } else if (msg.t === 'ripcord:shadow-collect')
      toPrimary({ t: 'ripcord:shadow-reports', id: msg.id, reports: gateway.shadowReports() });
    else if (msg.t === 'ripcord:feedback') gateway.feedback(msg.feedback);
  });
  toPrimary({ t: 'ripcord:hello' });
  const exporter = setInterval(passOn, options.exportIntervalMs ?? 1_000);
  exporter.unref();
  await gateway.listen(options.port, options.host ?? '127.0.0.1');
  const close = async (): Promise<void> => {
    clearInterval(exporter);
    await gateway.close();
    passOn();
  };
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  // The primary is gone (crashed or stopped): stop serving rather than run without a control loop.
  process.once('disconnect', () => void close().then(() => process.exit(0)));
  return {
    role: 'worker',
    setRoutes: () => {
      throw new Error('setRoutes: call it on the primary; workers receive tables from it');
    },
    telemetry: own,
    gateway,
    close,
  };
}
