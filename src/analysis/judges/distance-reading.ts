import type { Trigger } from '../triggers/types.js';
import { crossesAbsolute, side } from './compare.js';
import { formatNumber } from './format.js';
import type { Evaluation, SpendableTest } from './types.js';

/**
 * A distribution distance from the baseline read against its absolute threshold, with the
 * trigger's test when it has one (its p-value on this span, and the test to spend within a step).
 */
export function distanceReading(
  trigger: Trigger,
  label: string,
  value: number,
  spent?: SpendableTest,
): Evaluation {
  const c = trigger.comparison;
  if (c.mode !== 'absolute') throw new Error(`${label}: a distance takes an absolute threshold`);
  return {
    status: 'measured',
    exceeded: crossesAbsolute(value, c),
    observed: value,
    head: `${label} ${formatNumber(value)} against baseline is ${side(value, c.value)} ${formatNumber(c.value)}`,
    limit: `(limit ${c.op} ${formatNumber(c.value)})`,
    pValue: spent?.pValue(spent.candidate, spent.baseline),
    spent,
  };
}
