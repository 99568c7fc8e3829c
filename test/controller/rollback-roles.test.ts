/** The role a pulled release held, as the mark, the incident and the audit trail record it. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { Incident } from '../../src/incidents/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const LATENCY = 'hard: p95 latency up > 30% for 10s';
const base = {
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  analysis: { triggers: [LATENCY] },
};

/** Runs seconds of traffic until the rollout is rolled back (or the budget runs out). */
async function untilRolledBack(h: Harness, traffic: Parameters<Harness['second']>[0]): Promise<void> {
  for (let s = 0; s < 120; s += 1) {
    if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack') return;
    await h.second(traffic);
  }
}

/** The role in the rollout's event, the incident, the release mark and the mark's audit entry. */
async function recordedRoles(h: Harness): Promise<unknown[]> {
  const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
  const incident = (await h.controller.deps.incidents.list())[0]?.body as Incident | undefined;
  const mark = (await h.registry.getRelease('recsys-v2-enc5')).marks[0];
  const [audit] = await h.registry.audit({ action: 'release.mark' });
  return [
    status.rollback?.role,
    incident?.role,
    mark?.role,
    (audit?.after as { role?: string } | undefined)?.role,
  ];
}

for (const database of await testDatabases()) {
  describe(`roles of pulled releases on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('records "canary" for a canary pulled before promotion', async () => {
      h = await createHarness(database);
      const spec: RolloutSpecInput = { ...base, canary: { steps: [{ setWeight: 20 }, { pause: {} }] } };
      await h.controller.startRollout(spec, admin);
      for (let s = 0; s < 5; s += 1) await h.second();
      await untilRolledBack(h, { v2LatencyMs: 40 });
      expect(await recordedRoles(h)).toEqual(['canary', 'canary', 'canary', 'canary']);
    });

    it('records "green" for a blue/green release pulled during its post-promotion analysis', async () => {
      h = await createHarness(database);
      // Blue serves alone first: its pre-flip window is green's baseline.
      for (let s = 0; s < 20; s += 1) await h.second();
      const spec: RolloutSpecInput = {
        ...base,
        blueGreen: { postPromotionAnalysis: { duration: '5m' } },
        guard: { baselineWindow: '20s' },
      };
      await h.controller.startRollout(spec, admin);
      const flipped = (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
      expect(flipped.promotedAt).toBeDefined();
      expect(flipped.stage).toBe('post-promotion-analysis');
      await untilRolledBack(h, { v2LatencyMs: 40 });
      expect(await recordedRoles(h)).toEqual(['green', 'green', 'green', 'green']);
    });

    it('records "production" for a release the guard pulls after full promotion', async () => {
      h = await createHarness(database);
      const spec: RolloutSpecInput = {
        ...base,
        canary: { steps: [{ setWeight: 50 }, { pause: { duration: '20s' } }] },
        guard: { baselineWindow: '20s' },
      };
      await h.controller.startRollout(spec, admin);
      for (let s = 0; s < 25; s += 1) await h.second();
      expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase).toBe('Guarding');
      await untilRolledBack(h, { v2LatencyMs: 40 });
      expect(await recordedRoles(h)).toEqual(['production', 'production', 'production', 'production']);
    });

    it('records "production" for a blue/green release the guard pulls after its analysis passed', async () => {
      h = await createHarness(database);
      for (let s = 0; s < 20; s += 1) await h.second();
      const spec: RolloutSpecInput = {
        ...base,
        blueGreen: { postPromotionAnalysis: { duration: '10s' } },
        guard: { baselineWindow: '20s' },
      };
      await h.controller.startRollout(spec, admin);
      for (let s = 0; s < 15; s += 1) await h.second();
      expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.stage).toBe('guard');
      await untilRolledBack(h, { v2LatencyMs: 40 });
      expect(await recordedRoles(h)).toEqual(['production', 'production', 'production', 'production']);
    });

    it('records "shadow" for a mirrored release rolled back by hand', async () => {
      h = await createHarness(database);
      await h.controller.startRollout({ ...base, shadow: { percent: 10 } }, admin);
      await h.controller.command('recsys-v2', 'rollback', { actor: 'oncall', reason: 'bad outputs' });
      expect(await recordedRoles(h)).toEqual(['shadow', 'shadow', 'shadow', 'shadow']);
    });
  });
}
