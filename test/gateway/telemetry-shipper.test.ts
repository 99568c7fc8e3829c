/**
 * The remote gateway's side of fleet telemetry (gateway/telemetry-shipper.ts) against a control
 * plane stand-in over real HTTP: closed seconds leave after the lag, a failed post is retried
 * with the same sequence, a queue the control plane does not take is bounded, and a request
 * recorded into a second already shipped leaves with the next post instead of being lost.
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
    lagMs: 2_000,
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

  it('ships closed seconds after the lag, named and authenticated like the routing stream', async () => {
    const plane = await standIn(() => 200);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url);
    for (let i = 0; i < 10; i++) record(START + i * 100);
    setNow(START + 1_500);
    await shipper.tick(START + 1_500);
    expect(plane.received).toHaveLength(0); // the second ended less than the lag ago
    setNow(START + 3_100);
    await shipper.tick(START + 3_100);
    expect(requests(plane.received)).toBe(10);
    expect(plane.received[0]).toMatchObject({
      gateway: 'edge-7',
      authorization: 'Bearer secret-token-0123456789',
    });
    expect(shipper.status()).toMatchObject({ shippedBuckets: 1, queuedBuckets: 0, droppedBuckets: 0 });
  });

  it('retries a failed post with the same sequence number and buckets', async () => {
    let code = 503;
    const plane = await standIn(() => code);
    closers.push(plane.close);
    const { shipper, record, setNow } = setup(plane.url);
    record(START);
    setNow(START + 3_100);
    await shipper.tick(START + 3_100);
    expect(shipper.status().lastError).toMatch(/503/);
    record(START + 3_000);
    code = 200;
    setNow(START + 6_100);
    await shipper.tick(START + 6_100);
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
      setNow(START + s * 1000 + 3_100);
      await shipper.tick(START + s * 1000 + 3_100);
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
  });
});
