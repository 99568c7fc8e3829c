import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import { type Gateway } from '../../src/gateway/create-gateway.js';
import type { ShadowReport } from '../../src/gateway/shadow/shadow-report.js';
import {
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  send,
  snapshot,
  startBackend,
  type Seen,
  type TestBackend,
  serveGateway,
  type ServedGateway,
} from './kit.js';

let primary: TestBackend;
let held: TestBackend;
let diverging: TestBackend;
let gateway: Gateway;
let base: string;
let served: ServedGateway;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 2, 30)); // 02:30 UTC: the night segment
const waiting: (() => void)[] = [];

const countryOf = (seen: Seen): string =>
  (JSON.parse(seen.body) as { instances: { country: string }[] }).instances[0]!.country;
const answer = (country: string, shift: number) => ({
  predictions: [{ items: country === 'us' ? ['z', 'y', 'a'] : ['a', 'b', 'c'], score: 0.5 + shift }],
});

beforeAll(async () => {
  primary = await startBackend((seen, res) => jsonReply(answer(countryOf(seen), 0))(seen, res));
  // Holds every request until the test lets go: proves the user never waits for the shadow.
  held = await startBackend((seen, res) =>
    waiting.push(() => jsonReply(answer(countryOf(seen), 0))(seen, res)),
  );
  // Agrees for "de" (score within tolerance), disagrees for "us".
  diverging = await startBackend((seen, res) => {
    const country = countryOf(seen);
    jsonReply(country === 'us' ? answer('de', 0) : answer(country, 1e-9))(seen, res);
  });
  served = await serveGateway({ clock }, [primary, held, diverging]);
  ({ gateway, base } = served);
});

afterAll(async () => {
  for (const w of waiting.splice(0)) w();
  await served.close();
});

const routes = (
  shadowUrl: string,
  mirror: Partial<NonNullable<NonNullable<Parameters<typeof policy>[2]>['mirror']>> = {},
) =>
  snapshot({
    models: [model('recsys', { predictionPath: '$.predictions[*].items' })],
    releases: [release('v1', 'recsys', [primary.url]), release('v2', 'recsys', [shadowUrl])],
    policies: [
      policy('recsys', 'v1', {
        mirror: {
          release: 'v2',
          percent: 100,
          timeoutMs: 2_000,
          maxConcurrency: 2,
          maxQueue: 1,
          segmentBy: ['country', 'header:x-tier'],
          compare: { numericTolerance: 1e-6, topK: 3 },
          ...mirror,
        },
      }),
    ],
  });

const predict = (country: string, tier = 'free') =>
  send(base, PREDICT, { body: JSON.stringify({ instances: [{ country }] }), headers: { 'x-tier': tier } });

async function until<T>(read: () => T | undefined, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = read();
    if (v !== undefined && ok(v)) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`condition not reached; last value ${JSON.stringify(read())}`);
}

describe('shadow traffic', () => {
  it('answers users while the shadow backend holds every copy, and counts drops past the queue', async () => {
    gateway.setRoutes(routes(held.url));
    for (let i = 0; i < 6; i++) {
      const r = await predict('de');
      // Answered by the primary while shadow copies are still held open.
      expect(r.status).toBe(200);
      expect(r.headers['x-ripcord-release']).toBe('v1');
      expect(r.json()).toEqual(answer('de', 0));
    }
    await until(
      () => held.seen.length,
      (n) => n === 2,
    );
    expect(waiting).toHaveLength(2); // maxConcurrency
    const before = gateway.shadowReport('recsys')!;
    expect(before.dropped).toBe(3); // 6 − 2 in flight − 1 queued
    expect(gateway.telemetry.shadowTotals()).toContainEqual({
      model: 'recsys',
      release: 'v2',
      event: 'dropped',
      count: 3,
    });
    // Let go: the queued copy runs next, then all three compare equal.
    while (held.seen.length < 3 || waiting.length > 0) {
      for (const w of waiting.splice(0)) w();
      await new Promise((r) => setTimeout(r, 10));
    }
    const report = await until(
      () => gateway.shadowReport('recsys'),
      (r) => r.overall.compared === 3,
    );
    expect(report.mirrored).toBe(3);
    expect(report.overall.exactRate).toBe(1);
  });

  it('times out slow shadow calls on their own timeout', async () => {
    gateway.setRoutes(routes(held.url, { timeoutMs: 50, maxConcurrency: 4 }));
    const before = gateway.shadowReport('recsys')!.overall.timeouts;
    expect((await predict('de')).status).toBe(200);
    await until(
      () => gateway.shadowReport('recsys'),
      (r) => r.overall.timeouts === before + 1,
    );
    for (const w of waiting.splice(0)) w();
  });

  it('diffs outputs per segment (configured keys and hour of day) and serves the report', async () => {
    gateway.setRoutes(
      snapshot({
        ...routes(diverging.url),
        releases: [release('v1', 'recsys', [primary.url]), release('v3', 'recsys', [diverging.url])],
        policies: [
          policy('recsys', 'v1', {
            mirror: {
              ...routes(diverging.url).policies[0]!.mirror!,
              release: 'v3',
              maxConcurrency: 8,
              maxQueue: 64,
            },
          }),
        ],
      }),
    );
    for (let i = 0; i < 4; i++) await predict('de', 'pro');
    for (let i = 0; i < 2; i++) await predict('us');
    const report = await until(
      () => gateway.shadowReport('recsys'),
      (r) => r.release === 'v3' && r.overall.compared === 6,
    );
    const seg = (key: string, value: string) =>
      report.segments.find((s) => s.key === key && s.value === value)!;
    expect(seg('country', 'de')).toMatchObject({
      compared: 4,
      exactRate: 0,
      toleranceRate: 1,
      meanJaccard: 1,
      labelAgreement: 1,
    });
    // "us": primary z,y,a vs shadow a,b,c → Jaccard 1/5, no position agrees.
    expect(seg('country', 'us')).toMatchObject({
      compared: 2,
      exactRate: 0,
      toleranceRate: 0,
      labelAgreement: 0,
    });
    expect(seg('country', 'us').meanJaccard).toBeCloseTo(0.2);
    expect(seg('header:x-tier', 'pro').compared).toBe(4);
    expect(seg('hour', '02').compared).toBe(6);
    const served = (await send(base, '/shadow/recsys')).json() as ShadowReport;
    expect(served.release).toBe('v3');
    expect(served.segments).toEqual(report.segments);
    expect((await send(base, '/shadow/other')).status).toBe(404);
  });
});
