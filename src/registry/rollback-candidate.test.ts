import { describe, expect, it } from 'vitest';
import { chooseRollbackCandidate } from './rollback-candidate.js';
import type { RollbackFacts } from './rollback-candidate.js';
import type { AliasMove, Release, ReleaseMark } from './types.js';

function release(name: string, extra: Partial<Release> = {}): Release {
  return {
    name,
    model: 'recsys',
    modelVersion: 1,
    features: [],
    serving: { backends: [{ url: 'http://127.0.0.1:9101', weight: 1 }] } as Release['serving'],
    description: '',
    healthyBaseline: false,
    archived: false,
    marks: [],
    revision: 1,
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
    createdBy: 'alice',
    ...extra,
  };
}
const move = (to: string, at: string): AliasMove => ({
  alias: 'production',
  from: null,
  to,
  actor: 'a',
  reason: '',
  at,
});
const rolledBack: ReleaseMark = {
  kind: 'rolled-back',
  eventId: 'e',
  at: '',
  trigger: '',
  reason: '',
  role: 'production',
};
const facts = (extra: Partial<RollbackFacts>): RollbackFacts => ({
  model: 'recsys',
  pulled: 'v3',
  lastKnownGood: undefined,
  releases: [release('v1'), release('v2'), release('v3')],
  productionMoves: [move('v1', 't1'), move('v2', 't2'), move('v3', 't3')],
  ...extra,
});

describe('choosing where a rollback goes', () => {
  it('prefers the designated last-known-good release', () => {
    expect(chooseRollbackCandidate(facts({ lastKnownGood: 'v1' }))).toMatchObject({
      release: 'v1',
      reason: 'designated',
    });
  });

  it('never answers with the pulled release, even when it is last-known-good', () => {
    expect(chooseRollbackCandidate(facts({ lastKnownGood: 'v3' }))).toMatchObject({
      release: 'v2',
      reason: 'previous-production',
    });
  });

  it('then takes the newest healthy baseline that was never rolled back', () => {
    const releases = [
      release('v1', { healthyBaseline: true }),
      release('v2', { healthyBaseline: true, marks: [rolledBack] }),
      release('v3'),
    ];
    expect(chooseRollbackCandidate(facts({ releases }))).toMatchObject({
      release: 'v1',
      reason: 'healthy-baseline',
    });
  });

  it('then the newest earlier production release, skipping rolled-back ones', () => {
    const releases = [release('v1'), release('v2', { marks: [rolledBack] }), release('v3')];
    expect(chooseRollbackCandidate(facts({ releases }))).toMatchObject({
      release: 'v1',
      reason: 'previous-production',
      explanation: expect.stringContaining('since t1'),
    });
  });

  it('says there is none, naming the pulled release and the fix', () => {
    const answer = chooseRollbackCandidate(facts({ productionMoves: [move('v3', 't3')] }));
    expect(answer.release).toBeNull();
    expect(answer.explanation).toMatch(
      /other than "v3"; designate one with `ripcord alias set recsys last-known-good RELEASE`/,
    );
  });
});
