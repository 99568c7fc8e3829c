/**
 * Serves model traffic from the same process as the control plane (`ripcord up`), and streams
 * routing snapshots to remote gateways (`ripcord gateway --control-plane URL`), keeping track of
 * what every one of them serves (traffic/gateway/routing-fleet.ts).
 */
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { defineRoute } from '../api/define-route.js';
import { FleetMemberResponse, RoutingSnapshotResponse } from '../api/responses/registry-responses.js';
import { NotFoundError } from '../core/errors.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { FeedbackOptions, Gateway, GatewayOptions } from '../gateway/create-gateway.js';
import { GATEWAY_HEADER } from '../gateway/remote-routing-source.js';
import { writeRoutingSse } from '../gateway/routing-sse.js';
import { readRoutingSnapshot } from '../store/routing-snapshot.js';
import { createTelemetry, type Telemetry } from '../telemetry/create-telemetry.js';
import { FleetTelemetry } from './fleet-telemetry.js';
import { fleetTelemetryRoutes } from './fleet-telemetry-routes.js';
import { fleetRoutingWatch, type RoutingWatch } from './fleet-routing-watch.js';
import { RoutingSnapshotCache } from './routing-snapshot-cache.js';
import { RoutingFleet } from '../traffic/gateway/routing-fleet.js';
import type { ControlPlaneContext, ControlPlanePlugin } from './start-control-plane.js';

export interface GatewayPluginOptions {
  /** @default 8080; 0 picks a free port */
  port?: number | undefined;
  host?: string | undefined;
  /** How long a traffic change may take to reach every connected gateway. @default 10000 */
  applyTimeoutMs?: number | undefined;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** How long requests in flight may finish on shutdown. @default 10000 */
  shutdownTimeoutMs?: number | undefined;
  /** Who may send POST /feedback; @default from the environment (RIPCORD_FEEDBACK_TOKEN, ...) */
  feedback?: FeedbackOptions | undefined;
  /** Also serve the KServe v2 / TF Serving gRPC APIs on this port (0 picks a free one). */
  grpcPort?: number | undefined;
  /** Data-plane tuning from the configuration (limits, breaker, pool, inspection, samples). */
  tuning?: GatewayTuning | undefined;
}

/** The gateway options a configuration sets; the plugin owns the rest. */
export type GatewayTuning = Pick<
  GatewayOptions,
  'limits' | 'breaker' | 'pool' | 'inspection' | 'jsonPathPrefix' | 'feedbackCapacity' | 'telemetryOptions'
>;

export interface GatewayPlugin extends ControlPlanePlugin {
  gateway(): Gateway;
  url(): string;
  /** The gateways this control plane feeds and what each serves. */
  fleet(): RoutingFleet;
  /** Rebuilds the routing table from the registry (done after every committed change). */
  refresh(): Promise<void>;
  /** Remote gateways' telemetry, merged into the in-process gateway's (server/fleet-telemetry.ts). */
  fleetTelemetry(): FleetTelemetry;
}

const GatewayReportSchema = z.object({
  revision: z.number().int().nonnegative().optional(),
  policies: z.record(z.string(), z.number().int().nonnegative()),
  failures: z.array(z.object({ model: z.string(), field: z.string(), message: z.string() })).max(100_000),
  lastError: z.string().optional(),
});

export function gatewayPlugin(options: GatewayPluginOptions = {}): GatewayPlugin {
  let gateway: Gateway | undefined;
  let address: AddressInfo | undefined;
  let context: ControlPlaneContext | undefined;
  let pending: Promise<void> = Promise.resolve();
  let fleet: RoutingFleet | undefined;
  let fleetTelemetry: FleetTelemetry | undefined;
  /** Changes other replicas commit (shared store only). */
  let watch: RoutingWatch | undefined;

  let queued: Promise<void> | undefined;
  /** The snapshot read once per change for the in-process table and every stream. */
  let snapshots: RoutingSnapshotCache | undefined;

  const refresh = (): Promise<void> => {
    // A refresh not yet started will read every change committed before it starts: callers share
    // it (an apply of thousands of documents rebuilds the table once, not once per document).
    if (queued) return queued;
    // Serialised so snapshots are applied in commit order.
    const next = pending.then(async () => {
      queued = undefined;
      if (!gateway || !snapshots || !context) return;
      try {
        gateway.setRoutes(await snapshots.snapshot());
      } catch (error) {
        context.logger.error({ err: error }, 'routing table rejected; keeping the previous one');
      }
      fleet?.changed();
    });
    queued = next;
    pending = next;
    return next;
  };
  const requireFleet = (): RoutingFleet => {
    if (!fleet) throw new Error('gateway plugin not initialised');
    return fleet;
  };
  const requireSnapshots = (): RoutingSnapshotCache => {
    if (!snapshots) throw new Error('gateway plugin not initialised');
    return snapshots;
  };
  const requireFleetTelemetry = (): FleetTelemetry => {
    if (!fleetTelemetry) throw new Error('gateway plugin not initialised');
    return fleetTelemetry;
  };

  return {
    name: 'gateway',
    gateway: () => {
      if (!gateway) throw new Error('gateway not started');
      return gateway;
    },
    url: () => `${options.tls ? 'https' : 'http'}://127.0.0.1:${address?.port ?? 0}`,
    fleet: requireFleet,
    refresh: () => {
      snapshots?.changed();
      return refresh();
    },
    fleetTelemetry: requireFleetTelemetry,
    trafficApplied: (model, revision, signal) => requireFleet().awaitApplied(model, revision, signal),
    // The registry's onChange (below) has marked the snapshot changed by the time this runs.
    afterRoutingChange: () => refresh(),
    init(ctx) {
      context = ctx;
      const cache = new RoutingSnapshotCache(() => readRoutingSnapshot(ctx.store, ctx.registry));
      snapshots = cache;
      // Subscribed before any stream is, so a stream told of a change never gets the snapshot before it.
      ctx.registry.onChange(() => cache.changed());
      const telemetry = createTelemetry({
        clock: ctx.clock,
        schemas: (model) => gateway?.routes()?.models.get(model)?.inputSchema,
        ...options.tuning?.telemetryOptions,
      });
      const merged = new FleetTelemetry({
        telemetry: () => telemetry,
        clock: ctx.clock,
        logger: ctx.logger,
        // Replicas may share a PostgreSQL store: remote gateways' posts go through it to every one.
        store: ctx.store.capabilities.advisoryLocks ? ctx.store : undefined,
      });
      fleetTelemetry = merged;
      if (ctx.store.capabilities.advisoryLocks) {
        watch = fleetRoutingWatch(ctx.store, ctx.logger, { known: () => cache.revision() });
        watch.onChange(() => {
          cache.changed();
          void refresh();
        });
      }
      const local = createGateway({
        ...options.tuning,
        clock: ctx.clock,
        logger: ctx.logger,
        telemetry: notingLocal(telemetry, merged),
        ...(options.tls ? { tls: options.tls } : {}),
        ...(options.feedback ? { feedback: options.feedback } : {}),
        ...(options.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
        ...(options.grpcPort === undefined ? {} : { grpc: { port: options.grpcPort } }),
      });
      gateway = local;
      fleet = new RoutingFleet(() => ctx.clock.now(), options.applyTimeoutMs);
      fleet.addLocal(
        () => local.routingHealth(),
        (model) => {
          const table = local.routes();
          return {
            revision: table?.models.get(model)?.policy?.revision,
            refused: table?.failures.get(model)?.message,
          };
        },
      );
    },
    routes: (ctx) => [
      ...fleetTelemetryRoutes(requireFleetTelemetry),
      defineRoute({
        method: 'GET',
        url: '/routing',
        role: 'viewer',
        response: RoutingSnapshotResponse,
        tag: 'routing',
        summary: 'The routing snapshot every gateway compiles (models, releases, traffic policies, flags)',
        handler: () => readRoutingSnapshot(ctx.store, ctx.registry),
      }),
      defineRoute({
        method: 'GET',
        url: '/routing/stream',
        role: 'viewer',
        response: z.string(),
        eventStream: true,
        tag: 'routing',
        summary:
          'Server-sent routing snapshots for remote gateways: a hello naming the stream, one snapshot now, one after every change',
        handler: async ({ reply, request }) => {
          reply.hijack();
          // Only a gateway (it names itself) joins the fleet that traffic changes wait for; a
          // person watching the stream does not.
          const name = request.headers[GATEWAY_HEADER];
          const id = typeof name === 'string' && name !== '' ? requireFleet().connect(name) : undefined;
          // Read afresh for a new stream, as what no registry change announces (rollouts' KPIs)
          // may have moved since the last read.
          requireSnapshots().changed();
          const stop = writeRoutingSse(
            reply.raw,
            () => requireSnapshots().snapshot(),
            (onChange) => {
              const local = ctx.registry.onChange(onChange);
              const remote = watch?.onChange(onChange);
              return () => {
                local();
                remote?.();
              };
            },
            id === undefined ? {} : { stream: id },
          );
          reply.raw.on('close', () => {
            stop();
            if (id !== undefined) requireFleet().disconnect(id);
          });
          return undefined;
        },
      }),
      defineRoute({
        method: 'POST',
        url: '/routing/gateways/:id',
        role: 'viewer',
        response: z.object({ accepted: z.literal(true) }).strict(),
        tag: 'routing',
        summary:
          'A remote gateway reports what it serves after applying a snapshot (the id comes from its stream hello)',
        params: z.object({ id: z.string() }),
        body: GatewayReportSchema,
        handler: ({ params, body }) => {
          if (!requireFleet().report(params.id, { ...body, revision: body.revision }))
            throw new NotFoundError(
              'routing stream',
              params.id,
              'no open stream with this id here; reconnect to /api/v1/routing/stream and report with its new id',
            );
          return Promise.resolve({ accepted: true });
        },
      }),
      defineRoute({
        method: 'GET',
        url: '/routing/gateways',
        role: 'viewer',
        response: z.array(FleetMemberResponse),
        tag: 'routing',
        summary:
          'Every gateway this control plane feeds and the routing it serves (revision, refused models)',
        handler: () => Promise.resolve(requireFleet().members()),
      }),
    ],
    async start(ctx) {
      if (!gateway) throw new Error('gateway plugin not initialised');
      await refresh();
      address = await gateway.listen(options.port ?? 8080, options.host ?? '127.0.0.1');
      ctx.logger.info({ port: address.port, grpcPort: gateway.grpcPort }, 'gateway listening');
      fleetTelemetry?.start();
      watch?.start();
    },
    async stop() {
      watch?.stop();
      await fleetTelemetry?.stop();
      await gateway?.close();
    },
  };
}

/** The in-process gateway's telemetry, noting each release it serves as the local gateway's. */
function notingLocal(telemetry: Telemetry, fleet: FleetTelemetry): Telemetry {
  const noting = Object.create(telemetry) as Telemetry;
  let last = { sec: -1, model: '', release: '' };
  noting.record = (obs) => {
    telemetry.record(obs);
    // Noted once per run of requests for one (model, release, second): a busy release costs compares.
    const sec = Math.floor(obs.at / 1000);
    if (sec === last.sec && obs.model === last.model && obs.release === last.release) return;
    last = { sec, model: obs.model, release: obs.release };
    fleet.noteLocal(obs.model, obs.release, sec);
  };
  return noting;
}
