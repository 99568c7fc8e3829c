/**
 * The remote gateway's side of fleet telemetry (gateway/telemetry-shipper.ts) against a control
 * plane stand-in over real HTTP: what was recorded leaves with the next flush, the current second
 * included and without waiting for it to close; each observation leaves once; a failed post is
 * retried with the same sequence; a queue the control plane does not take is bounded; and a
 * request recorded into a second already shipped leaves with the next post instead of being lost.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryShipper, TELEMETRY_PATH, type ShippedBatch } from '../../src/gateway/telemetry-shipper.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';

const START = 1_700_000_000_000;

interface Received {
  gateway: string | undefined;
  authorization: string | undefined;
  batch: ShippedBatch;
}

async function standIn(
  status: () => number,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const code = status();
      if (req.url === TELEMETRY_PATH && code < 300)
        received.push({
          gateway: req.headers['x-ripcord-gateway'] as string | undefined,
          authorization: req.headers.authorization,
          batch: JSON.parse(body) as ShippedBatch,
        });
      res.statusCode = code;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function setup(url: string, options: { maxQueuedBuckets?: number; maxAgeMs?: number } = {}) {
  let now = START;
  const clock = { now: () => now, sleep: () => Promise.resolve() };
  const source = createTelemetry({ clock, schemas: () => undefined });
  const shipper = new TelemetryShipper(source, {
    url,
    token: 'secret-token-0123456789',
    name: 'edge-7',
    telemetry: { clock, schemas: () => undefined },
    ...options,
  });
  const recorder = shipper.wrap();
  const record = (atMs: number, release = 'v1'): void =>
    recorder.record({ model: 'm', release, region: 'eu', at: atMs, outcome: 'ok', latencyMs: 5 });
  return { shipper, record, setNow: (t: number) => (now = t), source };
}

const requests = (received: Received[]): number =>
  received.flatMap((r) => r.batch.buckets).reduce((n, b) => n + b.n, 0);

describe('TelemetryShipper', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('ships what was recorded with the next flush, the open second included, named and authenticated', async () => {
    const plane = await standIn(() => 200);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url);
    for (let i = 0; i < 4; i++) record(START + i * 100);
    setNow(START + 450); // the second is still open
    await shipper.tick(START + 450);
    expect(requests(plane.received)).toBe(4);
    expect(plane.received[0]).toMatchObject({
      gateway: 'edge-7',
      authorization: 'Bearer secret-token-0123456789',
    });
    // The rest of the same second leaves as a delta: nothing already sent is sent again.
    for (let i = 5; i < 10; i++) record(START + i * 100);
    setNow(START + 950);
    await shipper.tick(START + 950);
    expect(requests(plane.received)).toBe(9);
    expect(plane.received.map((r) => r.batch.buckets.map((b) => [b.sec, b.n]))).toEqual([
      [[START / 1000, 4]],
      [[START / 1000, 5]],
    ]);
    await shipper.tick(START + 1_100);
    expect(plane.received).toHaveLength(2); // nothing new, no post
    expect(shipper.status()).toMatchObject({ shippedBuckets: 2, queuedBuckets: 0, droppedBuckets: 0 });
  });

  it('posts a recorded request within a flush interval of real time once started', async () => {
    const plane = await standIn(() => 200);
    closers.push(plane.close);
    const source = createTelemetry({
      clock: { now: Date.now, sleep: () => Promise.resolve() },
      schemas: () => undefined,
    });
    const shipper = new TelemetryShipper(source, {
      url: plane.url,
      intervalMs: 50,
      telemetry: { schemas: () => undefined },
    });
    closers.push(() => shipper.close());
    const recorder = shipper.wrap();
    shipper.start();
    const at = Date.now();
    recorder.record({ model: 'm', release: 'v1', region: 'eu', at, outcome: 'serverError', latencyMs: 5 });
    while (plane.received.length === 0 && Date.now() - at < 5_000) await new Promise((r) => setTimeout(r, 5));
    // Closed seconds on a 1 s timer 2 s behind took 2 to 3 s; a flush every 50 ms takes well under 1 s.
    expect(Date.now() - at).toBeLessThan(500);
    expect(requests(plane.received)).toBe(1);
  });

  it('retries a failed post with the same sequence number and buckets', async () => {
    let code = 503;
    const plane = await standIn(() => code);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url);
    record(START);
    setNow(START + 1_100);
    await shipper.tick(START + 1_100);
    expect(shipper.status().lastError).toMatch(/503/);
    record(START + 1_000);
    code = 200;
    setNow(START + 2_100);
    await shipper.tick(START + 2_100);
    expect(plane.received.map((r) => r.batch.seq)).toEqual([1, 2]);
    expect(plane.received[0]!.batch.buckets.map((b) => b.sec)).toEqual([START / 1000]);
    expect(requests(plane.received)).toBe(2);
  });

  it('drops the oldest buckets when the control plane is away too long, and counts them', async () => {
    const plane = await standIn(() => 503);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url, { maxQueuedBuckets: 3, maxAgeMs: 600_000 });
    for (let s = 0; s < 10; s++) {
      record(START + s * 1000);
      setNow(START + s * 1000 + 100);
      await shipper.tick(START + s * 1000 + 100);
    }
    const status = shipper.status();
    expect(status.queuedBuckets).toBeLessThanOrEqual(4); // three queued, one in flight
    expect(status.droppedBuckets).toBeGreaterThanOrEqual(6);
    expect(status.droppedBuckets + status.queuedBuckets).toBe(10);
  });

  it('sends a request recorded into a second already shipped with the next post', async () => {
    const plane = await standIn(() => 200);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url);
    record(START + 100);
    setNow(START + 3_100);
    await shipper.tick(START + 3_100);
    record(START + 200); // a slow request that arrived in the shipped second
    setNow(START + 4_100);
    await shipper.tick(START + 4_100);
    expect(requests(plane.received)).toBe(2);
    expect(plane.received.map((r) => r.batch.buckets.map((b) => b.sec))).toEqual([
      [START / 1000],
      [START / 1000],
    ]);
  });
});
