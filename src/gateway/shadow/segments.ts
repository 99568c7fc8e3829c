/**
 * Segment values of one mirrored request: each configured key (`header:NAME` for a header,
 * otherwise a dotted JSON path into the request body, falling back to the first instance), plus
 * the hour of day in UTC (unless a configured key is itself named `hour`).
 */
import type { IncomingHttpHeaders } from 'node:http';

import { jsonField } from '../pick-release.js';

export const NONE = '(none)';

export function segmentValues(
  segmentBy: readonly string[],
  headers: IncomingHttpHeaders,
  body: unknown,
  at: number,
): [string, string][] {
  const out: [string, string][] = [];
  for (const key of segmentBy) {
    let value: unknown;
    if (key.startsWith('header:')) value = headers[key.slice(7).toLowerCase()];
    else {
      const path = key.split('.');
      value = jsonField(body, path);
      if (value === undefined && body && typeof body === 'object') {
        const rows = (body as { instances?: unknown }).instances;
        if (Array.isArray(rows)) value = jsonField(rows[0], path);
      }
    }
    out.push([
      key,
      value === undefined || value === null
        ? NONE
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]);
  }
  // A configured key named "hour" (the request's own hour field) owns the key: the clock's hour
  // under the same key would mix two meanings in one segment list.
  if (!segmentBy.includes('hour')) out.push(['hour', String(new Date(at).getUTCHours()).padStart(2, '0')]);
  return out;
}
