import { TrafficPolicyInputSchema } from '../../registry/traffic-policy.js';
import { runTrafficRouterContract } from '../traffic-router.contract.js';
import { noopRouter } from './noop-router.js';

runTrafficRouterContract('noop', () => {
  let revision = 0;
  return Promise.resolve({
    subject: noopRouter(),
    commit: (model) => ({
      ...TrafficPolicyInputSchema.parse({ model, stable: `${model}-v1` }),
      revision: (revision += 1),
      updatedAt: new Date().toISOString(),
      updatedBy: 'test',
    }),
    close: () => Promise.resolve(),
  });
});
