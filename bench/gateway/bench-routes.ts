/** The routing table the benchmark serves: recsys, v1 stable / v2 canary at 5 %, sticky on x-user-id, all telemetry inputs. */
import type { RoutingSnapshot } from '../../src/gateway/index.js';

export function benchRoutes(stable: number, canary: number, canaryPercent = 5): RoutingSnapshot {
  const at = new Date().toISOString();
  const revisioned = { revision: 1, createdAt: at, updatedAt: at };
  const serving = (p: number) => ({
    backends: [{ url: `http://127.0.0.1:${p}`, weight: 1 }],
    timeoutMs: 5_000,
    passHeaders: [],
    headers: {},
    env: {},
    healthPath: '/healthz',
  });
  const release = (name: string, p: number, version: number) => ({
    ...revisioned,
    name,
    model: 'recsys',
    modelVersion: version,
    features: [{ name: 'encoder', version: `v${version + 3}` }],
    serving: serving(p),
    description: '',
    healthyBaseline: false,
    archived: false,
    marks: [],
    createdBy: 'bench',
  });

  return {
    revision: 1,
    models: [
      {
        ...revisioned,
        name: 'recsys',
        owner: 'bench',
        description: '',
        protocol: 'tfserving',
        predictionPath: '$.predictions[*].items',
        inputSchema: {
          fields: {
            user_id: { type: 'integer', required: true, nullable: false },
            age: { type: 'number', required: true, nullable: false },
            country: { type: 'string', required: true, nullable: false },
            recent: { type: 'array', required: false, nullable: true },
          },
        },
      },
    ],
    releases: [release('v1', stable, 1), release('v2', canary, 2)],
    policies: [
      {
        model: 'recsys',
        stable: 'v1',
        weights: [{ release: 'v2', weight: canaryPercent }],
        sticky: { source: 'header', key: 'x-user-id' },
        headerRoutes: [],
        regionHeader: 'x-region',
        regions: {},
        retryOnStable: true,
        revision: 1,
        updatedAt: at,
        updatedBy: 'bench',
      },
    ],
    flags: [],
  };
}
