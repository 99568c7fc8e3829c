/**
 * An audit entry commits in the same transaction as the action it records: a manual rollback whose
 * `rollout.rollback` entry cannot be written (the process dies, the disk is full) is not kept
 * either, so the trail never misses an action that happened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/registry/registry.js';
import { createHarness } from '../controller/harness.js';
import type { Harness } from '../controller/harness.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';

const rollout = {
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 5 }, { pause: { duration: '1m' } }] },
  analysis: { triggers: ['hard: error rate > 5% for 30s'] },
};

/** The registry, except that writing one audit action fails as a dying process would. */
function failingAudit(registry: Registry, action: string): Registry {
  return {
    ...registry,
    recordAudit: (entry) =>
      entry.action === action ? Promise.reject(new Error('disk I/O error')) : registry.recordAudit(entry),
  };
}

for (const database of await testDatabases()) {
  describe(`audit entries commit with their action on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('keeps neither a manual rollback nor its audit entry when the entry cannot be written', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(rollout, admin);
      const doomed = h.newController({ registry: failingAudit(h.registry, 'rollout.rollback') });
      await expect(doomed.command('recsys-v2', 'rollback', { actor: 'oncall' })).rejects.toThrow(
        'disk I/O error',
      );
      const stored = (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
      expect(stored.phase).toBe('Progressing');
      expect(stored.rollback).toBeUndefined();
      expect(await h.controller.deps.incidents.list()).toEqual([]);

      // Retried with a working trail: the rollback happens once, with its one entry.
      await h.controller.command('recsys-v2', 'rollback', { actor: 'oncall' });
      expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase).toBe('RolledBack');
      expect(await h.registry.audit({ action: 'rollout.rollback' })).toHaveLength(1);
    });

    it('keeps no rollout whose rollout.start entry cannot be written', async () => {
      h = await createHarness(database);
      const doomed = h.newController({ registry: failingAudit(h.registry, 'rollout.start') });
      await expect(doomed.startRollout(rollout, admin)).rejects.toThrow('disk I/O error');
      expect(await h.controller.deps.rollouts.list()).toEqual([]);
    });
  });
}
