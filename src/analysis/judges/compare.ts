import type { Comparison } from '../triggers/types.js';

type Absolute = Extract<Comparison, { mode: 'absolute' }>;
type Relative = Extract<Comparison, { mode: 'relative' }>;

/** Does `value` cross an absolute threshold? NaN never does. */
export function crossesAbsolute(value: number, c: Absolute): boolean {
  switch (c.op) {
    case '>':
      return value > c.value;
    case '>=':
      return value >= c.value;
    case '<':
      return value < c.value;
    case '<=':
      return value <= c.value;
  }
}

/** Does a relative change (candidate/baseline − 1) go further than the limit in the trigger's direction? */
export function crossesRelative(change: number, c: Relative): boolean {
  const moved = c.direction === 'up' ? change : -change;
  return c.inclusive ? moved >= c.limit : moved > c.limit;
}

/** True for `>`/`>=` thresholds: the bad side is above. */
export const badAbove = (c: Absolute): boolean => c.op === '>' || c.op === '>=';

/** "above" / "below" for a value against a threshold. */
export const side = (value: number, threshold: number): string => (value >= threshold ? 'above' : 'below');

/** candidate / baseline − 1, with 0/0 = 0 and x/0 = ∞. */
export function relativeChange(candidate: number, baseline: number): number {
  if (baseline > 0) return candidate / baseline - 1;
  return candidate > 0 ? Infinity : 0;
}
