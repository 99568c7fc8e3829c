import { TrafficPolicyInputSchema } from '../../registry/traffic-policy.js';
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import { runTrafficRouterContract } from '../traffic-router.contract.js';
import { gatewayRouter } from './gateway-router.js';
import { RoutingFleet } from './routing-fleet.js';

/** A fleet whose in-process gateway serves every commit at once; `lag` adds a remote one that does not. */
runTrafficRouterContract('gateway', () => {
  const fleet = new RoutingFleet(Date.now, 150);
  const revisions = new Map<string, number>();
  fleet.addLocal(
    () => ({ revision: undefined, policies: Object.fromEntries(revisions), failures: [] }),
    (model) => ({ revision: revisions.get(model), refused: undefined }),
  );
  return Promise.resolve({
    subject: gatewayRouter(fleet),
    commit(model): TrafficPolicy {
      const revision = (revisions.get(model) ?? 0) + 1;
      revisions.set(model, revision);
      fleet.changed();
      return {
        ...TrafficPolicyInputSchema.parse({ model, stable: `${model}-v1` }),
        revision,
        updatedAt: new Date().toISOString(),
        updatedBy: 'test',
      };
    },
    lag() {
      const id = fleet.connect('edge-1');
      const report = () =>
        fleet.report(id, { revision: undefined, policies: Object.fromEntries(revisions), failures: [] });
      report();
      return { laggard: 'edge-1', catchUp: report };
    },
    close: () => Promise.resolve(),
  });
});
