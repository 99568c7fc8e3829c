/**
 * The recommender's catalogue: item popularity follows a Zipf law, and each user gets a stable
 * set of items drawn from it (seeded by the user id), the way a real recommender concentrates
 * on popular items while still personalising. The exponent is tuned so the normalized entropy
 * of the top recommendation over a few thousand users is about 0.73 (catalogue.test.ts).
 */
import { createRandom, hashString, type Random } from './random.js';

export interface Recommendation {
  items: string[];
  scores: number[];
}

export interface CatalogueOptions {
  /** Number of items. @default 500 */
  size?: number;
  /** Zipf exponent of item popularity. @default 1.05 */
  exponent?: number;
  /** Items per recommendation. @default 5 */
  k?: number;
}

/** Marks the drifted variant: which slots rotate and by how much scores move. */
export interface DriftShape {
  /** Catalogue rotation applied to every recommended item (0 = none). */
  itemShift: number;
  /** Relative score change, e.g. -0.3 lowers every score by 30 %. */
  scoreShift: number;
}

export class Catalogue {
  readonly size: number;
  readonly k: number;
  private readonly cdf: Float64Array;

  constructor(options: CatalogueOptions = {}) {
    this.size = options.size ?? 500;
    this.k = options.k ?? 5;
    const exponent = options.exponent ?? 1.05;
    if (!(this.size >= this.k))
      throw new RangeError(`catalogue size ${this.size} must be at least k=${this.k}`);
    const weights = Array.from({ length: this.size }, (_, i) => 1 / (i + 1) ** exponent);
    const total = weights.reduce((a, b) => a + b, 0);
    this.cdf = new Float64Array(this.size);
    let acc = 0;
    weights.forEach((w, i) => {
      acc += w / total;
      this.cdf[i] = acc;
    });
    this.cdf[this.size - 1] = 1;
  }

  itemId(index: number): string {
    return `item-${String(index + 1).padStart(3, '0')}`;
  }

  /**
   * The user's recommendation: the same user always gets the same items. `variation` is the
   * share of users whose last slot differs (a newer model version that mostly agrees).
   */
  recommend(userKey: string, variation = 0, drift?: DriftShape): Recommendation {
    const random = createRandom(hashString(userKey));
    const picked = this.drawDistinct(random, this.k);
    if (variation > 0 && hashString(userKey, 0x9e3779b9) / 4294967296 < variation) {
      const extra = this.drawDistinct(random, this.k + 1, picked);
      picked[this.k - 1] = extra[this.k] ?? picked[this.k - 1]!;
    }
    const indices = drift ? picked.map((i) => (i + drift.itemShift) % this.size) : picked;
    return {
      items: indices.map((i) => this.itemId(i)),
      scores: this.scores(random, drift?.scoreShift ?? 0),
    };
  }

  /** What everyone gets when the model collapses, and what a user without an id gets: the top items. */
  popular(): Recommendation {
    return {
      items: Array.from({ length: this.k }, (_, i) => this.itemId(i)),
      scores: Array.from({ length: this.k }, (_, i) => round(0.9 * 0.82 ** i)),
    };
  }

  private drawOne(random: Random): number {
    const u = random();
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Weighted sampling without replacement; the first drawn is the top recommendation. */
  private drawDistinct(random: Random, count: number, start: number[] = []): number[] {
    const picked = [...start];
    const seen = new Set(picked);
    while (picked.length < count) {
      const index = this.drawOne(random);
      if (seen.has(index)) continue;
      seen.add(index);
      picked.push(index);
    }
    return picked;
  }

  /** Strictly decreasing scores in (0, 1): each slot is 0.74-0.82 of the previous one. */
  private scores(random: Random, shift: number): number[] {
    return Array.from({ length: this.k }, (_, i) =>
      round(0.95 * 0.82 ** i * (0.9 + 0.1 * random()) * (1 + shift)),
    );
  }
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
