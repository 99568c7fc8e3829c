/**
 * Durations, one way: how people write them (`500ms`, `30s`, `5m`, `1h30m`) and the few ways
 * ripcord prints them. Specs, triggers, API queries and CLI flags all parse here; reports, tables
 * and reasons all format here, each in the style its reader expects.
 */
import { ValidationError } from './errors.js';

/** Milliseconds per unit a duration may be written in. */
export const DURATION_UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
export type DurationUnit = 'ms' | 's' | 'm' | 'h';

/** A whole duration as written: one or more `<number><unit>` parts, largest first by habit. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/** Parses `500ms`, `30s`, `5m`, `1h`, or compound `1m30s`, into milliseconds; `field` names it in errors. */
export function parseDuration(field: string, text: string): number {
  if (!isDuration(text))
    throw new ValidationError(field, `${field}: "${text}" is not a duration; write e.g. 30s, 5m or 1h30m`);
  let ms = 0;
  for (const [, value, unit] of text.matchAll(PART))
    ms += Number(value) * DURATION_UNIT_MS[unit as DurationUnit];
  return ms;
}

/** Milliseconds of `value` in `unit`, or undefined when `unit` is not one of `units`. */
export function durationOf(
  value: number,
  unit: string,
  units: readonly DurationUnit[] = ['ms', 's', 'm', 'h'],
): number | undefined {
  return (units as readonly string[]).includes(unit)
    ? value * DURATION_UNIT_MS[unit as DurationUnit]
    : undefined;
}

/** As a spec would write it, so it parses back: 300000 → "5m", 90000 → "1m30s", 1500 → "1.5s". */
export function formatDuration(ms: number): string {
  if (ms % 1000 !== 0 || ms === 0) return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** For reports, aligned and readable at every scale: 412 ms, 8.4 s, 2 m 14 s, 1 h 03 m; — when unknown. */
export function formatElapsed(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3_600)} h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')} m`;
}

/** Coarse, for "how long ago" columns: 45s, 3m, 5h, 2d (never negative). */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** Seconds with a fixed number of decimals, for narrow columns and tickers: 12345 → "12.3s". */
export function formatSeconds(ms: number, decimals = 1): string {
  return `${(ms / 1000).toFixed(decimals)}s`;
}
