/**
 * GET /api/v1/metrics on the control plane (viewer role: Prometheus scrapes with a token). Runs
 * beside the controller and gateway parts of `ripcord up`; either may be absent.
 */
import { z } from 'zod';

import { defineRoute } from '../api/define-route.js';
import type { ControllerPlugin } from './controller-plugin.js';
import { controlPlaneMetrics } from './control-plane-metrics.js';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';
import type { GatewayPlugin } from './gateway-plugin.js';
import type { ControlPlanePlugin } from './start-control-plane.js';

export interface ControlPlaneMetricsPlugin extends ControlPlanePlugin {
  metrics(): ControlPlaneMetrics;
}

export function controlPlaneMetricsPlugin(parts: {
  controller?: ControllerPlugin | undefined;
  gateway?: GatewayPlugin | undefined;
}): ControlPlaneMetricsPlugin {
  let metrics: ControlPlaneMetrics | undefined;
  let detach: (() => void) | undefined;
  const require = (): ControlPlaneMetrics => {
    if (!metrics) throw new Error('control-plane metrics not initialised');
    return metrics;
  };
  const { controller, gateway } = parts;
  return {
    name: 'control-plane-metrics',
    metrics: require,
    init(ctx) {
      metrics = controlPlaneMetrics({
        controller: controller ? () => controller.controller() : undefined,
        fleet: gateway ? () => gateway.fleet() : undefined,
        now: () => ctx.clock.now(),
      });
    },
    routes: () => [
      defineRoute({
        method: 'GET',
        url: '/metrics',
        role: 'viewer',
        tag: 'meta',
        summary:
          'Prometheus exposition of the control plane: rollouts by phase, decisions, rollbacks and their times, ticks, leadership, remote gateways',
        response: z.string(),
        handler: async ({ reply }) => {
          const m = require();
          const body = await m.body();
          return reply.type(m.contentType).send(body);
        },
      }),
    ],
    start() {
      if (controller) detach = require().attach(controller.controller());
      return Promise.resolve();
    },
    stop() {
      detach?.();
      return Promise.resolve();
    },
  };
}
