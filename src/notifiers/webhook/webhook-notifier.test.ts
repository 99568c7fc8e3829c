import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../actions/executors/webhook/webhook-executor.js';
import { runNotifierContract, sampleNotice } from '../notifier.contract.js';
import { webhookNotifier } from './webhook-notifier.js';
import type { WebhookNotifierOptions } from './webhook-notifier.js';

const SECRET = 'wh-s3cret-value';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver that deduplicates by idempotency key, and can fail, refuse or hang on request. */
async function receiver() {
  const deliveries: Delivery[] = [];
  let failures = 0;
  let mode: 'ok' | 'refuse' | 'hang' = 'ok';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (mode === 'hang') return;
      if (failures > 0) {
        failures -= 1;
        res.writeHead(503).end();
        return;
      }
      if (mode === 'refuse') {
        res.writeHead(403).end();
        return;
      }
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ripcord?token=${SECRET}`;
  return {
    url,
    deliveries,
    received: () =>
      Promise.resolve([...new Set(deliveries.map((d) => d.headers['idempotency-key'] as string))]),
    flaky: (attempts: number) => void (failures = attempts),
    refuse: () => void (mode = 'refuse'),
    hang: () => void (mode = 'hang'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function notifierOver(options: Partial<WebhookNotifierOptions> = {}) {
  const r = await receiver();
  const subject = webhookNotifier({ name: 'ops', url: r.url, secret: SECRET, backoffMs: 1, ...options });
  return { r, subject };
}

runNotifierContract('webhook', async () => {
  const { r, subject } = await notifierOver();
  return {
    subject,
    received: r.received,
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: SECRET,
    close: r.close,
  };
});

describe('webhook notifier', () => {
  it('posts the notice as signed JSON, typed as the webhook executor types it', async () => {
    const { r, subject } = await notifierOver();
    try {
      await subject.notify(sampleNotice('escalated', 'rb_1'), new AbortController().signal);
      await subject.notify(sampleNotice('alert', 'recsys-v2/hold-1'), new AbortController().signal);
      const [escalation, alert] = r.deliveries;
      expect(escalation?.headers['x-ripcord-event']).toBe('escalation');
      expect(escalation?.headers['idempotency-key']).toBe('rb_1/escalated');
      expect(JSON.parse(escalation!.body)).toEqual({
        type: 'ripcord.escalation',
        actionId: 'rb_1/escalated',
        eventId: 'rb_1',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        target: 'recsys-v1-enc4',
        trigger: 'hard: error rate > 5% for 1m',
        reason: 'error rate 9.1 % over 1m',
        role: 'canary',
        actor: 'ripcord-controller',
        decidedAt: '2026-11-24T02:00:00.000Z',
      });
      const timestamp = escalation!.headers['x-ripcord-timestamp'] as string;
      const signature = escalation!.headers['x-ripcord-signature'] as string;
      expect(verifyWebhookSignature(SECRET, timestamp, escalation!.body, signature)).toBe(true);
      expect(alert?.headers['x-ripcord-event']).toBe('alert');
      expect(JSON.parse(alert!.body)).toMatchObject({ type: 'ripcord.alert', eventId: 'recsys-v2/hold-1' });
    } finally {
      await r.close();
    }
  });

  it('is told only the kinds it was given', async () => {
    const { r, subject } = await notifierOver({ kinds: ['escalated'] });
    try {
      await subject.notify(sampleNotice('opened'), new AbortController().signal);
      await subject.notify(sampleNotice('escalated'), new AbortController().signal);
      expect(r.deliveries.map((d) => d.headers['x-ripcord-event'])).toEqual(['escalation']);
    } finally {
      await r.close();
    }
  });

  it('fails a delivery whose secret cannot be read, sending nothing unsigned', async () => {
    const { r, subject } = await notifierOver({
      secret: () => {
        throw new Error('webhook ops: environment variable OPS_SECRET is not set on the control plane');
      },
    });
    try {
      await expect(subject.notify(sampleNotice(), new AbortController().signal)).rejects.toThrow(
        /OPS_SECRET/,
      );
      expect(r.deliveries).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('names the endpoint without its query string', async () => {
    const { r, subject } = await notifierOver({ retries: 0 });
    try {
      r.flaky(1);
      const error = (await subject
        .notify(sampleNotice(), new AbortController().signal)
        .catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(
        /^webhook:ops to http:\/\/127\.0\.0\.1:\d+\/hooks\/ripcord failed after 1 attempts: HTTP 503$/,
      );
    } finally {
      await r.close();
    }
  });

  it('refuses a URL it cannot post to, naming the field', () => {
    expect(() => webhookNotifier({ url: 'ftp://example.com/x' })).toThrow(
      /^url: use http or https, not ftp$/,
    );
    expect(() => webhookNotifier({ url: 'not a url' })).toThrow(/^url: give an absolute http\(s\) URL/);
  });
});
