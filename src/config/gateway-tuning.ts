/** The gateway options the `gateway:` section sets, in the shape createGateway takes. */
import type { GatewayTuning } from '../server/gateway-plugin.js';
import type { RipcordConfig } from './config-schema.js';

export function gatewayTuning(config: RipcordConfig): GatewayTuning {
  const { limits, breaker, pool, inspection, samples, jsonPathPrefix, feedbackCapacity } = config.gateway;
  return {
    limits: { ...limits },
    breaker: { ...breaker },
    pool: { ...pool },
    inspection: { ...inspection },
    jsonPathPrefix,
    feedbackCapacity,
    telemetryOptions: {
      samples: {
        rate: samples.rate,
        capacity: samples.capacity,
        redactHeaders: samples.redactHeaders,
        redactKeys: samples.redactKeys,
        redactPaths: samples.redactPaths,
        redactQueryKeys: samples.redactQueryKeys,
      },
    },
  };
}
