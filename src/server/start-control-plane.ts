/**
 * Composition root for `ripcord up`: store → registry → API (and the parts that plug into it).
 * Everything runs in one process by default; each part can also run alone at scale.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { createApi } from '../api/create-api.js';
import type { RouteDefinition } from '../api/define-route.js';
import type { ManifestKind } from '../manifests/index.js';
import { createRegistry } from '../store/registry/create-registry.js';
import type { Registry, RegistryChange } from '../registry/registry.js';
import type { TrafficOwner } from '../registry/traffic-owner.js';
import type { TrafficApplied } from '../registry/traffic-applied.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { HttpDrain } from '../core/http-drain.js';
import { readCredentials, writeCredentials } from './credentials.js';
import { dashboardPlugin } from './dashboard-plugin.js';
import type { DashboardOptions } from './dashboard-plugin.js';
import { PluginStartError } from './plugin-start-error.js';

export interface ControlPlaneOptions {
  /** @default './.ripcord' */
  dataDir?: string | undefined;
  /** postgres://… or a SQLite path; @default `${dataDir}/ripcord.db` */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (several control planes or test suites can share one database). */
  databaseSchema?: string | undefined;
  /** @default 7070; 0 picks a free port */
  port?: number | undefined;
  /** @default '127.0.0.1' */
  host?: string | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Parts that add routes and manifest kinds (controller, gateway feed), started after the API is built. */
  plugins?: readonly ControlPlanePlugin[] | undefined;
  /** Serve the API over HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** On close, how long API requests in flight may finish before they are cut. @default 10000 */
  shutdownTimeoutMs?: number | undefined;
  /** Largest API request body in bytes. @default 1048576 */
  bodyLimit?: number | undefined;
  /** Check every API answer against its route's response schema (the API suites turn it on). */
  checkResponses?: boolean | undefined;
  /** The dashboard at `/` (`false`: none). @default its build in dist/web */
  dashboard?: false | DashboardOptions | undefined;
}

export interface ControlPlaneContext {
  store: Store;
  /** The registry every part uses. */
  registry: Registry;
  clock: Clock;
  logger: Logger;
  dataDir: string;
}

export interface ControlPlanePlugin {
  name: string;
  /**
   * Awaited after every committed routing change (models, releases, flags, traffic policies)
   * before the write returns, e.g. until the in-process gateway holds the new table. Must not throw.
   */
  afterRoutingChange?(change: RegistryChange): Promise<void>;
  /** Wraps the registry every other part sees (instrumentation, fault injection); in plugin order. */
  wrapRegistry?(registry: Registry, context: ControlPlaneContext): Registry;
  /** Builds the plugin's parts; runs before routes are collected, in plugin order. */
  init?(context: ControlPlaneContext): void;
  routes?(context: ControlPlaneContext): RouteDefinition[];
  /** The rollout driving a model's traffic, if this part runs rollouts (operator writes get a 409). */
  trafficOwner?: TrafficOwner;
  /** Waits until the gateways this part feeds serve a committed traffic policy (operator writes that wait). */
  trafficApplied?: TrafficApplied;
  manifestKinds?(context: ControlPlaneContext): ManifestKind<never>[];
  manifestServices?(context: ControlPlaneContext): Record<string, unknown>;
  /** Registers non-API HTTP handlers on the API's server (the dashboard's files at `/`). */
  mount?(app: FastifyInstance): void;
  start?(context: ControlPlaneContext & { apiUrl: string }): Promise<void>;
  stop?(): Promise<void>;
}

export interface ControlPlane extends ControlPlaneContext {
  api: FastifyInstance;
  /** Base URL of the API, e.g. http://127.0.0.1:7070 */
  url: string;
  /** Set when this start created the first admin token (shown once, also in the credentials file). */
  bootstrapToken?: string | undefined;
  credentialsFile?: string | undefined;
  close(): Promise<void>;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const dataDir = options.dataDir ?? './.ripcord';
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = await openStore({
    url: options.databaseUrl,
    dataDir,
    schema: options.databaseSchema,
    notice: (message) => logger.warn(message),
  });
  const plugins = [
    ...(options.plugins ?? []),
    ...(options.dashboard === false ? [] : [dashboardPlugin(options.dashboard)]),
  ];
  const baseRegistry = createRegistry({
    store,
    clock,
    afterRoutingChange: async (change) => {
      for (const plugin of plugins) await plugin.afterRoutingChange?.(change);
    },
  });
  const context: ControlPlaneContext = { store, registry: baseRegistry, clock, logger, dataDir };
  for (const plugin of plugins) {
    if (plugin.wrapRegistry) context.registry = plugin.wrapRegistry(context.registry, context);
  }
  const { registry } = context;
  for (const plugin of plugins) plugin.init?.(context);
  let app: FastifyInstance | undefined;
  let drain: HttpDrain | undefined;
  const started: ControlPlanePlugin[] = [];
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  try {
    ({ app } = await createApi({
      registry,
      logger,
      tls: options.tls,
      bodyLimit: options.bodyLimit,
      checkResponses: options.checkResponses,
      mount: plugins.flatMap((p) => (p.mount ? [p.mount.bind(p)] : [])),
      routes: plugins.flatMap((p) => p.routes?.(context) ?? []),
      trafficOwner: async (model) => {
        for (const plugin of plugins) {
          const owner = await plugin.trafficOwner?.(model);
          if (owner) return owner;
        }
        return undefined;
      },
      trafficApplied: plugins.some((p) => p.trafficApplied)
        ? async (model, revision, signal) => {
            for (const plugin of plugins) await plugin.trafficApplied?.(model, revision, signal);
          }
        : undefined,
      manifestKinds: plugins.flatMap((p) => p.manifestKinds?.(context) ?? []),
      manifestServices: Object.assign(
        {},
        ...plugins.map((p) => p.manifestServices?.(context) ?? {}),
      ) as Record<string, unknown>,
    }));
    drain = new HttpDrain(app.server);
    await app.listen({ port: options.port ?? 7070, host: options.host ?? '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const url = `${options.tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

    let bootstrapToken: string | undefined;
    let credentialsFile: string | undefined;
    if ((await registry.listTokens()).length === 0) {
      const { token } = await registry.createToken('admin', 'admin', {
        actor: 'ripcord',
        reason: 'first start',
      });
      bootstrapToken = token;
      credentialsFile = writeCredentials(dataDir, { server: url, token });
    } else {
      const existing = readCredentials(dataDir);
      if (existing && existing.server !== url) {
        credentialsFile = writeCredentials(dataDir, { ...existing, server: url });
      }
    }

    for (const plugin of plugins) {
      started.push(plugin);
      await startPlugin(plugin, { ...context, apiUrl: url });
    }
    logger.info({ url, database: store.dialect.description }, 'control plane listening');

    const api = app;
    const apiDrain = drain;
    return {
      ...context,
      api,
      url,
      bootstrapToken,
      credentialsFile,
      async close() {
        // The API and the parts drain side by side, so the whole stop fits one deadline.
        const draining = apiDrain.drain(shutdownTimeoutMs);
        for (const plugin of [...plugins].reverse()) await plugin.stop?.();
        await draining;
        await api.close();
        await baseRegistry.close();
        await store.close();
      },
    };
  } catch (error) {
    // Nothing half-started keeps running: a plane without its gateway is not a plane.
    for (const plugin of started.reverse()) await plugin.stop?.().catch(() => undefined);
    if (drain) await drain.drain(0);
    await app?.close();
    await store.close();
    throw error;
  }
}

async function startPlugin(plugin: ControlPlanePlugin, context: ControlPlaneContext & { apiUrl: string }) {
  try {
    await plugin.start?.(context);
  } catch (error) {
    throw new PluginStartError(plugin.name, error);
  }
}
