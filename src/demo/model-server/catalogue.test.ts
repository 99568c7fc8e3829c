import { describe, expect, it } from 'vitest';
import { normalizedEntropy } from '../../telemetry/diversity.js';
import { Catalogue } from './catalogue.js';
import { createRandom } from './random.js';

function topItemEntropy(catalogue: Catalogue, users: number, seed = 7): number {
  const random = createRandom(seed);
  const counts = new Map<string, number>();
  for (let i = 0; i < users; i++) {
    const top = catalogue.recommend(`u${Math.floor(random() * 100_000)}`).items[0]!;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return normalizedEntropy(counts);
}

describe('Catalogue', () => {
  it('gives a user the same five distinct items every time, scores strictly decreasing', () => {
    const catalogue = new Catalogue();
    const a = catalogue.recommend('u42');
    expect(catalogue.recommend('u42')).toEqual(a);
    expect(new Set(a.items).size).toBe(5);
    for (let i = 1; i < a.scores.length; i++) expect(a.scores[i]!).toBeLessThan(a.scores[i - 1]!);
    expect(catalogue.recommend('u43')).not.toEqual(a);
  });

  it('has a normalized entropy of the top recommendation of about 0.73 over 5,000 users', () => {
    const entropy = topItemEntropy(new Catalogue(), 5_000);
    expect(entropy).toBeGreaterThan(0.71);
    expect(entropy).toBeLessThan(0.75);
    // Flatter popularity reads as more diverse: the measure responds to the exponent.
    expect(topItemEntropy(new Catalogue({ exponent: 0.6 }), 5_000)).toBeGreaterThan(0.9);
  });

  it('varies the last slot for about the configured share of users and never the top item', () => {
    const catalogue = new Catalogue();
    let differing = 0;
    for (let i = 0; i < 2_000; i++) {
      const v1 = catalogue.recommend(`u${i}`);
      const v2 = catalogue.recommend(`u${i}`, 0.1);
      expect(v2.items.slice(0, 4)).toEqual(v1.items.slice(0, 4));
      if (v2.items[4] !== v1.items[4]) differing++;
    }
    expect(differing / 2_000).toBeGreaterThan(0.08);
    expect(differing / 2_000).toBeLessThan(0.12);
  });

  it('rotates items and shifts scores for a drifted recommendation', () => {
    const catalogue = new Catalogue();
    const normal = catalogue.recommend('u7');
    const drifted = catalogue.recommend('u7', 0, { itemShift: 37, scoreShift: -0.3 });
    expect(drifted.items.filter((item) => normal.items.includes(item)).length).toBeLessThan(5);
    expect(drifted.scores[0]!).toBeCloseTo(normal.scores[0]! * 0.7, 3);
  });

  it('refuses a catalogue smaller than k', () => {
    expect(() => new Catalogue({ size: 3 })).toThrow(/at least k=5/);
  });
});
