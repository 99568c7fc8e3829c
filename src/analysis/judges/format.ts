/** Number formatting for reasons in words: "p95 412 ms is 41 % above baseline 292 ms". */

const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/** 412.3 → "412", 12.34 → "12.3", 0.456 → "0.46". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) >= 100) return String(Math.round(ms));
  if (Math.abs(ms) >= 1) return trim(ms.toFixed(1));
  return trim(ms.toFixed(2));
}

/** A fraction as a percentage number without the sign: 0.41 → "41", 0.003 → "0.3", 0.00012 → "0.012". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞' : String(fraction);
  const x = Math.abs(fraction * 100);
  if (x >= 10) return String(Math.round(x));
  if (x >= 1) return trim(x.toFixed(1));
  if (x === 0) return '0';
  return trim(x.toPrecision(2));
}

/** A plain value with three significant digits: 0.30912 → "0.309", 1234.5 → "1235". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return String(Math.round(v));
  return trim(v.toPrecision(3));
}

/** "0.0012" style p-values for notes. */
export function formatP(p: number): string {
  if (p < 1e-4) return p.toExponential(1);
  return trim(p.toPrecision(2));
}
