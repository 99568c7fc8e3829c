/**
 * The threshold line of a trigger's chart, read from the trigger as written: relative triggers
 * (`p95 latency up > 50%`) move with the baseline, absolute ones (`error rate > 5%`) are fixed.
 * Readings carry rates as fractions and latencies in milliseconds, so percents and units convert.
 */
export type Threshold =
  { kind: 'relative'; factor: number } | { kind: 'absolute'; value: number } | { kind: 'none' };

const RELATIVE = /\b(up|down)\s*(?:>=|>)\s*([\d.]+)\s*%/i;
const ABSOLUTE = /(?:>=|<=|>|<)\s*([\d.]+)\s*(%|ms|s)?(?=\s|$)/i;

export function thresholdOf(trigger: string): Threshold {
  const text = trigger.replace(/^(hard|soft|observe):\s*/i, '');
  const relative = RELATIVE.exec(text);
  if (relative) {
    const share = Number(relative[2]) / 100;
    return { kind: 'relative', factor: relative[1]?.toLowerCase() === 'up' ? 1 + share : 1 - share };
  }
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    const n = Number(absolute[1]);
    const unit = absolute[2]?.toLowerCase();
    return { kind: 'absolute', value: unit === '%' ? n / 100 : unit === 's' ? n * 1000 : n };
  }
  return { kind: 'none' };
}

/** The limit at one reading: fixed, or the baseline moved by the relative limit. */
export function limitAt(threshold: Threshold, baseline: number | undefined): number | null {
  if (threshold.kind === 'absolute') return threshold.value;
  if (threshold.kind === 'relative' && baseline !== undefined) return baseline * threshold.factor;
  return null;
}
