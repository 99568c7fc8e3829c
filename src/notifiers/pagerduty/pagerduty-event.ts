/**
 * A notice as a PagerDuty Events API v2 event (developer.pagerduty.com, "Send an Alert Event"):
 * `trigger` on a rollback or an escalation, `resolve` once recovery is verified, one `dedup_key`
 * per incident so PagerDuty keeps one alert from the first page to its resolution. An alert
 * (a soft trigger) pages as `warning` under its own occasion key.
 */
import type { IncidentNotice } from '../notifier.js';
import { noticeFacts, noticeHeadline } from '../notice-words.js';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  client?: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, string>;
  };
}

/** PagerDuty keeps 255 characters of a dedup key; an incident id is far shorter. */
export function dedupKey(notice: IncidentNotice): string {
  return `ripcord/${notice.incidentId}`.slice(0, 255);
}

export function pagerDutyEvent(
  notice: IncidentNotice,
  routingKey: string,
  severity: PagerDutySeverity,
): PagerDutyEvent {
  const key = dedupKey(notice);
  if (notice.kind === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: key };
  const summary = `${noticeHeadline(notice)}: ${notice.reason}`;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: key,
    client: 'ripcord',
    payload: {
      summary: summary.length > 1024 ? `${summary.slice(0, 1023)}…` : summary,
      source: `ripcord/${notice.rollout}`,
      severity: notice.kind === 'alert' ? 'warning' : severity,
      timestamp: new Date(notice.at).toISOString(),
      component: notice.model,
      group: notice.rollout,
      class: notice.trigger,
      custom_details: {
        ...Object.fromEntries(noticeFacts(notice)),
        Reason: notice.reason,
        notice_id: notice.id,
      },
    },
  };
}
