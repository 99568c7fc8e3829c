/**
 * Per-backend circuit breaker. Closed → open on `consecutiveFailures` in a row or when at least
 * `failureRatio` of the last `window` calls failed (after `minRequests`). Open → half-open after
 * `cooldownMs` of the injected clock: one probe is let through; its success closes the breaker,
 * its failure opens it again. Every call that `tryAcquire()` admits must end in `success()` or
 * `failure()`.
 */
export type BreakerState =
  /** Calls flow; failures are counted. */
  | 'closed'
  /** Calls are refused until the cool-down has passed. */
  | 'open'
  /** One probe call is in flight; its outcome decides. */
  | 'half-open';

export interface BreakerOptions {
  /** @default 5 */
  consecutiveFailures?: number;
  /** @default 0.5 */
  failureRatio?: number;
  /** Calls remembered for the ratio. @default 20 */
  window?: number;
  /** Calls needed in the window before the ratio applies. @default 10 */
  minRequests?: number;
  /** @default 5000 */
  cooldownMs?: number;
}

export class CircuitBreaker {
  state: BreakerState = 'closed';
  private consecutive = 0;
  private readonly ring: Uint8Array;
  private ringNext = 0;
  private ringCount = 0;
  private ringFailures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly ratio: number;
  private readonly minRequests: number;
  private readonly cooldownMs: number;

  constructor(
    options: BreakerOptions = {},
    private readonly onChange?: (state: BreakerState) => void,
  ) {
    this.threshold = options.consecutiveFailures ?? 5;
    this.ratio = options.failureRatio ?? 0.5;
    this.minRequests = options.minRequests ?? 10;
    this.cooldownMs = options.cooldownMs ?? 5_000;
    this.ring = new Uint8Array(Math.max(1, options.window ?? 20));
  }

  /** Whether a call would be admitted now (no side effects): used to skip unavailable releases. */
  available(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') return now - this.openedAt >= this.cooldownMs;
    return !this.probing;
  }

  /** Admits a call, turning an open breaker half-open once the cool-down has passed. */
  tryAcquire(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (now - this.openedAt < this.cooldownMs) return false;
      this.set('half-open');
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.consecutive = 0;
    this.push(0);
    if (this.state === 'half-open') {
      this.probing = false;
      this.reset();
      this.set('closed');
    }
  }

  failure(now: number): void {
    this.consecutive++;
    this.push(1);
    if (this.state === 'half-open') {
      this.probing = false;
      this.open(now);
    } else if (
      this.state === 'closed' &&
      (this.consecutive >= this.threshold ||
        (this.ringCount >= this.minRequests && this.ringFailures / this.ringCount >= this.ratio))
    )
      this.open(now);
  }

  private open(now: number): void {
    this.openedAt = now;
    this.set('open');
  }

  private push(failed: 0 | 1): void {
    if (this.ringCount === this.ring.length) this.ringFailures -= this.ring[this.ringNext]!;
    else this.ringCount++;
    this.ring[this.ringNext] = failed;
    this.ringFailures += failed;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
  }

  private reset(): void {
    this.ring.fill(0);
    this.ringNext = this.ringCount = this.ringFailures = this.consecutive = 0;
  }

  private set(state: BreakerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange?.(state);
  }
}
