import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { IncidentNotice } from '../../src/notifiers/notifier.js';
import { controlPlaneMetrics } from '../../src/server/control-plane-metrics.js';
import { SampleStore } from '../../src/telemetry/sample-store.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { sampled, warmHarness, type WarmHarness } from './warm-up-harness.js';

const rollout = (warmUp: Record<string, unknown> | undefined): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  rollbackTo: 'recsys-v1-enc4',
  canary: { steps: [{ setWeight: 50 }, { pause: { duration: '10s' } }, { setWeight: 100 }] },
  analysis: { triggers: ['hard: error rate > 5% for 30s'] },
  ...(warmUp && { warmUp }),
});
const example = { path: '/v1/models/recsys:predict', body: { instances: [{ user_id: 'warm-1' }] } };

for (const database of await testDatabases()) {
  describe(`warm rollback target on ${database.name}`, () => {
    let h: WarmHarness;
    afterEach(async () => h.close());

    /** Ten seconds of v1 traffic at ~1 s: the target's own latency baseline. */
    const withBaseline = async () => {
      for (let s = 0; s < 10; s += 1) await h.second();
    };

    it("replays the target's own sampled requests, within its baseline, and starts", async () => {
      h = await warmHarness(database);
      await withBaseline();
      for (let i = 0; i < 3; i += 1) sampled(h.samples, 'recsys-v1-enc4', { instances: [{ user_id: i }] }, i);
      sampled(h.samples, 'recsys-v2-enc5', { instances: [{ user_id: 'candidate' }] }, 9);
      const doc = await h.controller.startRollout(rollout({ requests: 6 }), admin);
      expect(h.server.received).toHaveLength(6);
      for (const r of h.server.received) {
        expect(r.path).toBe('/v1/models/recsys:predict');
        expect(r.release).toBe('recsys-v1-enc4');
        expect(JSON.parse(r.body)).toMatchObject({ instances: [{ user_id: expect.any(Number) }] });
      }
      expect(doc.status.warmTarget).toMatchObject({
        release: 'recsys-v1-enc4',
        warm: true,
        condition: 'TargetWarm',
        source: { kind: 'sampled' },
        sent: 6,
        failed: 0,
      });
      expect(doc.status.warmTarget?.baselineP95Ms).toBeGreaterThan(900);
      expect(doc.status.warmTarget?.limitMs).toBeCloseTo(doc.status.warmTarget!.baselineP95Ms! * 1.5, 1);
      expect(doc.status.warmTarget?.p95Ms).toBeLessThan(doc.status.warmTarget!.limitMs!);
    });

    it("reads the target's latency baseline from the rollout's own Prometheus, not the gateway's telemetry", async () => {
      h = await warmHarness(database);
      // The control plane's telemetry has a baseline; the rollout names a Prometheus that is down.
      await withBaseline();
      const spec = rollout({ requests: 2, examples: [example] });
      const doc = await h.controller.startRollout(
        {
          ...spec,
          analysis: { ...spec.analysis, provider: { prometheus: { address: 'http://127.0.0.1:9' } } },
        },
        admin,
      );
      expect(doc.status.warmTarget).toMatchObject({ warm: true, baselineP95Ms: null, limitMs: null });
      expect(doc.status.warmTarget?.message).toMatch(
        /no latency baseline: its telemetry could not be read \(prometheus: .+ from http:\/\/127\.0\.0\.1:9: .+\) in the last 1h/,
      );
    });

    it('falls back to the recorded examples when the sampled bodies were redacted, and says so', async () => {
      h = await warmHarness(database);
      await withBaseline();
      const samples = new SampleStore({ rate: 1 });
      sampled(samples, 'recsys-v1-enc4', { instances: [{ user_id: 1 }], token: 'abc' }, 1);
      await h.close();
      h = await warmHarness(database);
      await withBaseline();
      sampled(h.samples, 'recsys-v1-enc4', samples.freeze('recsys', 'recsys-v1-enc4')[0]!.request.body, 1);
      const doc = await h.controller.startRollout(rollout({ requests: 2, examples: [example] }), admin);
      expect(h.server.received.map((r) => JSON.parse(r.body))).toEqual([example.body, example.body]);
      expect(doc.status.warmTarget?.source).toEqual({
        kind: 'examples',
        note: 'none of 1 sampled request(s) of recsys-v1-enc4 can be replayed whole (redacted or failed)',
      });
    });

    it('refuses to start when the target answers slower than its own p95 × latencyFactor', async () => {
      h = await warmHarness(database);
      await withBaseline();
      h.server.behaviour.delayMs = 1800;
      await expect(
        h.controller.startRollout(rollout({ requests: 3, examples: [example] }), admin),
      ).rejects.toThrow(
        /refusing to start: rollback target "recsys-v1-enc4" is not warm \(warm-up p95 \d+\.\d ms is over \d+\.\d ms \(its own p95 \d+\.\d ms × 1\.5\)\)/,
      );
      expect(await h.controller.deps.rollouts.get('recsys-v2')).toBeUndefined();
      expect((await h.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
    });

    it('refuses to start when warm-up requests fail, though the health probe passes', async () => {
      h = await warmHarness(database);
      await withBaseline();
      h.server.behaviour.status = 503;
      await expect(
        h.controller.startRollout(rollout({ requests: 4, examples: [example] }), admin),
      ).rejects.toThrow(
        /not warm \(4 of 4 warm-up request\(s\) failed \(http:\/\/127\.0\.0\.1:\d+ answered 503\)\)/,
      );
    });

    it('names warmUp.examples when there is nothing to replay', async () => {
      h = await warmHarness(database);
      await expect(h.controller.startRollout(rollout({ requests: 2 }), admin)).rejects.toThrow(
        /warmUp\.examples: nothing to warm recsys-v1-enc4 up with \(no sampled traffic of recsys-v1-enc4 in this control plane\)/,
      );
      await expect(h.controller.startRollout(rollout({ fromSampledTraffic: false }), admin)).rejects.toThrow(
        /examples.*give at least one example request/s,
      );
    });

    it('keeps the previous stable warm after promotion, measured; going cold raises TargetCold and an alert', async () => {
      const notices: IncidentNotice[] = [];
      h = await warmHarness(database, {
        notifiers: () => [{ name: 'webhook:oncall', notify: (n) => Promise.resolve(void notices.push(n)) }],
      });
      await withBaseline();
      await h.controller.startRollout(
        rollout({ requests: 3, examples: [example], interval: '5s', keepFor: '2m' }),
        admin,
      );
      const status = async () => (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
      /** The interval (5 s) passes, then real time until a check started after now is recorded. */
      const nextReading = async () => {
        const since = h.clock.now();
        const tickMs: number[] = [];
        for (let s = 0; s < 6; s += 1) {
          const started = performance.now();
          await h.second();
          tickMs.push(performance.now() - started);
        }
        for (let i = 0; i < 400 && ((await status()).warmTarget?.at ?? 0) <= since; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          await h.controller.tick();
        }
        return { reading: (await status()).warmTarget!, tickMs };
      };
      for (let s = 0; s < 120 && (await status()).phase !== 'Guarding'; s += 1) await h.second();
      expect((await status()).phase).toBe('Guarding');
      const promotedAt = (await status()).promotedAt!;
      const { reading: warm } = await nextReading();
      expect(warm).toMatchObject({ release: 'recsys-v1-enc4', condition: 'TargetWarm', warm: true });
      expect(warm.at).toBeGreaterThanOrEqual(promotedAt);

      const metrics = controlPlaneMetrics({ controller: () => h.controller });
      expect(await metrics.body()).toMatch(
        /ripcord_target_warm_latency_seconds\{rollout="recsys-v2",model="recsys",release="recsys-v1-enc4",series="warm-up p95"\} \d/,
      );
      expect(await metrics.body()).toMatch(
        /ripcord_target_warm_latency_seconds\{rollout="recsys-v2",model="recsys",release="recsys-v1-enc4",series="limit"\} 1\.\d+/,
      );
      expect(await metrics.body()).toContain(
        'ripcord_target_warm{rollout="recsys-v2",model="recsys",release="recsys-v1-enc4"} 1',
      );

      h.server.behaviour.delayMs = 1800;
      const { reading: cold, tickMs } = await nextReading();
      // The check takes 3 × 1.8 s; the guard's passes go on meanwhile.
      expect(Math.max(...tickMs)).toBeLessThan(1800);
      expect(cold).toMatchObject({ condition: 'TargetCold', warm: false });
      expect(cold.message).toMatch(/warm-up p95 \d+\.\d ms is over/);
      const alerts = (await status()).alerts.filter((a) => a.message.includes('went cold'));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.message).toMatch(/^flip-back target recsys-v1-enc4 went cold: warm-up p95/);
      const told = notices.filter((n) => n.kind === 'alert' && n.reason.includes('went cold'));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ rollout: 'recsys-v2', trigger: 'warm-up', target: 'recsys-v1-enc4' });
      expect(await metrics.body()).toContain(
        'ripcord_target_warm{rollout="recsys-v2",model="recsys",release="recsys-v1-enc4"} 0',
      );
      // Still cold at the next check: the same cold spell, no second alert.
      const { reading: still } = await nextReading();
      expect(still).toMatchObject({ condition: 'TargetCold', coldSince: cold.coldSince });
      expect(still.at).toBeGreaterThan(cold.at);
      expect((await status()).alerts.filter((a) => a.message.includes('went cold'))).toHaveLength(1);
      expect(notices.filter((n) => n.reason.includes('went cold'))).toHaveLength(1);

      h.server.behaviour.delayMs = 0;
      const { reading: again } = await nextReading();
      expect(again.condition).toBe('TargetWarm');
      expect(again.coldSince).toBeUndefined();

      // After keepFor no more warm-up traffic is sent.
      while (h.clock.now() - promotedAt <= 120_000) await h.second();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await h.controller.tick();
      const sent = h.server.received.length;
      for (let s = 0; s < 12; s += 1) await h.second();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(h.server.received.length).toBe(sent);
    });
  });
}
