/**
 * The notifier contract: how people hear about an incident (Slack, PagerDuty, a signed webhook,
 * e-mail). A notifier is told each change of an incident's life and of alerts that need a
 * person; it is not a rollback step, so a failing notifier never holds a rollback back.
 *
 * Rules every notifier follows:
 * - Deduplicating: `notice.id` is the same every time the same notice is delivered again (a
 *   retry, a restarted controller): send it as the receiver's idempotency or dedup key.
 * - Honest: resolve once the receiver accepted the notice; throw with a message that names the
 *   system and what failed. Never put a secret (token, webhook key, routing key) in an error.
 * - Cancellable: stop promptly when `signal` aborts.
 *
 * Shipped, one folder each: `webhook` (signed JSON POST), `slack` (Block Kit, by incoming webhook
 * or bot token), `pagerduty` (Events API v2), `teams` (Adaptive Card), `standard-webhooks`
 * (signed the Standard Webhooks way) and `noop`. A rollout lists them in `spec.notify`
 * (controller/notify-spec.ts); server/notifiers.ts builds them.
 */
import type { ReleaseRole } from '../registry/types.js';

/**
 * - `opened`: a rollback started (the incident opened);
 * - `updated`: a phase of the incident moved (traffic restored, verified);
 * - `escalated`: the rollback was not verified in time, or failed: a person must act;
 * - `resolved`: recovery verified, the incident closed;
 * - `alert`: a rollout needs a person though nothing was rolled back (a step holding for want of data).
 */
export type NoticeKind = 'opened' | 'updated' | 'escalated' | 'resolved' | 'alert';

export interface IncidentNotice {
  /** Stable across redeliveries of this notice: `${incidentId}/${kind}` or a per-occasion key. */
  id: string;
  kind: NoticeKind;
  /** The incident (and rollback event) id; for an alert, the rollout's occasion key. */
  incidentId: string;
  rollout: string;
  model: string;
  /** The release pulled (or, for an alert, the candidate). */
  release: string;
  /** The release serving users after the rollback (for an alert, the baseline). */
  target: string;
  /** The trigger that fired, as written, or `manual`. */
  trigger: string;
  /** One or two sentences a person reads first. */
  reason: string;
  role: ReleaseRole;
  /** Who decided the rollback (`ripcord-controller` or a person); for an alert, the controller. */
  actor: string;
  /** Epoch ms of the rollback decision; for an alert, when it was raised. */
  decidedAt: number;
  /** Epoch ms of the change announced. */
  at: number;
  /**
   * A game day (`ripcord drill`): say so in the message, and never page anyone (a pager
   * notifier resolves without sending).
   */
  drill?: boolean | undefined;
}

export interface Notifier {
  /** `webhook:oncall`, `slack:#ml-alerts`: unique among a rollout's notifiers. */
  readonly name: string;
  notify(notice: IncidentNotice, signal: AbortSignal): Promise<void>;
}
