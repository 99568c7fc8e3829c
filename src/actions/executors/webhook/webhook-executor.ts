/**
 * Tells another system about a rollback with a signed JSON POST. The body is signed with
 * HMAC-SHA256 over `${timestamp}.${body}` (header `x-ripcord-signature: sha256=<hex>`, timestamp
 * in `x-ripcord-timestamp`), so the receiver can check origin and freshness; every attempt of one
 * action carries the same `idempotency-key` (the action id), so a retried or resumed delivery is
 * recognisable as the same one. Network errors, timeouts, 408, 429 and 5xx are retried with
 * exponential backoff; other 4xx fail at once. The secret never appears in results or errors.
 * The executor remembers the deliveries it made, so a repeat within the process sends nothing and
 * its plan says so; across restarts the journal and the idempotency key keep a repeat harmless.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import { actionId, type ActionContext, type Executor } from '../executor.js';
import {
  deliverSigned,
  describeEndpoint,
  parseWebhookUrl,
  signedEndpoint,
  signWebhook,
} from './signed-delivery.js';

export { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signed-delivery.js';

export interface WebhookExecutorOptions {
  /** Executor name is `webhook:${name}`. @default "default" */
  name?: string;
  url: string;
  /** HMAC key; without it requests are unsigned. */
  secret?: string | undefined;
  /** Extra headers, e.g. a routing key. Not recorded. */
  headers?: Record<string, string>;
  /** Per attempt. @default 5000 */
  timeoutMs?: number;
  /** Retries after the first attempt. @default 3 */
  retries?: number;
  /** First backoff; doubles per retry up to maxBackoffMs. @default 250 */
  backoffMs?: number;
  /** @default 5000 */
  maxBackoffMs?: number;
  /** For backoff sleeps and the signed timestamp. @default systemClock */
  clock?: Clock;
  /**
   * What the delivery announces: `rollback` (a plan step), `escalation` (the rollback was not
   * verified; `reason` then says why) or `alert` (a rollout needs a person, e.g. a step holding
   * for want of data; `reason` says why). Sets the body's type, the `x-ripcord-event` header and
   * the executor name (`webhook:NAME` / `webhook-escalation:NAME` / `webhook-alert:NAME`).
   * @default "rollback"
   */
  event?: 'rollback' | 'escalation' | 'alert';
}

/** The JSON a receiver gets. */
export interface RollbackWebhookBody {
  type: 'ripcord.rollback' | 'ripcord.escalation' | 'ripcord.alert';
  actionId: string;
  eventId: string;
  model: string;
  release: string;
  target: string;
  trigger: string;
  reason: string;
  role: string;
  actor: string;
  decidedAt: string;
}

/** For receivers: constant-time check of a delivery's signature. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Deliveries one executor remembers: a long-lived one must not grow without bound. */
const DELIVERIES_KEPT = 1_000;

export function createWebhookExecutor(options: WebhookExecutorOptions): Executor {
  const url = parseWebhookUrl(options.url);
  const endpoint = describeEndpoint(url);
  const event = options.event ?? 'rollback';
  const name = `${event === 'rollback' ? 'webhook' : `webhook-${event}`}:${options.name ?? 'default'}`;
  const target = signedEndpoint(name, url, options);
  /** Action id → the HTTP status that accepted it; the oldest go first past DELIVERIES_KEPT. */
  const delivered = new Map<string, number>();
  const remember = (key: string, status: number): void => {
    delivered.set(key, status);
    for (const oldest of delivered.keys()) {
      if (delivered.size <= DELIVERIES_KEPT) break;
      delivered.delete(oldest);
    }
  };

  return {
    name,
    async plan(context: ActionContext, signal: AbortSignal) {
      signal.throwIfAborted();
      const key = actionId(context.eventId, name);
      const status = delivered.get(key);
      return status === undefined
        ? { changes: true, summary: `${name}: POST ${event} ${key} to ${endpoint}`, detail: { endpoint } }
        : {
            changes: false,
            summary: `${name}: ${key} already delivered to ${endpoint}`,
            detail: { endpoint, status },
          };
    },
    async apply(context: ActionContext, signal: AbortSignal) {
      signal.throwIfAborted();
      const key = actionId(context.eventId, name);
      const done = delivered.get(key);
      if (done !== undefined) return { changed: false, detail: { endpoint, status: done, attempts: 0 } };
      const payload: RollbackWebhookBody = {
        type: `ripcord.${event}`,
        actionId: key,
        eventId: context.eventId,
        model: context.model,
        release: context.release,
        target: context.target,
        trigger: context.trigger,
        reason: context.reason,
        role: context.role,
        actor: context.actor,
        decidedAt: new Date(context.decidedAt).toISOString(),
      };
      const { status, attempts } = await deliverSigned(
        target,
        { body: JSON.stringify(payload), idempotencyKey: key, event, secret: options.secret },
        signal,
      );
      remember(key, status);
      return { changed: true, detail: { endpoint, status, attempts, signed: Boolean(options.secret) } };
    },
  };
}
