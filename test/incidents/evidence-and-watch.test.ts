/**
 * Evidence frozen for real by the controller (release digests and features, windows and series
 * before the decision, the "after" half at verification) and the post-rollback watch (a relapse
 * re-opens the incident and escalates; a quiet watch ends and the rollout settles).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/controller/controller-deps.js';
import { needsReconcile } from '../../src/controller/reconcile-pass.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { Incident } from '../../src/incidents/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from '../controller/harness.js';
import type { Harness } from '../controller/harness.js';

const LATENCY = 'hard: p95 latency up > 30% for 10s';
const spec: RolloutSpecInput = {
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
  analysis: { triggers: [LATENCY] },
  verify: { within: '20s', watchFor: '30s' },
};

async function incident(h: Harness, id: string): Promise<Incident> {
  return (await h.controller.deps.incidents.require(id)).body;
}

/** Canary, v2's p95 doubles until rolled back, then healthy traffic until verified. */
async function rollBackAndVerify(h: Harness): Promise<string> {
  await h.controller.startRollout(spec, admin);
  for (let s = 0; s < 10; s += 1) await h.second();
  for (let s = 0; s < 120; s += 1) {
    if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack') break;
    await h.second({ v2LatencyMs: 40 });
  }
  const id = (await h.controller.deps.rollouts.require('recsys-v2')).body.status.rollback!.eventId;
  for (let s = 0; s < 25 && (await incident(h, id)).status !== 'resolved'; s += 1) await h.second();
  expect((await incident(h, id)).status).toBe('resolved');
  return id;
}

for (const database of await testDatabases()) {
  describe(`incident evidence and the post-rollback watch on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('freezes both releases, the windows and series before the decision, and the after half at verification', async () => {
      h = await createHarness(database);
      const id = await rollBackAndVerify(h);
      const found = await incident(h, id);
      const { evidence, times } = found;
      const v2 = await h.registry.getRelease('recsys-v2-enc5');
      const v2Version = await h.registry.getVersion('recsys', v2.modelVersion);
      expect(evidence.releases?.pulled).toMatchObject({
        name: 'recsys-v2-enc5',
        modelVersion: v2.modelVersion,
        digest: v2Version.digest,
        artifactUri: v2Version.artifactUri,
      });
      expect(evidence.releases?.pulled?.features.map((f) => `${f.name}@${f.version}`)).toEqual(
        v2.features.map((f) => `${f.name}@${f.version}`),
      );
      for (const f of evidence.releases?.pulled?.features ?? []) expect(f.digest).toMatch(/^sha256:/);
      expect(evidence.releases?.target?.name).toBe('recsys-v1-enc4');
      expect(evidence.captureErrors).toEqual([]);
      expect(evidence.frozenAt).toBeGreaterThanOrEqual(times.decidedAt!);

      const before = evidence.windows?.before;
      expect(before?.to).toBe(times.decidedAt);
      expect(before!.from).toBeLessThanOrEqual(times.firstBreachAt - 60_000);
      // The breach is in the frozen numbers: v2's p95 about twice v1's.
      expect(before!.candidate.latencyMs.p95! / before!.baseline.latencyMs.p95!).toBeGreaterThan(1.5);
      expect(evidence.candidate).toEqual(before?.candidate);
      expect(evidence.series?.before?.candidate.length).toBeGreaterThan(10);
      expect(evidence.series?.before?.stepMs).toBeGreaterThanOrEqual(1000);

      const after = evidence.windows?.after;
      expect(evidence.completedAt).toBe(times.verifiedAt);
      expect(after?.from).toBe(times.trafficRestoredAt);
      expect(after?.baseline.requests).toBeGreaterThan(0);
      expect(after?.candidate.requests).toBe(0);
      expect(evidence.series?.after?.baseline.some((p) => p.requests > 0)).toBe(true);
      expect(found.watch).toEqual({ until: times.verifiedAt! + 30_000 });
    });

    it('re-opens the incident and escalates when the target relapses during the watch', async () => {
      h = await createHarness(database);
      const events: RolloutEvent[] = [];
      h.controller.subscribe((e) => events.push(e));
      const id = await rollBackAndVerify(h);
      for (let s = 0; s < 28 && (await incident(h, id)).status === 'resolved'; s += 1)
        await h.second({ v1LatencyMs: 40 });
      const relapsed = await incident(h, id);
      expect(relapsed.status).toBe('escalated');
      expect(relapsed.escalation).toMatch(/^relapse after rollback: /);
      expect(relapsed.relapses).toHaveLength(1);
      expect(relapsed.relapses?.[0]?.trigger).toBe(LATENCY);
      expect(relapsed.watch?.endedAt).toBe(relapsed.relapses?.[0]?.at);
      // Verification still stands: the recovery time is not rewritten by the relapse.
      expect(relapsed.times.verifiedAt).toBeLessThan(relapsed.relapses![0]!.at);
      expect(events.some((e) => e.message.startsWith(`incident ${id} re-opened:`))).toBe(true);
      const doc = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(doc.status.rollback?.relapsedAt).toBe(relapsed.relapses?.[0]?.at);
      expect(needsReconcile(doc)).toBe(false);
    });

    it('ends a quiet watch after watchFor and stops reconciling the rollout', async () => {
      h = await createHarness(database);
      const id = await rollBackAndVerify(h);
      let doc = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(needsReconcile(doc)).toBe(true);
      for (let s = 0; s < 32; s += 1) await h.second();
      const quiet = await incident(h, id);
      expect(quiet.status).toBe('resolved');
      expect(quiet.watch?.endedAt).toBeGreaterThanOrEqual(quiet.watch!.until);
      doc = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(doc.status.rollback?.watchEndedAt).toBe(quiet.watch?.endedAt);
      expect(needsReconcile(doc)).toBe(false);
    });
  });
}
