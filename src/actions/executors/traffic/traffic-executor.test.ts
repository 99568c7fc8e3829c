import { describe, expect, it } from 'vitest';
import {
  TrafficPolicyInputSchema,
  type TrafficPolicy,
  type TrafficPolicyInput,
} from '../../../registry/traffic-policy.js';
import { rollbackTrafficPolicy, trafficViolation } from './traffic-executor.js';

const pulled = { model: 'recsys', release: 'v2', target: 'v1' };

function stored(input: TrafficPolicyInput): TrafficPolicy {
  return {
    ...TrafficPolicyInputSchema.parse(input),
    revision: 3,
    updatedAt: '2026-01-01T00:00:00Z',
    updatedBy: 'alice',
  };
}

describe('rollbackTrafficPolicy', () => {
  it('creates a policy on the target when there is none', () => {
    expect(rollbackTrafficPolicy(undefined, pulled)).toEqual({ model: 'recsys', stable: 'v1' });
  });

  it.each([
    [
      'a fallback to the pulled release keeps only its static answer',
      { release: 'v2', static: { status: 200, body: [] } },
      { static: { status: 200, body: [] } },
    ],
    ['a fallback to the pulled release alone is dropped', { release: 'v2' }, undefined],
    ['another fallback is kept', { release: 'v0' }, { release: 'v0' }],
  ])('%s', (_name, fallback, expected) => {
    const next = rollbackTrafficPolicy(stored({ model: 'recsys', stable: 'v2', fallback }), pulled);
    expect(next.fallback).toEqual(expected);
    expect('fallback' in next).toBe(expected !== undefined);
  });

  it('keeps header routes and mirrors to other releases, and is a fixed point', () => {
    const current = stored({
      model: 'recsys',
      stable: 'v1',
      weights: [{ release: 'v2', weight: 5 }],
      headerRoutes: [
        { header: 'x-pin', value: 'v2', release: 'v2' },
        { header: 'x-pin', value: 'v3', release: 'v3' },
      ],
      mirror: { release: 'v3', percent: 5 },
    });
    const next = rollbackTrafficPolicy(current, pulled);
    expect(next.headerRoutes).toEqual([{ header: 'x-pin', value: 'v3', release: 'v3' }]);
    expect(next.mirror).toMatchObject({ release: 'v3' });
    const applied = stored(next);
    expect(trafficViolation(applied, pulled)).toBeUndefined();
    expect(TrafficPolicyInputSchema.parse(rollbackTrafficPolicy(applied, pulled))).toEqual(
      TrafficPolicyInputSchema.parse(next),
    );
  });

  it('says what still sends traffic elsewhere', () => {
    expect(trafficViolation(undefined, pulled)).toBe('no traffic policy');
    expect(trafficViolation(stored({ model: 'recsys', stable: 'v2' }), pulled)).toBe(
      'stable release is v2, not v1',
    );
    expect(
      trafficViolation(
        stored({ model: 'recsys', stable: 'v1', regions: { eu: [{ release: 'v2', weight: 1 }] } }),
        pulled,
      ),
    ).toBe('v2 still has 1 %');
  });
});
