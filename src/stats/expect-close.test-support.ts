import { expect } from 'vitest';

/** |actual − expected| ≤ rel·|expected| + abs; reports both numbers on failure. */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 0): void {
  const ok =
    (Number.isNaN(expected) && Number.isNaN(actual)) ||
    actual === expected ||
    Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
  expect(ok, `expected ${expected}, got ${actual} (rel ${rel}, abs ${abs})`).toBe(true);
}
