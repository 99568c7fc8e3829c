/** A KPI observation recorded against the release that served a request (by its id) or a named release. */
import type { Clock } from '../core/clock.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { Feedback } from './feedback.js';
import type { RequestLog } from './request-log.js';
import type { RoutingTable } from './routing-table.js';

export interface FeedbackTarget {
  model: string;
  release: string;
  region: string;
}

export interface FeedbackDeps {
  clock: Clock;
  telemetry: Telemetry;
  requestLog: RequestLog;
  table: RoutingTable | undefined;
}

/** The release (and its model and region) an event counts for; undefined when this gateway knows neither. */
export function resolveFeedback(
  f: Feedback,
  deps: Pick<FeedbackDeps, 'requestLog' | 'table'>,
): FeedbackTarget | undefined {
  const known = f.requestId !== undefined ? deps.requestLog.get(f.requestId) : undefined;
  const release = known?.release ?? f.release;
  if (release === undefined) return undefined;
  const model = known?.model ?? deps.table?.releases.get(release)?.model;
  if (model === undefined) return undefined;
  return { model, release, region: f.region ?? known?.region ?? 'default' };
}

export function recordFeedbackAt(
  f: Feedback,
  to: FeedbackTarget,
  deps: Pick<FeedbackDeps, 'clock' | 'telemetry'>,
): void {
  deps.telemetry.recordKpi({ ...to, at: deps.clock.now(), metric: f.metric, value: f.value });
}

/** False when neither the request id nor the release is known. */
export function recordFeedback(f: Feedback, deps: FeedbackDeps): boolean {
  const to = resolveFeedback(f, deps);
  if (to) recordFeedbackAt(f, to, deps);
  return to !== undefined;
}
