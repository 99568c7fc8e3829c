import { describe, expect, it } from 'vitest';
import { rollbackTrafficPolicy } from '../actions/executors/traffic/traffic-executor.js';
import { TrafficPolicyInputSchema } from '../registry/traffic-policy.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { desiredTraffic } from './desired-traffic.js';
import { RolloutSpecSchema } from './rollout-spec.js';
import type { RolloutDocument, RolloutStatus } from './rollout-state.js';

const current: TrafficPolicy = {
  ...TrafficPolicyInputSchema.parse({
    model: 'recsys',
    stable: 'recsys-v1',
    weights: [{ release: 'recsys-v2', weight: 20 }],
    headerRoutes: [
      { header: 'x-beta', value: 'on', release: 'recsys-v2' },
      { header: 'x-staff', value: 'on', release: 'recsys-v1' },
    ],
    mirror: { release: 'recsys-v2', percent: 10 },
    sticky: { source: 'header', key: 'x-user' },
  }),
  revision: 7,
  updatedAt: '2026-11-24T02:00:00Z',
  updatedBy: 'ripcord-controller',
};

function doc(status: Partial<RolloutStatus>): RolloutDocument {
  return {
    spec: RolloutSpecSchema.parse({
      name: 'recsys-v2',
      model: 'recsys',
      release: 'recsys-v2',
      canary: { steps: [{ setWeight: 20 }] },
      analysis: { triggers: ['hard: error rate > 5% for 1m'] },
    }),
    status: {
      phase: 'Progressing',
      message: '',
      stepIndex: 1,
      stage: 'promoting',
      stepStartedAt: 0,
      startedAt: 0,
      baseline: 'recsys-v1',
      rollbackTarget: { release: 'recsys-v0', reason: 'designated', explanation: '' },
      weight: 20,
      mirrorPercent: 0,
      regionWeights: {},
      intents: {},
      alerts: [],
      ...status,
    },
  };
}

describe('desired traffic', () => {
  it('during and after a rollback is exactly what the rollback plan writes', () => {
    const rollback = {
      eventId: 'rb_1',
      trigger: 'manual',
      reason: 'bad',
      target: 'recsys-v0',
      actor: 'oncall',
      role: 'canary' as const,
      firstBreachAt: 0,
      decidedAt: 0,
    };
    const expected = rollbackTrafficPolicy(current, {
      model: 'recsys',
      release: 'recsys-v2',
      target: 'recsys-v0',
    });
    for (const phase of ['RollingBack', 'RolledBack'] as const)
      expect(desiredTraffic(doc({ phase, rollback }), current)).toEqual(expected);
  });

  it('keeps the canary share while progressing', () => {
    expect(desiredTraffic(doc({}), current)).toMatchObject({
      stable: 'recsys-v1',
      weights: [{ release: 'recsys-v2', weight: 20 }],
    });
  });
});
