/**
 * Running always-valid p-value over an e-process (mSPRT Lambda, counting-process e-value):
 * p_n = min(p_{n−1}, 1/E_n), i.e. 1/max E so far, plus the running intersection of the
 * confidence sequences. By Ville's inequality P(ever p_n ≤ alpha) ≤ alpha under the null, so it
 * may be checked after every observation. Serializes to plain JSON so a restarted controller
 * resumes with the evidence it had.
 */
import { StatsInputError, requireOpenUnit } from './stats-input-error.js';

/** One look: pass an mSPRT result, a counting-process result, or a bare log e-value. */
export interface EvidenceLook {
  logE?: number;
  logLambda?: number;
  logEValue?: number;
  confidenceSequence?: [number, number];
}

/** JSON form; infinite bounds are written as null (JSON has no Infinity). */
export interface AlwaysValidPValueJSON {
  alpha: number;
  pValue: number;
  maxLogE: number;
  looks: number;
  confidenceSequence: [number | null, number | null];
}

export class AlwaysValidPValue {
  readonly alpha: number;
  #maxLogE = 0;
  #looks = 0;
  #lower = Number.NEGATIVE_INFINITY;
  #upper = Number.POSITIVE_INFINITY;

  constructor(options: { alpha: number }) {
    requireOpenUnit('alpha', options.alpha);
    this.alpha = options.alpha;
  }

  /** Feeds one look and returns the running p-value. */
  observe(look: EvidenceLook): number {
    const logE = look.logE ?? look.logLambda ?? look.logEValue;
    if (logE === undefined || Number.isNaN(logE)) {
      throw new StatsInputError('look.logE', 'pass logE, logLambda or logEValue (a number)');
    }
    this.#looks++;
    // An infinite e-value (an event impossible under the null) is kept as the largest finite one.
    if (logE > this.#maxLogE) this.#maxLogE = Math.min(logE, Number.MAX_VALUE);
    const cs = look.confidenceSequence;
    if (cs) {
      // Intersecting keeps the coverage guarantee (all sequences hold at once with prob. 1 − alpha).
      this.#lower = Math.max(this.#lower, cs[0]);
      this.#upper = Math.min(this.#upper, cs[1]);
    }
    return this.pValue;
  }

  get pValue(): number {
    return Math.min(1, Math.exp(-this.#maxLogE));
  }

  /** ln of the largest e-value seen. */
  get maxLogE(): number {
    return this.#maxLogE;
  }

  /** True once the running p-value has reached alpha (stays true). */
  get rejected(): boolean {
    return this.#maxLogE >= -Math.log(this.alpha);
  }

  /** Intersection of all confidence sequences fed so far (may be empty if lower > upper). */
  get confidenceSequence(): [number, number] {
    return [this.#lower, this.#upper];
  }

  get looks(): number {
    return this.#looks;
  }

  toJSON(): AlwaysValidPValueJSON {
    const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
    return {
      alpha: this.alpha,
      pValue: this.pValue,
      maxLogE: this.#maxLogE,
      looks: this.#looks,
      confidenceSequence: [finite(this.#lower), finite(this.#upper)],
    };
  }

  static from(json: AlwaysValidPValueJSON): AlwaysValidPValue {
    const p = new AlwaysValidPValue({ alpha: json.alpha });
    if (!(Number.isFinite(json.maxLogE) && json.maxLogE >= 0)) {
      throw new StatsInputError('maxLogE', `must be a finite number ≥ 0, got ${json.maxLogE}`);
    }
    if (!(Number.isInteger(json.looks) && json.looks >= 0)) {
      throw new StatsInputError('looks', `must be an integer ≥ 0, got ${json.looks}`);
    }
    p.#maxLogE = json.maxLogE;
    p.#looks = json.looks;
    p.#lower = json.confidenceSequence[0] ?? Number.NEGATIVE_INFINITY;
    p.#upper = json.confidenceSequence[1] ?? Number.POSITIVE_INFINITY;
    return p;
  }
}
