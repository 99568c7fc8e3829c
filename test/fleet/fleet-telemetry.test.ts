/**
 * The control plane's merge of remote gateways' buckets (server/fleet-telemetry.ts), on each
 * store: posts merged once however often they are retried, counted per gateway, bounded, and —
 * through the store — seen by every replica, the one the gateway did not post to included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { ValidationError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { FleetTelemetry } from '../../src/server/fleet-telemetry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/create-telemetry.js';
import type { SerializedBucket } from '../../src/telemetry/release-bucket.js';
import { testDatabases } from '../support/databases.js';

const START = 1_700_000_000_000;

function clockAt(ms: number): Clock & { set(ms: number): void } {
  let now = ms;
  return { now: () => now, sleep: () => Promise.resolve(), set: (t) => (now = t) };
}

/** A gateway's telemetry with `n` requests of (m, release) at second `sec`, exported as it ships. */
function gatewayBuckets(
  clock: Clock,
  release: string,
  sec: number,
  n: number,
  errors = 0,
): SerializedBucket[] {
  const t = createTelemetry({ clock, schemas: () => undefined });
  for (let i = 0; i < n; i++)
    t.record({
      model: 'm',
      release,
      region: 'eu',
      at: sec * 1000 + i,
      outcome: i < errors ? 'serverError' : 'ok',
      latencyMs: 10,
    });
  return t.exportBuckets(0).buckets;
}

function plane(clock: Clock, store?: Store): { fleet: FleetTelemetry; telemetry: Telemetry } {
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  return {
    telemetry,
    fleet: new FleetTelemetry({ telemetry: () => telemetry, clock, logger: silentLogger, store }),
  };
}

describe('fleet telemetry in one control plane', () => {
  it('merges every gateway into the judged windows and says how many contributed', async () => {
    const clock = clockAt(START + 10_000);
    const { fleet, telemetry } = plane(clock);
    const sec = START / 1000 + 5;
    await fleet.ingest('edge-1', {
      instance: 'i1',
      seq: 1,
      buckets: gatewayBuckets(clock, 'v2', sec, 60, 6),
    });
    await fleet.ingest('edge-2', {
      instance: 'i2',
      seq: 1,
      buckets: gatewayBuckets(clock, 'v2', sec, 40, 4),
    });
    fleet.noteLocal('m', 'v2', sec);
    const w = fleet.reader(telemetry).window({ model: 'm', release: 'v2', from: START, to: START + 10_000 });
    expect(w.requests).toBe(100);
    expect(w.outcomes.serverError).toBe(10);
    expect(w.gateways).toBe(3);
    const series = fleet.reader(telemetry).series({
      model: 'm',
      release: 'v2',
      from: START,
      to: START + 10_000,
      stepMs: 5_000,
    });
    expect(series.map((s) => s.gateways)).toEqual([0, 3]);
    expect(
      fleet
        .members()
        .map((g) => g.name)
        .sort(),
    ).toEqual(['edge-1', 'edge-2']);
  });

  it('merges a retried post once, and a restarted gateway (new instance) from its first post', async () => {
    const clock = clockAt(START + 10_000);
    const { fleet, telemetry } = plane(clock);
    const buckets = gatewayBuckets(clock, 'v1', START / 1000 + 1, 10);
    expect(await fleet.ingest('edge', { instance: 'a', seq: 1, buckets })).toEqual({
      accepted: 1,
      duplicate: false,
    });
    expect(await fleet.ingest('edge', { instance: 'a', seq: 1, buckets })).toEqual({
      accepted: 0,
      duplicate: true,
    });
    await fleet.ingest('edge', { instance: 'b', seq: 1, buckets });
    expect(telemetry.window({ model: 'm', release: 'v1', from: START, to: START + 10_000 }).requests).toBe(
      20,
    );
    expect(fleet.members()[0]).toMatchObject({ name: 'edge', instance: 'b', duplicatePosts: 1, posts: 2 });
  });

  it('counts buckets for seconds already settled as late, and merges them', async () => {
    const clock = clockAt(START + 60_000);
    const { fleet, telemetry } = plane(clock);
    await fleet.ingest('slow', {
      instance: 'a',
      seq: 1,
      buckets: gatewayBuckets(clock, 'v1', START / 1000 + 1, 5),
    });
    expect(fleet.members()[0]!.lateBuckets).toBe(1);
    expect(telemetry.window({ model: 'm', release: 'v1', from: START, to: START + 60_000 }).requests).toBe(5);
  });

  it('refuses a post over the bucket limit whole, naming the field', async () => {
    const clock = clockAt(START + 10_000);
    const telemetry = createTelemetry({ clock, schemas: () => undefined });
    const fleet = new FleetTelemetry({
      telemetry: () => telemetry,
      clock,
      logger: silentLogger,
      maxBucketsPerPost: 1,
    });
    const buckets = [
      ...gatewayBuckets(clock, 'v1', START / 1000 + 1, 1),
      ...gatewayBuckets(clock, 'v2', START / 1000 + 1, 1),
    ];
    await expect(fleet.ingest('edge', { instance: 'a', seq: 1, buckets })).rejects.toThrow(ValidationError);
    expect(telemetry.window({ model: 'm', release: 'v1', from: START, to: START + 10_000 }).requests).toBe(0);
  });

  it('holds at most maxGateways gateways', async () => {
    const clock = clockAt(START + 10_000);
    const telemetry = createTelemetry({ clock, schemas: () => undefined });
    const fleet = new FleetTelemetry({
      telemetry: () => telemetry,
      clock,
      logger: silentLogger,
      maxGateways: 2,
    });
    const buckets = gatewayBuckets(clock, 'v1', START / 1000 + 1, 1);
    await fleet.ingest('a', { instance: 'a', seq: 1, buckets });
    await fleet.ingest('b', { instance: 'b', seq: 1, buckets });
    await expect(fleet.ingest('c', { instance: 'c', seq: 1, buckets })).rejects.toThrow(/maxGateways/);
  });
});

for (const database of await testDatabases()) {
  describe(`fleet telemetry shared through the store (${database.name})`, () => {
    const stores: Store[] = [];
    afterAll(async () => {
      for (const s of stores) await s.close();
    });

    it('every replica merges every post, whichever replica took it, once', async () => {
      const store = await database.open();
      stores.push(store);
      const clock = clockAt(START + 10_000);
      const a = plane(clock, store);
      const b = plane(clock, store);
      const sec = START / 1000 + 5;
      const post = { instance: 'i', seq: 1, buckets: gatewayBuckets(clock, 'v2', sec, 30, 3) };
      await a.fleet.ingest('edge-1', post);
      // The same post retried against the other replica is stored once.
      await b.fleet.ingest('edge-1', post);
      await b.fleet.ingest('edge-2', {
        instance: 'j',
        seq: 1,
        buckets: gatewayBuckets(clock, 'v2', sec, 20),
      });
      for (const replica of [a, b]) {
        await replica.fleet.poll();
        await replica.fleet.poll();
        const w = replica.fleet
          .reader(replica.telemetry)
          .window({ model: 'm', release: 'v2', from: START, to: START + 10_000 });
        expect(w.requests).toBe(50);
        expect(w.gateways).toBe(2);
      }
    });

    it('the replica a gateway posts to judges the post at once, without waiting for a poll', async () => {
      const store = await database.open();
      stores.push(store);
      const clock = clockAt(START + 10_000);
      const leader = plane(clock, store);
      const other = plane(clock, store);
      const post = { instance: 'i', seq: 1, buckets: gatewayBuckets(clock, 'v2', START / 1000 + 9, 12, 12) };
      await leader.fleet.ingest('edge-1', post);
      const read = (replica: typeof leader) =>
        replica.fleet
          .reader(replica.telemetry)
          .window({ model: 'm', release: 'v2', from: START, to: START + 10_000 });
      expect(read(leader).outcomes.serverError).toBe(12);
      expect(read(other).requests).toBe(0); // the other replica: on its next poll
      await other.fleet.poll();
      await leader.fleet.poll();
      expect(read(other).requests).toBe(12);
      expect(read(leader).requests).toBe(12); // its poll does not merge its own post again
    });

    it('a replica that starts later catches up on the posts still kept', async () => {
      const store = await database.open();
      stores.push(store);
      const clock = clockAt(START + 10_000);
      const a = plane(clock, store);
      await a.fleet.ingest('edge', {
        instance: 'i',
        seq: 1,
        buckets: gatewayBuckets(clock, 'v1', START / 1000 + 2, 7),
      });
      clock.set(START + 40_000);
      const late = plane(clock, store);
      await late.fleet.poll();
      expect(
        late.telemetry.window({ model: 'm', release: 'v1', from: START, to: START + 40_000 }).requests,
      ).toBe(7);
    });
  });
}
