import { controllerPlugin } from './controller-plugin.js';
import type { ControllerPlugin, ControllerPluginOptions } from './controller-plugin.js';
import { controlPlaneMetricsPlugin } from './control-plane-metrics-plugin.js';
import type { ControlPlaneMetricsPlugin } from './control-plane-metrics-plugin.js';
import { gatewayPlugin } from './gateway-plugin.js';
import type { GatewayPlugin, GatewayPluginOptions } from './gateway-plugin.js';

/** What `ripcord up` runs in one process: gateway (data plane) and controller beside the API. */
export function standardPlugins(options: {
  gateway?: GatewayPluginOptions;
  controller?: Omit<ControllerPluginOptions, 'gateway'>;
}): {
  gateway: GatewayPlugin;
  controller: ControllerPlugin;
  metrics: ControlPlaneMetricsPlugin;
  list: [GatewayPlugin, ControllerPlugin, ControlPlaneMetricsPlugin];
} {
  const gateway = gatewayPlugin(options.gateway);
  const controller = controllerPlugin({ ...options.controller, gateway });
  const metrics = controlPlaneMetricsPlugin({ controller, gateway });
  return { gateway, controller, metrics, list: [gateway, controller, metrics] };
}
