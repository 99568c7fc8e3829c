import type { Controller } from '../controller/create-controller.js';
import type { ShadowSummary } from '../controller/controller-deps.js';
import { rolloutKind } from '../controller/rollout-kind.js';
import { rolloutRoutes } from '../api/routes/rollout-routes.js';
import { incidentRoutes } from '../api/routes/incident-routes.js';
import { operationsRoutes } from '../api/routes/operations-routes.js';
import { canaryVerdicts } from '../api/routes/verdict-judges.js';
import { storedCanaryMemory, StoredCanarySchema, type StoredCanary } from '../api/routes/canary-memory.js';
import { verdictRoutes } from '../api/routes/verdict-routes.js';
import { metricProviderFromEnv } from './metric-provider-choice.js';
import { documentStore } from '../store/document-store.js';
import type { DrillRecord } from '../operations/drill/drill-record.js';
import { DrillRecordSchema } from '../operations/drill/drill-record.js';
import type { ManifestKind } from '../manifests/index.js';
import { withClusterRoutes } from '../kubernetes/cluster-routes.js';
import { gatewayRouter } from '../traffic/gateway/gateway-router.js';
import type { TrafficRouter } from '../traffic/traffic-router.js';
import type { TelemetryReader } from '../telemetry/types.js';
import type { GatewayPlugin } from './gateway-plugin.js';
import type { ControlPlanePlugin } from './start-control-plane.js';
import { createStoreController } from './store-controller.js';
import { rolloutNotifiers } from './notifiers.js';
import { adviseHeapSizing } from './heap-sizing-advice.js';
import type { StoreControllerOptions } from './store-controller.js';

export interface ControllerPluginOptions {
  /** Where telemetry comes from: the in-process gateway, with every remote gateway's merged in. */
  gateway: GatewayPlugin;
  /** @default 1000 */
  tickMs?: number | undefined;
  /** Overrides for tests and drills (probe, executors). */
  controller?: Partial<StoreControllerOptions> | undefined;
  /** Models whose traffic a cluster also routes (Istio, Gateway API): `ripcord up --traffic-routes`. */
  clusterRoutes?: ReadonlyMap<string, TrafficRouter> | undefined;
}

export interface ControllerPlugin extends ControlPlanePlugin {
  controller(): Controller;
}

/** Runs the rollout controller in the control plane process, judging the merged telemetry of every gateway. */
export function controllerPlugin(options: ControllerPluginOptions): ControllerPlugin {
  let controller: Controller | undefined;
  let stopAdvice: (() => void) | undefined;
  const require = (): Controller => {
    if (!controller) throw new Error('controller not started');
    return controller;
  };
  // The in-process gateway's telemetry holds every remote gateway's buckets too (fleet-telemetry.ts).
  const telemetry: TelemetryReader = {
    window: (query) =>
      options.gateway.fleetTelemetry().reader(options.gateway.gateway().telemetry).window(query),
    series: (query) =>
      options.gateway.fleetTelemetry().reader(options.gateway.gateway().telemetry).series(query),
  };
  return {
    name: 'controller',
    controller: require,
    init(ctx) {
      controller = createStoreController({
        store: ctx.store,
        registry: ctx.registry,
        telemetry,
        clock: ctx.clock,
        logger: ctx.logger,
        tickMs: options.tickMs,
        shadowSummary: (model, release) => shadowSummary(options.gateway, model, release),
        evidence: (model, release) => options.gateway.gateway().telemetry.freeze(model, release),
        samples: (model, release) => options.gateway.gateway().telemetry.freeze(model, release),
        router: withClusterRoutes(
          gatewayRouter(() => options.gateway.fleet()),
          options.clusterRoutes ?? new Map(),
        ),
        notifiers: rolloutNotifiers(),
        ...options.controller,
      });
      stopAdvice = adviseHeapSizing(controller, ctx.logger);
    },
    routes: (ctx) => [
      ...rolloutRoutes(require()),
      ...incidentRoutes(require()),
      ...operationsRoutes({
        controller: require(),
        drills: documentStore<DrillRecord>(ctx.store, 'drill', { schema: DrillRecordSchema, label: 'drill' }),
        gatewayUrl: () => options.gateway.url(),
      }),
      ...verdictRoutes({
        registry: ctx.registry,
        verdicts: canaryVerdicts({
          metrics: options.controller?.metrics ?? metricProviderFromEnv(process.env, telemetry),
          clock: ctx.clock,
          memory: storedCanaryMemory(
            documentStore<StoredCanary>(ctx.store, 'verdict-canary', {
              schema: StoredCanarySchema,
              label: 'verdict canary',
            }),
            { now: () => ctx.clock.now() },
          ),
        }),
      }),
    ],
    trafficOwner: (model) => require().trafficOwner(model),
    manifestKinds: () => [rolloutKind() as unknown as ManifestKind<never>],
    manifestServices: () => ({ controller: require() }),
    start() {
      require().start();
      return Promise.resolve();
    },
    async stop() {
      stopAdvice?.();
      await controller?.stop();
    },
  };
}

function shadowSummary(gateway: GatewayPlugin, model: string, release: string): ShadowSummary | undefined {
  const report = gateway.gateway().shadowReport(model);
  if (!report || report.release !== release) return undefined;
  const agreement = (s: {
    meanJaccard: number | null;
    toleranceRate: number | null;
    labelAgreement: number | null;
  }) => s.meanJaccard ?? s.labelAgreement ?? s.toleranceRate;
  return {
    compared: report.overall.compared,
    agreement: agreement(report.overall),
    segments: report.segments.map((s) => ({
      key: s.key,
      value: s.value,
      compared: s.compared,
      agreement: agreement(s),
    })),
  };
}
