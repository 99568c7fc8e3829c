import { describe, expect, it } from 'vitest';

import { createRandom } from '../stats/index.js';
import { spanDue, spendCheckpoints, spentBy } from './checkpoint-spending.js';
import { freshState, readSnapshot, type TriggerState } from './judge-snapshot.js';
import { CHECKPOINTS } from './checkpoint-restart.js';
import { homogeneityP, spendable } from './judges/homogeneity.js';
import type { SpendableTest } from './judges/types.js';
import { ITEM_IDS } from '../telemetry/item-ids.js';
import { packCounts } from './packed-counts.js';

const START = Date.UTC(2026, 0, 1);

describe('level spent across looks and checkpoints', () => {
  it('spends 1/(j(j + 1)) at the j-th look 5 s apart, and at most 1 however often it looks', () => {
    const shares = [1, 2, 3, 4].map((j) => spentBy(j * 5000) - spentBy((j - 1) * 5000));
    shares.forEach((s, i) => expect(s).toBeCloseTo(1 / ((i + 1) * (i + 2)), 12));
    // Looks every second for three hours.
    let spent = 0;
    for (let t = 1; t <= 10_800; t++) spent += spentBy(t * 1000) - spentBy((t - 1) * 1000);
    expect(spent).toBeCloseTo(spentBy(10_800_000), 9);
    expect(spent).toBeLessThan(1);
  });

  it('takes the span since a checkpoint on a geometric grid: every second for 4 s, then each time it grew by a quarter', () => {
    const taken: number[] = [];
    let last = START;
    for (let t = 1; t <= 300; t++) {
      const now = START + t * 1000;
      if (spanDue(START, last, now)) {
        taken.push(t);
        last = now;
      }
    }
    expect(taken.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 7, 9, 12, 15, 19]);
    // ~4 + 4.5 ln(300 / 4) looks in 300 s, where every second took one before.
    expect(taken.length).toBeGreaterThan(18);
    expect(taken.length).toBeLessThan(26);
    for (let j = 5; j < taken.length; j++) {
      const grown = (taken[j]! - taken[j - 1]!) / taken[j - 1]!;
      expect(grown).toBeGreaterThanOrEqual(0.25);
      // Looks a second apart: the grid is met at the first look past it.
      expect(taken[j]! - taken[j - 1]!).toBeLessThanOrEqual(Math.ceil(0.25 * taken[j - 1]!));
    }
  });

  it("spends a span's skipped looks at the next look that takes it, so its shares still sum to at most 1", () => {
    const state = freshState('psi(plan) > 0.2');
    // p-values the test returns on each span, by the checkpoint start it covers (from its length).
    const levels = new Map<number, number>();
    let spanStart = 0;
    for (let t = 1; t <= 600; t++) {
      const now = START + t * 1000;
      const counts = [t, 2 * t];
      const test: SpendableTest = {
        labels: ['a', 'b'],
        candidate: counts,
        baseline: counts.map((x) => 19 * x),
        // p = 1 everywhere: the reading is then 1 / (the smallest level spent at this look).
        pValue: () => 1,
      };
      const before = (state.checkpoints ?? []).map((c) => ({ at: c.at, spentTo: c.spentTo }));
      spendCheckpoints(state, test, START, now);
      for (const c of state.checkpoints ?? []) {
        const prior = before.find((b) => b.at === c.at);
        if (c.spentTo !== now || !prior) continue;
        const last = prior.spentTo ?? now - 1000;
        const level = spentBy(now - c.at) - spentBy(Math.max(0, last - c.at));
        levels.set(c.at, (levels.get(c.at) ?? 0) + level);
        spanStart = c.at;
      }
    }
    expect(spanStart).toBeGreaterThan(START);
    // Each checkpoint's shares telescope: their sum is the spending function at its last look, < 1.
    for (const [at, total] of levels) {
      const kept = (state.checkpoints ?? []).find((c) => c.at === at);
      if (kept?.spentTo !== undefined) expect(total).toBeCloseTo(spentBy(kept.spentTo - at), 12);
      expect(total).toBeLessThan(1);
    }
    // A checkpoint minutes old is taken far less often than every look.
    const old = (state.checkpoints ?? []).filter((c) => START + 600_000 - c.at >= 120_000);
    expect(old.length).toBeGreaterThan(0);
    for (const c of old)
      expect(START + 600_000 - c.spentTo!).toBeLessThanOrEqual(0.25 * (c.spentTo! - c.at) + 1000);
  });

  it('counts a category first seen after a checkpoint in full on the span since it', () => {
    const state = freshState('js(plan) > 0.1');
    const seen: [number[], number[]][] = [];
    const test = (labels: string[], c: number[], b: number[]): SpendableTest => ({
      labels,
      candidate: c,
      baseline: b,
      pValue: (x, y) => {
        seen.push([Array.from(x), Array.from(y)]);
        return 1;
      },
    });
    spendCheckpoints(state, test(['free'], [10], [90]), START, START + 5000);
    seen.length = 0;
    spendCheckpoints(state, test(['free', 'team'], [12, 7], [100, 1]), START, START + 10_000);
    // The step's counts, then those since the checkpoint started at 5 s.
    expect(seen).toEqual([
      [
        [12, 7],
        [100, 1],
      ],
      [
        [2, 7],
        [10, 1],
      ],
    ]);
  });

  it('keeps its level over a step looked at every second (A/A, alpha 0.1, 150 steps of 5 minutes)', () => {
    const random = createRandom(11);
    const p = [0.3, 0.2, 0.15, 0.1, 0.08, 0.07, 0.05, 0.03, 0.01, 0.01];
    const alpha = 0.1;
    let spentRejects = 0;
    let naiveRejects = 0;
    for (let run = 0; run < 150; run++) {
      const state = freshState('psi(plan) > 0.2');
      const c = new Array<number>(p.length).fill(0);
      const b = new Array<number>(p.length).fill(0);
      let spentMin = 1;
      let naive = false;
      for (let t = 1; t <= 300; t++) {
        for (let i = 0; i < p.length; i++) {
          c[i]! += random.poisson(5 * p[i]!);
          b[i]! += random.poisson(95 * p[i]!);
        }
        const test: SpendableTest = {
          labels: p.map((_, i) => `v${i}`),
          candidate: [...c],
          baseline: [...b],
          pValue: homogeneityP,
        };
        spentMin = Math.min(spentMin, spendCheckpoints(state, test, START, START + t * 1000).pValue);
        naive ||= homogeneityP(c, b) <= alpha;
      }
      if (spentMin <= alpha) spentRejects++;
      if (naive) naiveRejects++;
    }
    expect(spentRejects / 150).toBeLessThanOrEqual(alpha);
    // The same test read at every look without spending: far above its level.
    expect(naiveRejects / 150).toBeGreaterThan(2 * alpha);
  });

  it('keeps a label at its position when a look that appended another is undone', () => {
    const state = freshState('js(plan) > 0.1');
    const seen: number[][] = [];
    const test = (labels: string[], c: number[], b: number[]): SpendableTest => ({
      labels,
      candidate: c,
      baseline: b,
      pValue: (x, y) => {
        seen.push([...Array.from(x), ...Array.from(y)]);
        return 1;
      },
    });
    spendCheckpoints(state, test(['free'], [10], [90]), START, START + 5000);
    // A look appends 'pro', then is undone (the judge restores the state's fields as they were).
    const undone = { ...state };
    spendCheckpoints(state, test(['free', 'pro'], [11, 1], [95, 2]), START, START + 6000);
    Object.assign(state, undone);
    expect(state.labels).toEqual(['free']);
    // The retried look brings 'team' first: it takes the place 'pro' had in the undone look.
    spendCheckpoints(state, test(['team', 'free'], [1, 11], [2, 95]), START, START + 6000);
    expect(state.labels).toEqual(['free', 'team']);
    seen.length = 0;
    spendCheckpoints(state, test(['pro', 'free', 'team'], [3, 12, 1], [4, 100, 2]), START, START + 10_000);
    expect(state.labels).toEqual(['free', 'team', 'pro']);
    // The step, then the span since the checkpoint at 5 s (free 10 / 90 then, nothing else).
    expect(seen).toEqual([
      [3, 12, 1, 4, 100, 2],
      [3, 2, 1, 4, 10, 2],
    ]);
  });

  it("tests the step's own counts once a look, for the reading and the spending alike", () => {
    const state = freshState('psi(plan) > 0.2');
    let tests = 0;
    const test = spendable({ labels: ['a', 'b'], candidate: [10, 2], baseline: [50, 60] }, (c, b) => {
      tests++;
      return homogeneityP(c, b);
    });
    const reading = test.pValue(test.candidate, test.baseline);
    const spent = spendCheckpoints(state, test, START, START + 1000);
    expect(tests).toBe(1);
    expect(spent.pValue).toBe(Math.min(1, reading / (CHECKPOINTS.weight(0) * spentBy(1000))));
  });

  it('matches items by their ids, reading no labels, at the positions labels would give them', () => {
    interface Item {
      item: string;
      id: number;
    }
    const [free, team, pro] = ['spend-free', 'spend-team', 'spend-pro'].map((item): Item => {
      const ids = ITEM_IDS.encode([item]);
      return { item, id: ArrayBuffer.isView(ids) ? ids[0]! : -1 };
    });
    const seen: number[][] = [];
    let named = 0;
    const look = (items: Item[], c: number[], b: number[], byId: boolean): SpendableTest => ({
      get labels() {
        named++;
        return items.map((x) => x.item);
      },
      ids: byId ? items.map((x) => x.id) : undefined,
      candidate: c,
      baseline: b,
      pValue: (x, y) => {
        seen.push([...Array.from(x), ...Array.from(y)]);
        return 1;
      },
    });
    const looks = (byId: (look: number) => boolean): { seen: number[][]; named: number } => {
      const state = freshState('diversity');
      seen.length = 0;
      named = 0;
      spendCheckpoints(state, look([free!], [10], [90], byId(0)), START, START + 5000);
      spendCheckpoints(state, look([free!], [11], [95], byId(1)), START, START + 6000);
      spendCheckpoints(state, look([team!, free!], [1, 12], [2, 99], byId(2)), START, START + 7000);
      spendCheckpoints(
        state,
        look([pro!, free!, team!], [3, 13, 1], [4, 100, 2], byId(3)),
        START,
        START + 10_000,
      );
      spendCheckpoints(
        state,
        look([team!, pro!, free!], [2, 3, 14], [3, 4, 101], byId(4)),
        START,
        START + 11_000,
      );
      return { seen: [...seen], named };
    };
    const labelled = looks(() => false);
    // By ids no look reads the test's labels (a new item is named from the id table).
    const ids = looks(() => true);
    expect(ids.named).toBe(0);
    expect(ids.seen).toEqual(labelled.seen);
    // Looks by label and by id mixed on one state give every item one position.
    expect(looks((i) => i % 2 === 0).seen).toEqual(labelled.seen);
    expect(looks((i) => i % 2 === 1).seen).toEqual(labelled.seen);
  });

  it("gives a homogeneity test's span since a checkpoint only the categories either arm saw there", () => {
    const state = freshState('psi(plan) > 0.2');
    const seen: number[][] = [];
    const look = (c: number[], b: number[]): SpendableTest => {
      const test = spendable({ labels: ['a', 'b', 'c', 'd'], candidate: c, baseline: b }, homogeneityP);
      return {
        ...test,
        labels: test.labels,
        pValue: (x, y) => {
          seen.push([...Array.from(x), ...Array.from(y)]);
          return test.pValue(x, y);
        },
      };
    };
    spendCheckpoints(state, look([5, 0, 3, 1], [50, 2, 30, 9]), START, START + 5000);
    seen.length = 0;
    const spent = spendCheckpoints(state, look([6, 0, 3, 4], [60, 3, 30, 9]), START, START + 10_000);
    // The step's counts, then those since 5 s: a, b and d moved there, c on neither arm.
    expect(seen).toEqual([
      [6, 0, 3, 4, 60, 3, 30, 9],
      [1, 0, 3, 10, 1, 0],
    ]);
    // The same p-value as on every category: the test drops the empty ones itself.
    expect(homogeneityP([1, 0, 0, 3], [10, 1, 0, 0])).toBe(homogeneityP([1, 0, 3], [10, 1, 0]));
    expect(spent.pValue).toBeGreaterThan(0);
  });

  it('holds a mark as packed counts: a byte for each count below 32 on either arm', () => {
    const state = freshState('diversity');
    const labels = Array.from({ length: 2000 }, (_, i) => `mark-item-${i}`);
    const look = (scale: number): SpendableTest => ({
      labels,
      candidate: labels.map((_, i) => Math.floor((scale * 30) / (i + 1))),
      baseline: labels.map((_, i) => Math.floor((scale * 500) / (i + 1))),
      seenOnly: true,
      pValue: homogeneityP,
    });
    spendCheckpoints(state, look(1), START, START + 5000);
    spendCheckpoints(state, look(2), START, START + 10_000);
    const marks = (state.checkpoints ?? []).map((c) => c.mark);
    expect(marks).toHaveLength(2);
    for (const mark of marks) {
      expect(typeof mark).toBe('string');
      // 4,000 counts, nearly all below 32: ~4 kB, where 4,000 array slots took 32 kB.
      expect(mark.length).toBeLessThan(4300);
    }
  });

  it('reads the same on a random sequence of looks as marks kept as plain arrays, and after a JSON round trip', () => {
    const random = createRandom(7);
    const items = Array.from({ length: 60 }, (_, i) => `random-item-${i}`);
    const c = new Map<string, number>();
    const b = new Map<string, number>();
    const packed = freshState('diversity');
    // The representation before: each new mark an array of both arms' counts by label position.
    const plain = freshState('diversity');
    let restored: TriggerState | undefined;
    for (let t = 1; t <= 400; t++) {
      // Items arrive over time (new labels), some counts fall (a sketch pruning), rarely one is
      // not whole (a telemetry fault: that mark stays an array), and a few grow past 32 and 1,024.
      for (const item of items.slice(0, 5 + Math.floor(t / 8))) {
        c.set(item, (c.get(item) ?? 0) + random.poisson(item.endsWith('1') ? 40 : 0.3));
        b.set(item, (b.get(item) ?? 0) + random.poisson(item.endsWith('2') ? 600 : 3));
        if (random.bernoulli(0.01)) c.set(item, Math.floor(c.get(item)! / 2));
      }
      const shown = items.filter((item) => c.has(item) && random.bernoulli(0.9)).reverse();
      const candidate = shown.map((item) => c.get(item)!);
      const baseline = shown.map((item) => b.get(item)!);
      if (random.bernoulli(0.01)) candidate[0] = 2.5;
      const test: SpendableTest = {
        labels: shown,
        candidate,
        baseline,
        seenOnly: t % 3 !== 0,
        pValue: homogeneityP,
      };
      const now = START + t * 1000;
      const reading = spendCheckpoints(packed, test, START, now);
      expect(spendCheckpoints(plain, test, START, now), `look ${t}`).toEqual(reading);
      const started = plain.checkpoints?.at(-1);
      if (started?.at === now) started.mark = arrayMark(plain.labels!, test);
      if (restored)
        expect(spendCheckpoints(restored, test, START, now), `restored, look ${t}`).toEqual(reading);
      if (t === 150) {
        const json = JSON.parse(JSON.stringify({ version: 1, since: START, triggers: [packed] })) as unknown;
        restored = readSnapshot(json).triggers[0];
      }
    }
    const marks = packed.checkpoints!.map((m) => m.mark);
    expect(marks.filter((m) => typeof m === 'string').length).toBeGreaterThan(6);
    expect(marks.filter((m) => typeof m !== 'string')).toEqual(
      marks.filter((m) => typeof m !== 'string' && packCounts(m) === undefined),
    );
  });
});

/** A mark as the judge built it before marks were packed: both arms' counts at each label's position. */
function arrayMark(labels: readonly string[], test: SpendableTest): number[] {
  const counts = new Array<number>(2 * labels.length).fill(0);
  test.labels.forEach((label, j) => {
    const i = labels.indexOf(label);
    counts[2 * i] = test.candidate[j]!;
    counts[2 * i + 1] = test.baseline[j]!;
  });
  return counts;
}
