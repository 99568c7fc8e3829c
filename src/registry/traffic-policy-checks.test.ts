import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import {
  checkCanaryWeightTotals,
  checkPolicyRelease,
  checkStableFlags,
  parseTrafficPolicy,
  policyReleaseRefs,
  policySpecOf,
} from './traffic-policy-checks.js';

const spec = parseTrafficPolicy({
  model: 'recsys',
  stable: 'v1',
  weights: [{ release: 'v2', weight: 10 }],
  headerRoutes: [{ header: 'x-beta', value: 'yes', release: 'v3' }],
  regions: { eu: [{ release: 'v4', weight: 50 }] },
  mirror: { release: 'v5', percent: 10 },
});

describe('traffic policy checks', () => {
  it('lists every release the policy names, with the field that names it', () => {
    expect(policyReleaseRefs(spec)).toEqual([
      { field: 'stable', release: 'v1' },
      { field: 'weights[0].release', release: 'v2' },
      { field: 'headerRoutes[0].release', release: 'v3' },
      { field: 'regions.eu[0].release', release: 'v4' },
      { field: 'mirror.release', release: 'v5' },
    ]);
  });

  it('refuses a release that does not exist or serves another model, naming the field', () => {
    const ref = { field: 'weights[0].release', release: 'v2' };
    expect(() => checkPolicyRelease(ref, undefined, 'recsys')).toThrow(
      /weights\[0\]\.release: release "v2" does not exist/,
    );
    expect(() => checkPolicyRelease(ref, 'search', 'recsys')).toThrow(/serves model "search", not "recsys"/);
    expect(() => checkPolicyRelease(ref, 'recsys', 'recsys')).not.toThrow();
  });

  it('refuses canary weights above 100 % overall or in a region', () => {
    const over = parseTrafficPolicy({
      model: 'recsys',
      stable: 'v1',
      regions: {
        eu: [
          { release: 'v2', weight: 60 },
          { release: 'v3', weight: 40.01 },
        ],
      },
    });
    expect(() => checkCanaryWeightTotals(over)).toThrow(
      expect.objectContaining({ field: 'regions.eu', message: expect.stringMatching(/add up to 100.01 %/) }),
    );
    expect(() => checkCanaryWeightTotals(spec)).not.toThrow();
  });

  it('refuses a stable release that serves a disabled flag, naming the flag and the fix', () => {
    expect(() => checkStableFlags(spec, ['item-encoder@5'])).toThrow(ValidationError);
    expect(() => checkStableFlags(spec, ['item-encoder@5'])).toThrow(/PUT \/api\/v1\/flags\/item-encoder@5/);
    expect(() => checkStableFlags(spec, [])).not.toThrow();
  });

  it('compares policies without undefined keys or the registry bookkeeping', () => {
    expect(Object.keys(parseTrafficPolicy({ model: 'm', stable: 's', mirror: undefined }))).not.toContain(
      'mirror',
    );
    const stored = { ...spec, revision: 3, updatedAt: 'now', updatedBy: 'alice' };
    expect(policySpecOf(stored)).toEqual(spec);
  });
});
