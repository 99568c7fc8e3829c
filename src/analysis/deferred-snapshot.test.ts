import { describe, expect, it } from 'vitest';

import { createJudge } from './create-judge.js';
import { DeferredSnapshot, snapshotValue } from './deferred-snapshot.js';
import { readSnapshot } from './judge-snapshot.js';

describe('DeferredSnapshot', () => {
  it('takes the snapshot only when read or serialized, once', () => {
    let taken = 0;
    const deferred = new DeferredSnapshot(() => ({ taken: ++taken }));
    expect(taken).toBe(0);
    expect(JSON.parse(JSON.stringify({ status: { judgeState: deferred } }))).toEqual({
      status: { judgeState: { taken: 1 } },
    });
    expect(deferred.value()).toEqual({ taken: 1 });
    expect(snapshotValue(deferred)).toEqual({ taken: 1 });
    expect(taken).toBe(1);
    expect(snapshotValue({ plain: true })).toEqual({ plain: true });
  });

  it("is read back as the judge's snapshot, and a judge resumes from it", () => {
    const judge = createJudge({ triggers: ['hard: error rate up > 50%'] });
    const deferred = new DeferredSnapshot(() => judge.snapshot());
    expect(readSnapshot(deferred)).toEqual(readSnapshot(judge.snapshot()));
    expect(createJudge({ triggers: ['hard: error rate up > 50%'] }, deferred).snapshot()).toEqual(
      judge.snapshot(),
    );
  });
});
