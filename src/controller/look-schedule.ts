/**
 * How often a controller looks at its rollouts' distribution triggers when its ticks overrun.
 *
 * A tick judges every rollout, and at a thousand rollouts the distribution triggers (prediction
 * diversity, PSI, JS, KS: a test over every item or bin on every checkpoint's span) are most of
 * its CPU. A controller that cannot finish a tick within its interval falls behind on every
 * rollout at once: each late tick has more telemetry to catch up on, so the next is later still,
 * and an error-rate breach waits behind a dozen seconds of diversity tests. Instead, while ticks
 * overrun, each rollout's distribution triggers are looked at on every `stride`-th tick only (the
 * rollouts staggered across the ticks by a hash of their name), and the count triggers (errors,
 * latency, KPIs: a few sums each) still on every tick. The stride grows while ticks overrun and
 * shrinks once they fit with room to spare, never past `maxStride`.
 *
 * The stride follows the controller's load and the clock alone, never a rollout's readings: the
 * spent-level tests need their look times set without regard to the data (checkpoint-spending.ts),
 * and the always-valid ones hold at any look times.
 */
export interface LookScheduleOptions {
  /** The tick interval. */
  tickMs: number;
  /** Ticks between two looks at most; 1 turns deferral off. @default 10 */
  maxStride?: number | undefined;
  /** Share of the interval a tick may take before the stride grows. @default 0.8 */
  budget?: number | undefined;
}

export class LookSchedule {
  readonly #tickMs: number;
  readonly #maxStride: number;
  readonly #budget: number;
  #stride = 1;
  #tick = 0;
  /** Ticks in a row that fit in half the budget (the stride shrinks after two). */
  #roomy = 0;

  constructor(options: LookScheduleOptions) {
    this.#tickMs = options.tickMs;
    this.#maxStride = Math.max(1, Math.floor(options.maxStride ?? 10));
    this.#budget = options.budget ?? 0.8;
  }

  /** Ticks between two looks at a rollout's distribution triggers now (1: every tick). */
  get stride(): number {
    return this.#stride;
  }

  /** Starts a tick: the rollouts whose turn it is change. */
  beginTick(): void {
    this.#tick++;
  }

  /** Whether this tick looks at `rollout`'s distribution triggers. */
  fullLook(rollout: string): boolean {
    return this.#stride === 1 || (this.#tick + phaseOf(rollout)) % this.#stride === 0;
  }

  /**
   * Adjusts the stride after a tick that took `durationMs`. An overrun grows it in proportion to
   * the overrun (a tick of 3 budgets at stride 1 goes to stride 3); shrinking waits for two ticks
   * under half the budget, so a stride one lower costs at most twice as much (s / (s − 1) ≤ 2)
   * and still fits: the stride settles instead of swinging.
   */
  observe(durationMs: number): void {
    const budgetMs = this.#budget * this.#tickMs;
    if (durationMs > budgetMs) {
      this.#roomy = 0;
      const grown = Math.max(this.#stride + 1, Math.ceil((this.#stride * durationMs) / budgetMs));
      this.#stride = Math.min(this.#maxStride, grown);
      return;
    }
    if (durationMs < budgetMs / 2 && this.#stride > 1) {
      if (++this.#roomy >= 2) {
        this.#stride--;
        this.#roomy = 0;
      }
      return;
    }
    this.#roomy = 0;
  }
}

/** A rollout's place in the stride: FNV-1a of its name, so its turn is the same on every controller. */
function phaseOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
