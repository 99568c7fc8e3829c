/**
 * What a person reads first about a notice, the same words in Slack, Teams and a pager: one
 * headline per kind, the state in a word, and the facts as label/value pairs. A drill says so
 * at the front of everything it sends.
 */
import type { IncidentNotice, NoticeKind } from './notifier.js';

/** The state in a word, for a status field or a colour. */
export const NOTICE_STATE: Record<NoticeKind, string> = {
  opened: 'Rolled back',
  updated: 'Updated',
  escalated: 'Escalated: needs a person',
  resolved: 'Recovered',
  alert: 'Needs attention',
};

export function noticeHeadline(notice: IncidentNotice): string {
  const drill = notice.drill ? '[DRILL] ' : '';
  switch (notice.kind) {
    case 'opened':
      return `${drill}${notice.model}: rolled back ${notice.release} → ${notice.target}`;
    case 'updated':
      return `${drill}${notice.model}: incident ${notice.incidentId} updated`;
    case 'escalated':
      return `${drill}${notice.model}: rollback of ${notice.release} needs a person`;
    case 'resolved':
      return `${drill}${notice.model}: recovery verified on ${notice.target}`;
    case 'alert':
      return `${drill}${notice.model}: ${notice.release} needs attention`;
  }
}

/** The facts beside the headline, in reading order. */
export function noticeFacts(notice: IncidentNotice): [label: string, value: string][] {
  return [
    ['Incident', notice.incidentId],
    ['State', NOTICE_STATE[notice.kind]],
    ['Rollout', notice.rollout],
    ['Pulled', `${notice.release} (${notice.role})`],
    ['Serving', notice.target],
    ['Trigger', notice.trigger],
    ['Decided by', notice.actor],
    ['Decided at', new Date(notice.decidedAt).toISOString()],
    ...(notice.drill ? ([['Drill', 'yes: a game day, nobody is paged']] as [string, string][]) : []),
  ];
}

/** The commands the on-call runs next, as text. */
export function noticeCommands(notice: IncidentNotice): string[] {
  return [
    `ripcord incident describe ${notice.incidentId}`,
    `ripcord rollout status ${notice.rollout} --watch`,
  ];
}
