import { controllerPlugin } from './controller-plugin.js';
import type { ControllerPlugin, ControllerPluginOptions } from './controller-plugin.js';
import { gatewayPlugin } from './gateway-plugin.js';
import type { GatewayPlugin, GatewayPluginOptions } from './gateway-plugin.js';

/** What `ripcord up` runs in one process: gateway (data plane) and controller beside the API. */
export function standardPlugins(options: {
  gateway?: GatewayPluginOptions;
  controller?: Omit<ControllerPluginOptions, 'gateway'>;
}): { gateway: GatewayPlugin; controller: ControllerPlugin; list: [GatewayPlugin, ControllerPlugin] } {
  const gateway = gatewayPlugin(options.gateway);
  const controller = controllerPlugin({ ...options.controller, gateway });
  return { gateway, controller, list: [gateway, controller] };
}
