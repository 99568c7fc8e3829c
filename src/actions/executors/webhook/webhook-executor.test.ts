import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../core/clock.js';
import { MemoryActionJournal } from '../../memory-action-journal.js';
import { runPlan } from '../../run-plan.js';
import { runExecutorContract } from '../executor.contract.js';
import type { ActionContext } from '../executor.js';
import {
  createWebhookExecutor,
  verifyWebhookSignature,
  type RollbackWebhookBody,
} from './webhook-executor.js';

const SECRET = 'whsec_0123456789abcdef';

const context: ActionContext = {
  eventId: 'evt_42',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  target: 'recsys-v1-enc4',
  trigger: 'hard: error rate > 5% for 1m',
  reason: 'error rate 6.1 % vs 0.3 %',
  role: 'canary',
  actor: 'controller',
  decidedAt: Date.UTC(2026, 0, 1, 2, 17),
};

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** A real receiver that answers each delivery with the next status from `statuses` (then 200); 429s get `throttleHeaders`. */
async function receiver(statuses: (number | 'hang')[] = [], throttleHeaders: Record<string, string> = {}) {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      if (status === 'hang') return;
      res.writeHead(status, status === 429 ? throttleHeaders : {}).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/rollback`, deliveries };
}

/** A clock that records the backoff it is asked to wait instead of waiting. */
function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => context.decidedAt + 1_500, sleep: (ms) => (slept.push(ms), Promise.resolve()) };
}

const signal = new AbortController().signal;

runExecutorContract('webhook executor', async () => {
  const statuses: (number | 'hang')[] = [];
  const { url, deliveries } = await receiver(statuses);
  const tokenUrl = `${url}?token=${SECRET}`;
  return {
    subject: createWebhookExecutor({ name: 'ops', url: tokenUrl, secret: SECRET, clock: recordingClock() }),
    context,
    state: () => Promise.resolve(deliveries.map((d) => [d.headers['idempotency-key'], d.body])),
    secrets: [SECRET],
    refuse: () => Promise.resolve(void statuses.push(401)),
    close: () => Promise.resolve(),
  };
});

describe('webhook executor', () => {
  it('posts the rollback as signed JSON with an idempotency key', async () => {
    const { url, deliveries } = await receiver();
    const executor = createWebhookExecutor({ name: 'ops', url, secret: SECRET, clock: recordingClock() });
    const result = await executor.apply(context, signal);

    expect(executor.name).toBe('webhook:ops');
    expect(result).toEqual({
      changed: true,
      detail: { endpoint: url, status: 200, attempts: 1, signed: true },
    });
    const [delivery] = deliveries;
    const body = JSON.parse(delivery!.body) as RollbackWebhookBody;
    expect(body).toMatchObject({
      type: 'ripcord.rollback',
      actionId: 'evt_42/webhook:ops',
      eventId: 'evt_42',
      release: 'recsys-v2-enc5',
      target: 'recsys-v1-enc4',
      decidedAt: '2026-01-01T02:17:00.000Z',
    });
    expect(delivery!.headers['idempotency-key']).toBe('evt_42/webhook:ops');
    const timestamp = String(delivery!.headers['x-ripcord-timestamp']);
    expect(timestamp).toBe(String(Math.floor((context.decidedAt + 1_500) / 1000)));
    const signature = String(delivery!.headers['x-ripcord-signature']);
    expect(verifyWebhookSignature(SECRET, timestamp, delivery!.body, signature)).toBe(true);
    expect(verifyWebhookSignature('another-secret', timestamp, delivery!.body, signature)).toBe(false);
    expect(
      verifyWebhookSignature(SECRET, timestamp, delivery!.body.replace('canary', 'shadow'), signature),
    ).toBe(false);
  });

  it('retries 5xx and 429 with exponential backoff and the same idempotency key', async () => {
    const { url, deliveries } = await receiver([503, 500, 429], { 'retry-after': '2' });
    const clock = recordingClock();
    const executor = createWebhookExecutor({ url, secret: SECRET, clock, backoffMs: 100, retries: 3 });
    const result = await executor.apply(context, signal);
    expect(result.detail).toMatchObject({ status: 200, attempts: 4 });
    expect(clock.slept).toEqual([100, 200, 2_000]);
    expect(new Set(deliveries.map((d) => d.headers['idempotency-key']))).toEqual(
      new Set(['evt_42/webhook:default']),
    );
  });

  it('fails at once on a 4xx refusal and after the last retry otherwise, never revealing the secret', async () => {
    const refused = await receiver([401]);
    const tokenUrl = `${refused.url}?token=${SECRET}`;
    const executor = createWebhookExecutor({ url: tokenUrl, secret: SECRET, clock: recordingClock() });
    const error = await executor.apply(context, signal).then(
      () => new Error('expected a refusal'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toBe(
      `webhook:default to ${refused.url} was refused: HTTP 401 (not retried; check the receiver's configuration)`,
    );
    expect(refused.deliveries).toHaveLength(1);

    const down = await receiver([500, 500, 500]);
    const clock = recordingClock();
    const failing = createWebhookExecutor({ url: down.url, secret: SECRET, clock, retries: 2 });
    await expect(failing.apply(context, signal)).rejects.toThrow(
      `webhook:default to ${down.url} failed after 3 attempts: HTTP 500`,
    );
    expect(clock.slept).toEqual([250, 500]);
  });

  it('retries an unreachable receiver and one that does not answer in time', async () => {
    const closed = await receiver();
    const server = servers.pop()!;
    await new Promise((r) => server.close(r));
    const unreachable = createWebhookExecutor({ url: closed.url, clock: recordingClock(), retries: 1 });
    await expect(unreachable.apply(context, signal)).rejects.toThrow(
      /failed after 2 attempts: connection failed \(ECONNREFUSED\)/,
    );

    const slow = await receiver(['hang', 200]);
    const executor = createWebhookExecutor({
      url: slow.url,
      clock: recordingClock(),
      // Long enough for a loaded machine to answer the retry, short enough to keep the test quick.
      timeoutMs: 250,
      retries: 1,
    });
    const result = await executor.apply(context, signal);
    expect(result.detail).toMatchObject({ attempts: 2, signed: false });
    expect(slow.deliveries[1]!.headers['x-ripcord-signature']).toBeUndefined();
  });

  it('keeps the secret out of the journal when run in a plan', async () => {
    const { url } = await receiver([500]);
    const journal = new MemoryActionJournal();
    const executor = createWebhookExecutor({
      url: `${url}?key=${SECRET}`,
      secret: SECRET,
      clock: recordingClock(),
    });
    const run = await runPlan(
      {
        context,
        steps: [{ actionId: 'evt_42/webhook:default', kind: 'external', executor, onFailure: 'continue' }],
      },
      { journal, clock: recordingClock() },
    );
    expect(run.outcome).toBe('succeeded');
    expect(JSON.stringify(await journal.list('evt_42'))).not.toContain(SECRET);
  });

  it('remembers a delivery: a repeat sends nothing and its plan says so', async () => {
    const { url, deliveries } = await receiver();
    const executor = createWebhookExecutor({ name: 'ops', url, clock: recordingClock() });
    expect(await executor.plan(context, signal)).toEqual({
      changes: true,
      summary: `webhook:ops: POST rollback evt_42/webhook:ops to ${url}`,
      detail: { endpoint: url },
    });
    await executor.apply(context, signal);
    expect(await executor.apply(context, signal)).toEqual({
      changed: false,
      detail: { endpoint: url, status: 200, attempts: 0 },
    });
    expect(deliveries).toHaveLength(1);
    expect(await executor.plan(context, signal)).toMatchObject({ changes: false });
    await executor.apply({ ...context, eventId: 'evt_43' }, signal);
    expect(deliveries).toHaveLength(2);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => createWebhookExecutor({ url: 'ftp://example.com/x' })).toThrow(
      /url: use http or https, not ftp/,
    );
    expect(() => createWebhookExecutor({ url: 'not a url' })).toThrow(/url: give an absolute http\(s\) URL/);
  });

  it('announces an escalation under its own name, header, body type and idempotency key', async () => {
    const { url, deliveries } = await receiver();
    const executor = createWebhookExecutor({
      name: 'ops',
      url,
      secret: SECRET,
      clock: recordingClock(),
      event: 'escalation',
    });
    await executor.apply({ ...context, reason: 'metrics did not recover' }, signal);
    expect(executor.name).toBe('webhook-escalation:ops');
    const [delivery] = deliveries;
    expect(delivery?.headers['x-ripcord-event']).toBe('escalation');
    expect(delivery?.headers['idempotency-key']).toBe('evt_42/webhook-escalation:ops');
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: 'ripcord.escalation',
      eventId: 'evt_42',
      reason: 'metrics did not recover',
    });
  });
});
