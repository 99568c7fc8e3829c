/** `since` in list filters: a duration back from now (`1h`, `30m`) or a time (ISO 8601, epoch ms). */
import { isDuration, parseDuration } from '../../core/duration.js';
import { parseInstant } from '../../registry/parse-instant.js';

export function sinceMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (isDuration(value)) return now - parseDuration('since', value);
  return Date.parse(parseInstant('since', value));
}
