import { describe, expect, it } from 'vitest';

import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens on consecutive failures, probes once after the cool-down, and closes on success', () => {
    const states: BreakerState[] = [];
    const b = new CircuitBreaker({ consecutiveFailures: 3, cooldownMs: 1_000 }, (s) => states.push(s));
    for (let i = 0; i < 3; i++) {
      expect(b.tryAcquire(0)).toBe(true);
      b.failure(0);
    }
    expect(b.state).toBe('open');
    expect(b.available(999)).toBe(false);
    expect(b.tryAcquire(999)).toBe(false);
    expect(b.tryAcquire(1_000)).toBe(true); // the probe
    expect(b.tryAcquire(1_000)).toBe(false); // only one at a time
    b.success();
    expect(b.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the probe fails, restarting the cool-down', () => {
    const b = new CircuitBreaker({ consecutiveFailures: 1, cooldownMs: 1_000 });
    b.failure(0);
    expect(b.tryAcquire(1_000)).toBe(true);
    b.failure(1_000);
    expect(b.state).toBe('open');
    expect(b.tryAcquire(1_999)).toBe(false);
    expect(b.tryAcquire(2_000)).toBe(true);
  });

  it('opens on the failure ratio over the window once it has enough calls', () => {
    const b = new CircuitBreaker({
      consecutiveFailures: 100,
      failureRatio: 0.5,
      window: 10,
      minRequests: 10,
    });
    // Alternating: never 100 in a row, but half of the last 10 fail.
    for (let i = 0; i < 9; i++) {
      if (i % 2 === 0) b.failure(0);
      else b.success();
    }
    expect(b.state).toBe('closed'); // 5 of 9, below minRequests
    b.success();
    expect(b.state).toBe('closed'); // 5 of 10 counted at the next failure
    b.failure(0);
    expect(b.state).toBe('open'); // 5 of the last 10 (the oldest failure slid out, this one came in)
  });

  it('stays closed below the ratio', () => {
    const b = new CircuitBreaker({
      consecutiveFailures: 100,
      failureRatio: 0.5,
      window: 10,
      minRequests: 10,
    });
    for (let i = 0; i < 100; i++) {
      if (i % 3 === 0) b.failure(0);
      else b.success();
    }
    expect(b.state).toBe('closed');
  });
});
