import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { runNotifierContract, sampleNotice } from '../../src/notifiers/notifier.contract.js';
import { standardWebhookNotifier } from '../../src/notifiers/standard-webhooks/standard-webhook-notifier.js';
import { startReceiver } from './receiver.js';
import type { Receiver } from './receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A receiver verifying with the reference library, deduplicating by `webhook-id`. */
function verifyingReceiver(): Promise<Receiver> {
  const verifier = new Webhook(SECRET);
  return startReceiver(
    (request) => {
      try {
        verifier.verify(request.body, request.headers as Record<string, string>);
      } catch {
        return { status: 401, body: 'bad signature' };
      }
      return { status: 204, body: '', accepted: true };
    },
    { status: 410, body: 'gone' },
  );
}

const ids = (r: Receiver) => [...new Set(r.accepted.map((a) => String(a.headers['webhook-id'])))];

async function over(secret = SECRET) {
  const r = await verifyingReceiver();
  const subject = standardWebhookNotifier({
    name: 'ops',
    url: `${r.url}/hooks`,
    secret: () => secret,
    backoffMs: 1,
  });
  return { r, subject };
}

runNotifierContract('standard-webhook', async () => {
  const { r, subject } = await over();
  return {
    subject,
    received: () => Promise.resolve(ids(r)),
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: SECRET,
    close: r.close,
  };
});

describe('standard webhook notifier', () => {
  const open: Receiver[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });

  it('signs so the reference verifier accepts it, with { type, timestamp, data }', async () => {
    const { r, subject } = await over();
    open.push(r);
    await subject.notify({ ...sampleNotice('opened', 'rb_5'), drill: true }, new AbortController().signal);
    const [request] = r.accepted;
    expect(request?.headers['webhook-id']).toBe('rb_5/opened');
    expect(String(request?.headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: 'ripcord.incident.opened',
      timestamp: '2026-11-24T02:00:30.000Z',
      data: { eventId: 'rb_5', model: 'recsys', kind: 'opened', drill: true },
    });
  });

  it('is refused by a receiver holding another secret', async () => {
    const { r, subject } = await over('whsec_' + Buffer.from('another-secret-value').toString('base64'));
    open.push(r);
    await expect(subject.notify(sampleNotice(), new AbortController().signal)).rejects.toThrow(/HTTP 401/);
  });

  it('names a secret that is not a Standard Webhooks secret without showing it', async () => {
    const { r, subject } = await over('not base64 at all!!');
    open.push(r);
    const error = (await subject
      .notify(sampleNotice(), new AbortController().signal)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'standard-webhook:ops: the signing secret is not a Standard Webhooks secret (whsec_ and base64)',
    );
  });
});
