/**
 * Pearson chi-square test that two count vectors over the same categories come from one
 * distribution (R's chisq.test(rbind(a, b), correct = FALSE)). Categories empty in both are
 * dropped. The approximation wants expected counts of about 5 or more per cell.
 */
import { chiSquareSf } from './incomplete-gamma.js';
import { requireSameLength } from './normalize.js';
import { StatsInputError } from './stats-input-error.js';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
}

export function chiSquareHomogeneity(
  countsA: readonly number[],
  countsB: readonly number[],
): ChiSquareResult {
  requireSameLength(countsA, countsB, ['countsA', 'countsB']);
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < countsA.length; i++) {
    const a = countsA[i] as number;
    const b = countsB[i] as number;
    // Checked cell by cell without building a pair per cell: the judges call this every tick.
    requireCount('countsA', i, a);
    requireCount('countsB', i, b);
    totalA += a;
    totalB += b;
  }
  if (totalA === 0 || totalB === 0) {
    throw new StatsInputError(totalA === 0 ? 'countsA' : 'countsB', 'needs at least one observation');
  }
  const total = totalA + totalB;
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < countsA.length; i++) {
    const a = countsA[i] as number;
    const b = countsB[i] as number;
    const column = a + b;
    if (column === 0) continue;
    categories++;
    const ea = (totalA * column) / total;
    const eb = (totalB * column) / total;
    statistic += (a - ea) ** 2 / ea + (b - eb) ** 2 / eb;
  }
  const df = categories - 1;
  return { statistic, df, pValue: df > 0 ? chiSquareSf(statistic, df) : 1 };
}

function requireCount(name: string, index: number, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new StatsInputError(`${name}[${index}]`, `must be a finite count ≥ 0, got ${value}`);
}
