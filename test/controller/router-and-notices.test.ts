/**
 * The controller moves traffic through its TrafficRouter (apply, then applied on the written
 * revision), refuses a rollout the router cannot express, and tells its notifiers of an
 * incident's life once per notice, however many passes follow.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { IncidentNotice, Notifier } from '../../src/notifiers/notifier.js';
import type { TrafficRouter } from '../../src/traffic/traffic-router.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const canary = (over: Partial<RolloutSpecInput> = {}): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
  analysis: { triggers: ['hard: p95 latency up > 30% for 10s'] },
  verify: { within: '20s' },
  ...over,
});

function recordingRouter(capabilities: Partial<TrafficRouter['capabilities']> = {}) {
  const calls: string[] = [];
  const router: TrafficRouter = {
    name: 'recorder',
    capabilities: {
      weights: true,
      regions: true,
      headerRoutes: true,
      mirror: true,
      sticky: true,
      ...capabilities,
    },
    apply: (policy) => {
      calls.push(`apply ${policy.revision}`);
      return Promise.resolve();
    },
    applied: (_model, revision) => {
      calls.push(`applied ${revision}`);
      return Promise.resolve();
    },
  };
  return { router, calls };
}

for (const database of await testDatabases()) {
  describe(`traffic router and notices on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('applies each written policy through the router and waits until it is applied', async () => {
      const { router, calls } = recordingRouter();
      h = await createHarness(database, { router });
      await h.controller.startRollout(canary(), admin);
      const written = (await h.registry.getTrafficPolicy('recsys'))!;
      expect(written.weights).toEqual([{ release: 'recsys-v2-enc5', weight: 20 }]);
      expect(calls).toContain(`apply ${written.revision}`);
      expect(calls.indexOf(`applied ${written.revision}`)).toBeGreaterThan(
        calls.indexOf(`apply ${written.revision}`),
      );
    });

    it('refuses a rollout whose steps need a feature the router cannot express', async () => {
      const { router } = recordingRouter({ weights: false });
      h = await createHarness(database, { router });
      await expect(h.controller.startRollout(canary(), admin)).rejects.toMatchObject({
        code: 'validation',
        details: { field: 'canary.steps[0].setWeight' },
        message: expect.stringContaining('the recorder traffic router cannot express weights'),
      });
      expect(await h.controller.deps.rollouts.get('recsys-v2')).toBeUndefined();
    });

    it('tells the notifiers an incident opened and resolved, each once', async () => {
      const notices: IncidentNotice[] = [];
      const pager: Notifier = {
        name: 'pager',
        notify: (notice) => {
          notices.push(notice);
          return Promise.resolve();
        },
      };
      const { router, calls } = recordingRouter();
      h = await createHarness(database, { router, notifiers: () => [pager] });
      await h.controller.startRollout(canary(), admin);
      for (let s = 0; s < 10; s += 1) await h.second();
      for (let s = 0; s < 120; s += 1) {
        if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack') break;
        await h.second({ v2LatencyMs: 40 });
      }
      const rolledBack = (await h.registry.getTrafficPolicy('recsys'))!;
      // The rollback plan's traffic action went through the router too.
      expect(calls).toContain(`applied ${rolledBack.revision}`);
      for (let s = 0; s < 30; s += 1) await h.second();
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(status.rollback?.verification).toBe('verified');
      const id = status.rollback!.eventId;
      expect(notices.map((n) => [n.id, n.kind, n.incidentId])).toEqual([
        [`${id}/opened`, 'opened', id],
        [`${id}/resolved`, 'resolved', id],
      ]);
      expect(notices[0]).toMatchObject({
        rollout: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        target: 'recsys-v1-enc4',
        role: 'canary',
        actor: 'ripcord-controller',
      });
    });
  });
}
