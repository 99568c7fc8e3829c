/**
 * A remote gateway's failed requests reach the control plane's judges without waiting for the
 * shipper's steady flush: the rollback waits on them. Healthy traffic still leaves once an
 * interval, so a quiet fleet does not post more often.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { TelemetryShipper, TELEMETRY_PATH, type ShippedBatch } from '../../src/gateway/telemetry-shipper.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import type { Outcome } from '../../src/telemetry/types.js';

interface StandIn {
  url: string;
  posts: ShippedBatch[];
  /** Every post, refused ones included. */
  attempts: () => number;
  close(): Promise<void>;
}

async function standIn(status = 200): Promise<StandIn> {
  const posts: ShippedBatch[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      attempts++;
      if (req.url === TELEMETRY_PATH && status < 300) posts.push(JSON.parse(body) as ShippedBatch);
      res.statusCode = status;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a failed request hurries the telemetry flush', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function started(failureFlushMs: number, status = 200) {
    const plane = await standIn(status);
    const shipper = new TelemetryShipper(
      createTelemetry({ clock: { now: Date.now, sleep: () => Promise.resolve() }, schemas: () => undefined }),
      // A steady flush far beyond the test: any post within it was hurried.
      { url: plane.url, intervalMs: 60_000, failureFlushMs, telemetry: { schemas: () => undefined } },
    );
    closers.push(async () => {
      await shipper.close();
      await plane.close();
    });
    const recorder = shipper.wrap();
    shipper.start();
    const record = (outcome: Outcome): void =>
      recorder.record({ model: 'm', release: 'v2', region: 'eu', at: Date.now(), outcome, latencyMs: 5 });
    const until = async (check: () => boolean, ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      while (!check() && Date.now() < deadline) await sleep(5);
    };
    return { plane, record, until };
  }

  it('posts a server error within failureFlushMs, with what was recorded beside it', async () => {
    const { plane, record, until } = await started(50);
    record('ok');
    record('ok');
    const at = Date.now();
    record('serverError');
    await until(() => plane.posts.length > 0, 5_000);
    expect(Date.now() - at).toBeLessThan(2_000);
    expect(plane.posts).toHaveLength(1);
    const buckets = plane.posts[0]!.buckets;
    expect(buckets.reduce((n, b) => n + b.n, 0)).toBe(3);
  });

  it('keeps posting while requests keep failing, at most once per failureFlushMs', async () => {
    const { plane, record, until } = await started(100);
    const began = Date.now();
    let recorded = 0;
    while (Date.now() - began < 700) {
      record('timeout');
      recorded++;
      await sleep(10);
    }
    await until(() => false, 400);
    const elapsed = Date.now() - began;
    // Every failure shipped, in several posts, none more often than one per 100 ms.
    const shipped = plane.posts.flatMap((p) => p.buckets).reduce((n, b) => n + b.n, 0);
    expect(plane.posts.length).toBeGreaterThanOrEqual(3);
    expect(plane.posts.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(shipped).toBe(recorded);
  });

  it('leaves healthy traffic to the steady flush', async () => {
    const { plane, record, until } = await started(20);
    for (let i = 0; i < 20; i++) record(i % 2 ? 'ok' : 'clientError');
    await until(() => plane.posts.length > 0, 300);
    expect(plane.posts).toHaveLength(0);
  });

  it('does not hurry retries at a control plane that refuses posts: they keep the steady interval', async () => {
    const { plane, record, until } = await started(20, 503);
    const began = Date.now();
    while (Date.now() - began < 600) {
      record('serverError');
      await sleep(10);
    }
    await until(() => false, 100);
    // The first failure's post is refused; the failures after it wait for the steady flush.
    expect(plane.attempts()).toBe(1);
  });
});
