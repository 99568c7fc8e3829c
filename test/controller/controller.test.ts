import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { Incident } from '../../src/incidents/index.js';
import type { Registry } from '../../src/registry/registry.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const canary = (over: Partial<RolloutSpecInput> = {}): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: {
    steps: [
      { setWeight: 5 },
      { pause: { duration: '1m' } },
      { setWeight: 50 },
      { pause: { duration: '1m' } },
    ],
  },
  analysis: { triggers: ['hard: p95 latency up > 30% for 30s', 'hard: error rate > 5% for 30s'] },
  ...over,
});

for (const database of await testDatabases()) {
  describe(`controller on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('walks the canary steps and promotes a healthy release, then guards it', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(canary(), admin);
      expect((await h.registry.getTrafficPolicy('recsys'))?.weights).toEqual([
        { release: 'recsys-v2-enc5', weight: 5 },
      ]);
      for (let s = 0; s < 130; s += 1) await h.second();
      const rollout = await h.controller.deps.rollouts.require('recsys-v2');
      expect(rollout.body.status.phase).toBe('Guarding');
      expect((await h.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v2-enc5');
      expect((await h.registry.getAlias('recsys', 'production')).release).toBe('recsys-v2-enc5');
    });

    it('rolls a canary whose p95 rises 40 % back to 0 % on its own, with an incident and its phases', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(canary(), admin);
      for (let s = 0; s < 10; s += 1) await h.second();
      let seconds = 0;
      while (
        (await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase !== 'RolledBack' &&
        seconds < 120
      ) {
        await h.second({ v2LatencyMs: 28 });
        seconds += 1;
      }
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(status.phase).toBe('RolledBack');
      expect(seconds).toBeLessThan(90);
      expect(status.rollback?.trigger).toBe('hard: p95 latency up > 30% for 30s');
      const policy = await h.registry.getTrafficPolicy('recsys');
      expect(policy).toMatchObject({ stable: 'recsys-v1-enc4', weights: [] });
      expect((await h.registry.getRelease('recsys-v2-enc5')).marks[0]).toMatchObject({
        kind: 'rolled-back',
        role: 'canary',
      });
      expect((await h.registry.getFlag('item-encoder@5'))?.enabled).toBe(false);
      const incidents = await h.controller.deps.incidents.list();
      expect(incidents).toHaveLength(1);
      const incident = incidents[0]?.body as Incident;
      expect(incident.times.firstBreachAt).toBeLessThanOrEqual(incident.times.decidedAt ?? 0);
      expect(incident.times.executedAt).toBeGreaterThanOrEqual(incident.times.decidedAt ?? Infinity);
      for (let s = 0; s < 35; s += 1) await h.second();
      const verified = (await h.controller.deps.incidents.require(incident.id)).body;
      expect(verified.status).toBe('resolved');
      expect(verified.times.verifiedAt).toBeDefined();
    });

    it('refuses to start without a healthy rollback target, naming the reason', async () => {
      h = await createHarness(database, {
        probe: (release) =>
          Promise.resolve(
            release.name === 'recsys-v1-enc4'
              ? { ok: false, message: 'http://127.0.0.1:9101/healthz unreachable' }
              : { ok: true, message: 'ok' },
          ),
      });
      await expect(h.controller.startRollout(canary(), admin)).rejects.toThrow(
        /refusing to start: rollback target "recsys-v1-enc4" is not healthy/,
      );
      expect(await h.controller.deps.rollouts.list()).toHaveLength(0);
    });

    it('gives conflicting concurrent commands one winner and a 409', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(canary(), admin);
      const results = await Promise.allSettled([
        h.controller.command('recsys-v2', 'abort', { actor: 'alice' }),
        h.controller.command('recsys-v2', 'resume', { actor: 'bob' }),
        h.controller.command('recsys-v2', 'abort', { actor: 'carol' }),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      expect(fulfilled).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
      }
      expect((await h.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
    });

    it('rolls back by hand to a named release and records who did it', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(canary(), admin);
      await h.controller.command('recsys-v2', 'rollback', { actor: 'oncall', reason: 'customer reports' });
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(status.phase).toBe('RolledBack');
      expect(status.rollback).toMatchObject({ trigger: 'manual', actor: 'oncall', target: 'recsys-v1-enc4' });
      const trail = await h.registry.audit({ action: 'rollout.' });
      expect(trail.map((e) => [e.action, e.actor])).toEqual([
        ['rollout.start', 'alice'],
        ['rollout.rollback', 'oncall'],
      ]);
    });

    it('survives a crash at any point of a rollback: each action applied exactly once', async () => {
      for (let crashAfter = 0; crashAfter < 6; crashAfter += 1) {
        h = await createHarness(database);
        await h.controller.startRollout(canary(), admin);
        for (let s = 0; s < 5; s += 1) await h.second();
        // A controller whose registry dies after `crashAfter` writes: the process "crashes" there.
        let writes = 0;
        const crashing = new Proxy(h.registry, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (typeof value !== 'function') return value;
            const mutating = /^(set|mark|archive|record|create|register|upsert)/.test(String(prop));
            return (...args: unknown[]) => {
              if (mutating && writes++ >= crashAfter) throw new Error('process killed');
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }) as Registry;
        const doomed = h.newController({ registry: crashing });
        await doomed.command('recsys-v2', 'rollback', { actor: 'oncall' }).catch(() => undefined);
        // Restart: a fresh controller over the same store resumes.
        h.controller = h.newController();
        for (let s = 0; s < 3; s += 1) await h.second();
        const rollout = (await h.controller.deps.rollouts.require('recsys-v2')).body;
        if (rollout.status.phase === 'Progressing') {
          // Killed before the decision was durable: nothing happened; the operator repeats the command.
          await h.controller.command('recsys-v2', 'rollback', { actor: 'oncall' });
        }
        const final = (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
        expect(final.phase, `crash after ${crashAfter} writes`).toBe('RolledBack');
        const trail = await h.registry.audit({ since: '2026-11-24T02:00:04Z' });
        const count = (action: string) => trail.filter((e) => e.action === action).length;
        expect(count('release.mark'), `crash after ${crashAfter}`).toBe(1);
        expect(count('flag.set'), `crash after ${crashAfter}`).toBe(1);
        expect(trail.filter((e) => e.action === 'alias.set').length).toBeLessThanOrEqual(1);
        const rollbacks = trail.filter((e) => e.action === 'traffic.set');
        expect(rollbacks.length, `crash after ${crashAfter}`).toBe(1);
        expect(await h.controller.deps.incidents.list()).toHaveLength(1);
        await h.close();
      }
      h = await createHarness(database);
    }, 240_000);
  });
}

const postgres = (await testDatabases()).find((d) => d.name === 'postgres');
describe.skipIf(!postgres)('controller leader election on postgres', () => {
  it('lets one of two controllers lead and hands over when the leader stops', async () => {
    if (!postgres) return;
    const h = await createHarness(postgres);
    const standbyStore = await postgres.reopen(h.store);
    try {
      const first = h.controller;
      const second = h.newController({ store: standbyStore });
      expect((await first.tick()).leader).toBe(true);
      expect((await second.tick()).leader).toBe(false);
      await first.stop();
      expect((await second.tick()).leader).toBe(true);
      expect(second.isLeader).toBe(true);
      await second.stop();
    } finally {
      await standbyStore.close();
      await h.close();
    }
  });
});
