/**
 * Which release a KPI event counts for, and whether it may count at all. By default an event
 * names a request by the id the gateway issued for it (`x-request-id` of its answer) and is
 * recorded for the release that served it; an id the gateway never issued, a release or region
 * that did not serve that request, or a KPI name no rollout watches is refused, so a caller cannot
 * aim events at a release of its choosing or grow the gateway's memory with made-up names.
 */
import type { Clock } from '../core/clock.js';
import type { LabelCap } from '../telemetry/label-cap.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { Feedback } from './feedback.js';
import type { RequestLog, RequestRoute } from './request-log.js';
import type { RoutingTable } from './routing-table.js';

/**
 * What an event may name:
 * - `issued` (default): a request by the id this gateway issued for it;
 * - `request-id`: also ids clients sent in `x-request-id` (trust them to be unique);
 * - `release`: also a release alone, without a request (a trusted batch importer).
 */
export type FeedbackAttribution = 'issued' | 'request-id' | 'release';

export interface FeedbackTarget {
  model: string;
  /** The telemetry label: the release, or `<release>+pinned` for a pinned request. */
  release: string;
  region: string;
}

export interface FeedbackRules {
  attribution: FeedbackAttribution;
  /** The KPI names accepted for a model (its rollouts' kpi triggers and the configured list). */
  kpis(model: string): ReadonlySet<string>;
  /** Whether any model accepts `metric` (for events forwarded to another worker before their model is known). */
  anyKpi(metric: string): boolean;
  /** Caps the region label of events that name a release alone. */
  regions: LabelCap;
}

export interface FeedbackDeps {
  clock: Clock;
  telemetry: Telemetry;
  requestLog: RequestLog;
  table: RoutingTable | undefined;
  rules: FeedbackRules;
}

export type FeedbackResolution =
  | { ok: true; to: FeedbackTarget }
  | {
      ok: false;
      status: 400 | 404 | 409 | 422;
      detail: string;
      /** Another worker may know the request (a cluster forwards such events). */
      forwardable: boolean;
    };

const refuse = (status: 400 | 404 | 409 | 422, detail: string, forwardable = false): FeedbackResolution => ({
  ok: false,
  status,
  detail,
  forwardable,
});

function kpiRefusal(model: string, metric: string, rules: FeedbackRules): FeedbackResolution | undefined {
  const known = rules.kpis(model);
  if (known.has(metric)) return undefined;
  return refuse(
    422,
    `metric: "${metric}" is not a KPI of model "${model}"; accepted: ${[...known].join(', ') || 'none'} (the kpi triggers of its rollouts and feedback.kpis)`,
  );
}

function byRequest(
  f: Feedback & { requestId: string },
  deps: Pick<FeedbackDeps, 'requestLog' | 'table' | 'rules'>,
  capacity: number,
): FeedbackResolution {
  const { rules } = deps;
  const known: RequestRoute | undefined =
    rules.attribution === 'issued' ? deps.requestLog.getOwn(f.requestId) : deps.requestLog.get(f.requestId);
  if (!known) {
    if (rules.attribution === 'release' && f.release !== undefined) return byRelease(f, deps);
    if (!rules.anyKpi(f.metric))
      return refuse(422, `metric: "${f.metric}" is not a KPI of any model this gateway serves`);
    const whose = rules.attribution === 'issued' ? 'this gateway issued' : 'this gateway served';
    return refuse(
      404,
      `request "${f.requestId}" is not among the last ${capacity} requests ${whose}; use the x-request-id of its answer`,
      true,
    );
  }
  if (f.release !== undefined && f.release !== known.release)
    return refuse(
      409,
      `release: "${f.release}" did not serve request "${f.requestId}" (release "${known.release}" did); drop "release" or fix it`,
    );
  if (f.region !== undefined && f.region !== known.region)
    return refuse(
      409,
      `region: request "${f.requestId}" was served in region "${known.region}", not "${f.region}"; drop "region"`,
    );
  return (
    kpiRefusal(known.model, f.metric, rules) ?? {
      ok: true,
      to: { model: known.model, release: known.label ?? known.release, region: known.region },
    }
  );
}

function byRelease(f: Feedback, deps: Pick<FeedbackDeps, 'table' | 'rules'>): FeedbackResolution {
  const { rules } = deps;
  if (rules.attribution !== 'release' || f.release === undefined)
    return refuse(
      400,
      'requestId: name the request by the x-request-id of its answer (events naming only a release need feedback.attribution "release")',
    );
  const release = deps.table?.releases.get(f.release);
  if (!release) return refuse(404, `release "${f.release}" is not in the routing table`);
  const model = deps.table?.models.get(release.model);
  const region = f.region ?? 'default';
  const declared = region === 'default' || model?.policy?.regions.has(region) === true;
  return (
    kpiRefusal(release.model, f.metric, rules) ?? {
      ok: true,
      to: { model: release.model, release: release.name, region: rules.regions.of(region, declared) },
    }
  );
}

/** The release (and its model and region) an event counts for, or why it may not count. */
export function resolveFeedback(
  f: Feedback,
  deps: Pick<FeedbackDeps, 'requestLog' | 'table' | 'rules'>,
  capacity: number,
): FeedbackResolution {
  return f.requestId !== undefined
    ? byRequest(f as Feedback & { requestId: string }, deps, capacity)
    : byRelease(f, deps);
}

export function recordFeedbackAt(
  f: Feedback,
  to: FeedbackTarget,
  deps: Pick<FeedbackDeps, 'clock' | 'telemetry'>,
): void {
  deps.telemetry.recordKpi({ ...to, at: deps.clock.now(), metric: f.metric, value: f.value });
}

/** Records the event when it may count; false when it is refused. */
export function recordFeedback(f: Feedback, deps: FeedbackDeps, capacity: number): boolean {
  const r = resolveFeedback(f, deps, capacity);
  if (r.ok) recordFeedbackAt(f, r.to, deps);
  return r.ok;
}
