/** A KPI observation recorded against the release that served a request (by its id) or a named release. */
import type { Clock } from '../core/clock.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { Feedback } from './feedback.js';
import type { RequestLog } from './request-log.js';
import type { RoutingTable } from './routing-table.js';

/** False when neither the request id nor the release is known. */
export function recordFeedback(
  f: Feedback,
  deps: { clock: Clock; telemetry: Telemetry; requestLog: RequestLog; table: RoutingTable | undefined },
): boolean {
  const known = f.requestId !== undefined ? deps.requestLog.get(f.requestId) : undefined;
  const release = known?.release ?? f.release;
  if (release === undefined) return false;
  const model = known?.model ?? deps.table?.releases.get(release)?.model;
  if (model === undefined) return false;
  deps.telemetry.recordKpi({
    model,
    release,
    region: f.region ?? known?.region ?? 'default',
    at: deps.clock.now(),
    metric: f.metric,
    value: f.value,
  });
  return true;
}
