/**
 * Serves model traffic from the same process as the control plane (`ripcord up`), and streams
 * routing snapshots to remote gateways (`ripcord gateway --control-plane URL`).
 */
import type { AddressInfo } from 'node:net';
import { defineRoute } from '../api/define-route.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { Gateway } from '../gateway/create-gateway.js';
import { writeRoutingSse } from '../gateway/routing-sse.js';
import type { Registry } from '../registry/registry.js';
import { readRoutingSnapshot } from './routing-snapshot-source.js';
import type { ControlPlaneContext, ControlPlanePlugin } from './start-control-plane.js';

export interface GatewayPluginOptions {
  /** @default 8080; 0 picks a free port */
  port?: number | undefined;
  host?: string | undefined;
}

export interface GatewayPlugin extends ControlPlanePlugin {
  gateway(): Gateway;
  url(): string;
  /** Rebuilds the routing table from the registry (done after every committed change). */
  refresh(): Promise<void>;
}

export function gatewayPlugin(options: GatewayPluginOptions = {}): GatewayPlugin {
  let gateway: Gateway | undefined;
  let address: AddressInfo | undefined;
  let context: ControlPlaneContext | undefined;
  let unsubscribe: (() => void) | undefined;
  let pending: Promise<void> = Promise.resolve();

  let queued: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    // A refresh not yet started will read every change committed before it starts: callers share
    // it (an apply of thousands of documents rebuilds the table once, not once per document).
    if (queued) return queued;
    // Serialised so snapshots are applied in commit order.
    const next = pending.then(async () => {
      queued = undefined;
      if (!gateway || !context) return;
      try {
        gateway.setRoutes(await readRoutingSnapshot(context.store, context.registry));
      } catch (error) {
        context.logger.error({ err: error }, 'routing table rejected; keeping the previous one');
      }
    });
    queued = next;
    pending = next;
    return next;
  };

  return {
    name: 'gateway',
    gateway: () => {
      if (!gateway) throw new Error('gateway not started');
      return gateway;
    },
    url: () => `http://127.0.0.1:${address?.port ?? 0}`,
    refresh,
    wrapRegistry: (registry, ctx) =>
      registryWithRoutingBarrier(registry, refresh, (callback) => ctx.store.afterCommit(callback)),
    init(ctx) {
      context = ctx;
      gateway = createGateway({ clock: ctx.clock, logger: ctx.logger });
    },
    routes: (ctx) => [
      defineRoute({
        method: 'GET',
        url: '/routing',
        role: 'viewer',
        tag: 'routing',
        summary: 'The routing snapshot every gateway compiles (models, releases, traffic policies, flags)',
        handler: () => readRoutingSnapshot(ctx.store, ctx.registry),
      }),
      defineRoute({
        method: 'GET',
        url: '/routing/stream',
        role: 'viewer',
        tag: 'routing',
        summary: 'Server-sent routing snapshots for remote gateways: one now, one after every change',
        handler: async ({ reply }) => {
          reply.hijack();
          const stop = writeRoutingSse(
            reply.raw,
            () => readRoutingSnapshot(ctx.store, ctx.registry),
            (onChange) => ctx.registry.onChange(onChange),
          );
          reply.raw.on('close', stop);
          return undefined;
        },
      }),
    ],
    async start(ctx) {
      if (!gateway) throw new Error('gateway plugin not initialised');
      await refresh();
      unsubscribe = ctx.registry.onChange(() => void refresh());
      address = await gateway.listen(options.port ?? 8080, options.host ?? '127.0.0.1');
      ctx.logger.info({ port: address.port }, 'gateway listening');
    },
    async stop() {
      unsubscribe?.();
      await gateway?.close();
    },
  };
}

/**
 * A registry whose writes resolve only after the in-process gateway holds the new routing table,
 * so a weight change (or a rollback) applies to the very next request. Inside a transaction
 * (Registry.atomically, e.g. an apply) the table is rebuilt once the transaction commits: reading
 * it earlier would show uncommitted state, and waiting for it would wait on the transaction itself.
 */
export function registryWithRoutingBarrier(
  registry: Registry,
  refresh: () => Promise<void>,
  afterCommit: (callback: () => void) => void = (callback) => callback(),
): Registry {
  const refreshAfterCommit = async (): Promise<void> => {
    let refreshed: Promise<void> | undefined;
    afterCommit(() => {
      refreshed = refresh();
    });
    // Set at once outside a transaction; inside one the refresh runs after its commit.
    if (refreshed) await refreshed;
  };
  return new Proxy(registry, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const routing =
        prop === 'setTrafficPolicy' ||
        prop === 'createRelease' ||
        prop === 'upsertModel' ||
        prop === 'setFlag' ||
        prop === 'atomically';
      if (!routing) return (value as (...args: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await refreshAfterCommit();
        return result;
      };
    },
  });
}
