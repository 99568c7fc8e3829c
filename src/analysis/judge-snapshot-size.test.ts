import { describe, expect, it } from 'vitest';

import { createRandom } from '../stats/random.js';
import { createJudge } from './create-judge.js';
import { judgeNow } from './judge-look.js';
import { COLLAPSED, HEALTHY, ItemStreams, START } from './judges/item-streams.test-support.js';

const TRIGGERS = ['hard: prediction diversity down > 20%'];

/** A 5 % canary of 1,000 predictions a second over a 500-item catalogue, looked at every 5 s. */
function run(
  judge: ReturnType<typeof createJudge>,
  reader: ItemStreams,
  from: number,
  to: number,
  candidate: readonly number[],
) {
  const random = createRandom(from);
  for (let t = from; t <= to; t++) {
    reader.record('v1', HEALTHY, 950, random);
    reader.record('v2', candidate, 50, random);
    if (t % 5 !== 0) continue;
    const d = judgeNow(judge, {
      reader,
      model: 'recsys',
      candidate: 'v2',
      baseline: 'v1',
      candidateShare: 0.05,
      now: START + t * 1000,
      since: START,
    });
    if (d.verdict === 'ROLLBACK_IMMEDIATELY') return t;
  }
  return undefined;
}

describe('the judge state the controller writes on every pass', () => {
  it("leaves out a data trigger's per-item checkpoint counts, and a judge restored from it still catches a collapse", () => {
    const reader = new ItemStreams();
    const judge = createJudge({ triggers: TRIGGERS });
    expect(run(judge, reader, 1, 300, HEALTHY)).toBeUndefined();
    const written = JSON.stringify(judge.snapshot());
    const full = JSON.stringify(judge.snapshot({ full: true }));
    // Twelve checkpoints × two arms × ~500 items in full; a few hundred bytes a trigger without.
    expect(full.length).toBeGreaterThan(20_000);
    expect(written.length).toBeLessThan(3_000);
    // A controller that took over from the written state: valid (fresh checkpoints), still quick.
    const restored = createJudge({ triggers: TRIGGERS }, JSON.parse(written));
    const caught = run(restored, reader, 301, 400, COLLAPSED);
    expect(caught).toBeDefined();
    expect(caught! - 300).toBeLessThanOrEqual(15);
  });

  it('writes the checkpoint counts of a full snapshot as packed strings, and a judge read back from its JSON looks the same', () => {
    const reader = new ItemStreams();
    const first = createJudge({ triggers: TRIGGERS });
    expect(run(first, reader, 1, 200, HEALTHY)).toBeUndefined();
    const full = first.snapshot({ full: true });
    const marks = full.triggers.flatMap((t) => (t.checkpoints ?? []).map((c) => c.mark));
    expect(marks.length).toBeGreaterThan(6);
    for (const mark of marks) expect(typeof mark).toBe('string');
    const second = createJudge({ triggers: TRIGGERS }, JSON.parse(JSON.stringify(full)));
    const random = createRandom(201);
    let readings = 0;
    for (let t = 201; t <= 300; t++) {
      reader.record('v1', HEALTHY, 950, random);
      reader.record('v2', t < 250 ? HEALTHY : COLLAPSED, 50, random);
      if (t % 5 !== 0) continue;
      const look = {
        reader,
        model: 'recsys',
        candidate: 'v2',
        baseline: 'v1',
        candidateShare: 0.05,
        now: START + t * 1000,
        since: START,
      };
      const expected = judgeNow(first, look);
      expect(judgeNow(second, look), `look at ${t} s`).toEqual(expected);
      readings += expected.readings.length;
    }
    expect(readings).toBe(20);
  });
});
