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
import { createRegistry } from '../registry/create-registry.js';
import type { Registry } from '../registry/registry.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { readCredentials, writeCredentials } from './credentials.js';

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
}

export interface ControlPlaneContext {
  store: Store;
  /** The registry every part uses (possibly wrapped by plugins). */
  registry: Registry;
  clock: Clock;
  logger: Logger;
  dataDir: string;
}

export interface ControlPlanePlugin {
  name: string;
  /** Wraps the registry every other part uses (e.g. to wait for routing after a write). */
  wrapRegistry?(registry: Registry, context: ControlPlaneContext): Registry;
  /** Builds the plugin's parts; runs before routes are collected, in plugin order. */
  init?(context: ControlPlaneContext): void;
  routes?(context: ControlPlaneContext): RouteDefinition[];
  manifestKinds?(context: ControlPlaneContext): ManifestKind<never>[];
  manifestServices?(context: ControlPlaneContext): Record<string, unknown>;
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
  const baseRegistry = createRegistry({ store, clock });
  const plugins = options.plugins ?? [];
  const context: ControlPlaneContext = { store, registry: baseRegistry, clock, logger, dataDir };
  for (const plugin of plugins) {
    if (plugin.wrapRegistry) context.registry = plugin.wrapRegistry(context.registry, context);
  }
  const { registry } = context;
  for (const plugin of plugins) plugin.init?.(context);
  try {
    const { app } = await createApi({
      registry,
      logger,
      routes: plugins.flatMap((p) => p.routes?.(context) ?? []),
      manifestKinds: plugins.flatMap((p) => p.manifestKinds?.(context) ?? []),
      manifestServices: Object.assign(
        {},
        ...plugins.map((p) => p.manifestServices?.(context) ?? {}),
      ) as Record<string, unknown>,
    });
    await app.listen({ port: options.port ?? 7070, host: options.host ?? '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

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

    for (const plugin of plugins) await plugin.start?.({ ...context, apiUrl: url });
    logger.info({ url, database: store.dialect.description }, 'control plane listening');

    return {
      ...context,
      api: app,
      url,
      bootstrapToken,
      credentialsFile,
      async close() {
        for (const plugin of [...plugins].reverse()) await plugin.stop?.();
        await app.close();
        await baseRegistry.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
