import { afterEach, describe, expect, it } from 'vitest';
import { runNotifierContract, sampleNotice } from '../../src/notifiers/notifier.contract.js';
import { pagerDutyNotifier } from '../../src/notifiers/pagerduty/pagerduty-notifier.js';
import type { PagerDutyNotifierOptions } from '../../src/notifiers/pagerduty/pagerduty-notifier.js';
import { startReceiver } from './receiver.js';
import type { Receiver } from './receiver.js';
import { PagerDutyEventSchema } from './pagerduty-schema.js';
import type { PagerDutyEventBody } from './pagerduty-schema.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

/** Events API v2: 202 with the dedup key for a valid event, 400 with its errors otherwise. */
function eventsApi(): Promise<Receiver> {
  return startReceiver(
    (request) => {
      if (request.path !== '/v2/enqueue') return { status: 404, body: { status: 'not found' } };
      const parsed = PagerDutyEventSchema.safeParse(JSON.parse(request.body));
      if (!parsed.success)
        return {
          status: 400,
          body: {
            status: 'invalid event',
            message: 'Event object is invalid',
            errors: parsed.error.issues.map((i) => i.message),
          },
        };
      return {
        status: 202,
        body: { status: 'success', message: 'Event processed', dedup_key: parsed.data.dedup_key },
        accepted: true,
      };
    },
    {
      status: 400,
      body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] },
    },
  );
}

const events = (r: Receiver) => r.accepted.map((a) => JSON.parse(a.body) as PagerDutyEventBody);

/** The notice each accepted event stands for: a trigger names it, a resolve is the incident's resolution. */
function noticeIds(r: Receiver): string[] {
  const ids = events(r).map((e) =>
    e.event_action === 'trigger'
      ? String(e.payload?.custom_details?.['notice_id'])
      : `${e.dedup_key?.replace(/^ripcord\//, '')}/resolved`,
  );
  return [...new Set(ids)];
}

async function over(options: Partial<PagerDutyNotifierOptions> = {}) {
  const r = await eventsApi();
  const subject = pagerDutyNotifier({
    name: 'ml-platform',
    routingKey: () => ROUTING_KEY,
    url: `${r.url}/v2/enqueue`,
    backoffMs: 1,
    ...options,
  });
  return { r, subject };
}

runNotifierContract('pagerduty', async () => {
  const { r, subject } = await over();
  return {
    subject,
    received: () => Promise.resolve(noticeIds(r)),
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: ROUTING_KEY,
    close: r.close,
  };
});

describe('pagerduty notifier', () => {
  const open: Receiver[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });
  const never = () => new AbortController().signal;

  it('triggers on the rollback and on escalation and resolves on verification, one dedup_key per incident', async () => {
    const { r, subject } = await over();
    open.push(r);
    for (const kind of ['opened', 'updated', 'escalated', 'resolved'] as const)
      await subject.notify(sampleNotice(kind, 'rb_77'), never());
    expect(events(r).map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', 'ripcord/rb_77'],
      ['trigger', 'ripcord/rb_77'],
      ['resolve', 'ripcord/rb_77'],
    ]);
    expect(events(r)[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      client: 'ripcord',
      payload: {
        summary: 'recsys: rolled back recsys-v2-enc5 → recsys-v1-enc4: error rate 9.1 % over 1m',
        source: 'ripcord/recsys-v2',
        severity: 'critical',
        component: 'recsys',
        class: 'hard: error rate > 5% for 1m',
      },
    });
  });

  it('never pages for a drill', async () => {
    const { r, subject } = await over();
    open.push(r);
    await subject.notify({ ...sampleNotice('opened'), drill: true }, never());
    await subject.notify({ ...sampleNotice('escalated'), drill: true }, never());
    expect(r.all).toEqual([]);
  });

  it('pages an alert (a soft trigger) as a warning only when alerts are listed', async () => {
    const quiet = await over();
    open.push(quiet.r);
    await quiet.subject.notify(sampleNotice('alert', 'recsys-v2/paused-1'), never());
    expect(quiet.r.all).toEqual([]);
    const { r, subject } = await over({ kinds: ['alert'] });
    open.push(r);
    await subject.notify(sampleNotice('alert', 'recsys-v2/paused-1'), never());
    expect(events(r)[0]?.payload?.severity).toBe('warning');
  });

  it('fails at once on a 400 (a bad routing key), without the key', async () => {
    const { r, subject } = await over({ routingKey: () => 'too-short' });
    open.push(r);
    const error = (await subject.notify(sampleNotice(), never()).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^pagerduty:ml-platform to http:\/\/127\.0\.0\.1:\d+\/v2\/enqueue was refused: HTTP 400/,
    );
    expect(error.message).not.toContain('too-short');
    expect(r.all).toHaveLength(1);
  });
});
