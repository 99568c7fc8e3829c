/**
 * Verification after a rollback: the rollout's triggers, run through the judges on the target
 * (since traffic was restored, against its own window before the incident), within `verify.within`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/controller/controller-deps.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { Incident } from '../../src/incidents/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const LATENCY = 'hard: p95 latency up > 30% for 10s';
const canary = (over: Partial<RolloutSpecInput> = {}): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
  analysis: { triggers: [LATENCY, 'soft: error rate > 5% for 10s'] },
  verify: { within: '20s' },
  ...over,
});

/** Starts the canary, lets v2's p95 rise 100 % until it is rolled back; returns the incident id. */
async function rollBack(h: Harness, spec: RolloutSpecInput = canary()): Promise<string> {
  await h.controller.startRollout(spec, admin);
  for (let s = 0; s < 10; s += 1) await h.second();
  for (let s = 0; s < 120; s += 1) {
    if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack') break;
    await h.second({ v2LatencyMs: 40 });
  }
  const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
  expect(status.phase).toBe('RolledBack');
  expect(status.rollback?.verification).toBe('pending');
  return status.rollback!.eventId;
}

async function incident(h: Harness, id: string): Promise<Incident> {
  return (await h.controller.deps.incidents.require(id)).body;
}

for (const database of await testDatabases()) {
  describe(`rollback verification on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('resolves once the judges read every hard trigger ok on the target, with the readings as evidence', async () => {
      h = await createHarness(database);
      const id = await rollBack(h);
      await h.second();
      let seconds = 1;
      while ((await incident(h, id)).status === 'verifying' && seconds < 25) {
        await h.second();
        seconds += 1;
      }
      const resolved = await incident(h, id);
      expect(resolved.status).toBe('resolved');
      expect(seconds).toBeLessThan(20);
      expect(resolved.verification?.message).toMatch(
        /^\d+ requests on recsys-v1-enc4, error rate 0\.\d\d %, none on recsys-v2-enc5; judges: hard: p95 latency up > 30% for 10s: ok$/,
      );
      const readings = resolved.evidence.verification?.readings ?? [];
      expect(readings.map((r) => [r.trigger, r.status])).toEqual([
        [LATENCY, 'ok'],
        ['soft: error rate > 5% for 10s', 'ok'],
      ]);
      // Judged against the target's own window before the incident.
      expect(readings[0]?.observed).toBeGreaterThan(0);
      expect(readings[0]?.baseline).toBeGreaterThan(0);
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(status.rollback).toMatchObject({
        verification: 'verified',
        verifiedAt: resolved.times.verifiedAt,
      });
      expect(status.rollback?.trafficRestoredAt).toBeLessThanOrEqual(status.rollback!.executedAt!);
    });

    it('escalates when the target itself breaches a hard trigger after the rollback, and tells the webhook', async () => {
      const deliveries: { event: string | undefined; body: Record<string, unknown> }[] = [];
      const receiver = http.createServer((req, res) => {
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString()));
        req.on('end', () => {
          deliveries.push({
            event: req.headers['x-ripcord-event'] as string | undefined,
            body: JSON.parse(text) as Record<string, unknown>,
          });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        h = await createHarness(database);
        const events: RolloutEvent[] = [];
        h.controller.subscribe((e) => events.push(e));
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
        const id = await rollBack(h, canary({ webhooks: [{ name: 'pager', url }] }));
        // The fault was not the release's: the target is as slow after the rollback.
        for (let s = 0; s < 19; s += 1) await h.second({ v1LatencyMs: 40 });
        expect((await incident(h, id)).status).toBe('verifying');
        await h.second({ v1LatencyMs: 40 });
        await h.second({ v1LatencyMs: 40 });
        const escalated = await incident(h, id);
        expect(escalated.status).toBe('escalated');
        expect(escalated.escalation).toMatch(
          /^metrics did not recover: hard: p95 latency up > 30% for 10s: /,
        );
        expect(escalated.evidence.verification?.readings[0]).toMatchObject({ trigger: LATENCY });
        expect(escalated.evidence.verification?.readings[0]?.status).not.toBe('ok');
        expect(
          (await h.controller.deps.rollouts.require('recsys-v2')).body.status.rollback?.verification,
        ).toBe('escalated');
        expect(events.filter((e) => e.type === 'incident').map((e) => e.message)).toEqual([
          `incident ${id} opened`,
          expect.stringMatching(new RegExp(`^incident ${id} escalated: `)),
        ]);
        expect(deliveries.map((d) => [d.event, d.body['type'], d.body['eventId']])).toEqual([
          ['rollback', 'ripcord.rollback', id],
          ['escalation', 'ripcord.escalation', id],
        ]);
        expect(deliveries[1]?.body['reason']).toMatch(/p95 latency up > 30%/);
        // Exactly once: later ticks neither re-judge nor re-notify.
        for (let s = 0; s < 3; s += 1) await h.second();
        expect(deliveries).toHaveLength(2);
      } finally {
        await new Promise((resolve) => receiver.close(resolve));
      }
    });

    it('never counts insufficient data as recovered: it waits for enough of it, up to ten windows', async () => {
      h = await createHarness(database);
      const id = await rollBack(h);
      // Two requests a second: below the latency judge's minimum sample for the first 50 s.
      for (let s = 0; s < 25; s += 1) await h.second({ rps: 2 });
      const waiting = await incident(h, id);
      expect(waiting.status).toBe('verifying');
      expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.rollback?.verification).toBe(
        'pending',
      );
      let seconds = 25;
      while ((await incident(h, id)).status === 'verifying' && seconds < 200) {
        await h.second({ rps: 2 });
        seconds += 1;
      }
      const resolved = await incident(h, id);
      expect(resolved.status).toBe('resolved');
      expect(seconds).toBeGreaterThanOrEqual(45);
      expect(resolved.evidence.verification?.readings[0]?.status).toBe('ok');
    });

    it('waits ten verification windows without any traffic before escalating', async () => {
      h = await createHarness(database);
      const id = await rollBack(h);
      for (let s = 0; s < 199; s += 1) await h.second({ rps: 0 });
      expect((await incident(h, id)).status).toBe('verifying');
      for (let s = 0; s < 2; s += 1) await h.second({ rps: 0 });
      const escalated = await incident(h, id);
      expect(escalated.status).toBe('escalated');
      expect(escalated.escalation).toMatch(/no traffic reached recsys-v1-enc4 within 200000 ms/);
    });
  });
}
