import { describe, expect, it } from 'vitest';
import { checkRevision, lostRevisionRace } from './revision-checks.js';

describe('revision checks', () => {
  it('refuses a stale expected revision with the current one, and allows an unconditional write', () => {
    expect(() => checkRevision('alias', 'recsys/production', 3, 2)).toThrow(
      expect.objectContaining({
        details: { kind: 'alias', id: 'recsys/production', currentRevision: 3, expectedRevision: 2 },
      }),
    );
    expect(() => checkRevision('alias', 'recsys/production', 3, undefined)).not.toThrow();
  });

  it('reports a lost compare-and-set with the winner revision when it is known', () => {
    expect(lostRevisionRace('flag', 'k', 1, 2).details).toEqual({
      kind: 'flag',
      id: 'k',
      currentRevision: 2,
      expectedRevision: 1,
    });
    expect(lostRevisionRace('flag', 'k', 1).message).toMatch(/changed concurrently \(expected revision 1\)/);
  });
});
