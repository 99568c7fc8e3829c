import { describe, expect, it } from 'vitest';
import type { TrafficRouter, TrafficRouterCapabilities } from '../traffic/traffic-router.js';
import { requireRouterCapabilities, trafficFeaturesOf } from './router-capabilities.js';
import { RolloutSpecSchema } from './rollout-spec.js';
import type { RolloutSpecInput } from './rollout-spec.js';

const ALL: TrafficRouterCapabilities = {
  weights: true,
  regions: true,
  headerRoutes: true,
  mirror: true,
  sticky: true,
};
const router = (missing: Partial<TrafficRouterCapabilities> = {}): TrafficRouter => ({
  name: 'mesh',
  capabilities: { ...ALL, ...missing },
  apply: () => Promise.resolve(),
  applied: () => Promise.resolve(),
});
const spec = (over: Partial<RolloutSpecInput>) =>
  RolloutSpecSchema.parse({
    name: 'recsys-v2',
    model: 'recsys',
    release: 'recsys-v2-enc5',
    analysis: { triggers: ['hard: error rate > 5% for 1m'] },
    ...over,
  });

describe('router capabilities', () => {
  const canary = spec({
    canary: {
      steps: [
        { setWeight: 5 },
        { setMirror: { percent: 10 } },
        { setHeaderRoute: { header: 'x-beta', value: 'on' } },
        { setRegionWeight: { region: 'eu', weight: 5 } },
      ],
    },
  });

  it('names each feature a rollout will write with the field that asks for it', () => {
    expect(Object.fromEntries(trafficFeaturesOf(canary))).toEqual({
      weights: 'canary.steps[0].setWeight',
      mirror: 'canary.steps[1].setMirror',
      headerRoutes: 'canary.steps[2].setHeaderRoute',
      regions: 'canary.steps[3].setRegionWeight',
    });
    expect(Object.fromEntries(trafficFeaturesOf(spec({ shadow: {} })))).toEqual({ mirror: 'shadow' });
    expect(trafficFeaturesOf(spec({ blueGreen: {} })).size).toBe(0);
  });

  it('accepts a rollout the router can express, and any rollout without a router', () => {
    expect(() => requireRouterCapabilities(canary, router())).not.toThrow();
    expect(() => requireRouterCapabilities(canary, undefined)).not.toThrow();
  });

  it('refuses one that needs a feature the router lacks, naming the field and the router', () => {
    expect(() => requireRouterCapabilities(canary, router({ mirror: false }))).toThrow(
      expect.objectContaining({
        code: 'validation',
        field: 'canary.steps[1].setMirror',
        message: expect.stringMatching(
          /^canary\.steps\[1\]\.setMirror: the mesh traffic router cannot express mirror/,
        ),
      }),
    );
    expect(() => requireRouterCapabilities(spec({ shadow: {} }), router({ mirror: false }))).toThrow(
      /^shadow: /,
    );
  });
});
