import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, seedRecommender } from '../support/fixtures.js';
import { testDatabases } from '../support/databases.js';
import { ManualClock } from '../../src/core/clock.js';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import type { ActionJournal } from '../../src/actions/action-journal.js';
import type { ActionContext, Executor } from '../../src/actions/executors/executor.js';
import { MemoryActionJournal } from '../../src/actions/memory-action-journal.js';
import { describeDryRun, dryRunPlan } from '../../src/actions/dry-run-plan.js';
import { buildRollbackPlan } from '../../src/actions/rollback-plan.js';
import { runPlan } from '../../src/actions/run-plan.js';
import type { ReleaseRole } from '../../src/registry/types.js';

const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';

function contextFor(role: ReleaseRole, decidedAt: number): ActionContext {
  return {
    eventId: 'evt_217',
    model: 'recsys',
    release: V2,
    target: V1,
    trigger: 'hard: prediction diversity down > 50% for 1m',
    reason: 'diversity 0.04 vs baseline 0.73',
    role,
    actor: 'controller',
    decidedAt,
  };
}

function dyingJournal(inner: ActionJournal, dieOnWrite: number): ActionJournal {
  let writes = 0;
  const die = (): void => {
    if (++writes === dieOnWrite) throw new Error('process killed');
  };
  return {
    get: (id) => inner.get(id),
    list: (owner) => inner.list(owner),
    begin: async (e) => (die(), inner.begin(e)),
    complete: async (id, o, at) => (die(), inner.complete(id, o, at)),
  };
}

for (const database of await testDatabases()) {
  describe(`rollback plan on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    let clock: ManualClock;

    /** v1 in production, v2 a 5 % canary with a header route, a region weight and a mirror. */
    async function canaryState(): Promise<void> {
      await registry.setAlias('recsys', 'production', V1, admin);
      await registry.setTrafficPolicy(
        {
          model: 'recsys',
          stable: V1,
          weights: [{ release: V2, weight: 5 }],
          regions: { eu: [{ release: V2, weight: 10 }] },
          headerRoutes: [{ header: 'x-canary', value: '1', release: V2 }],
          mirror: { release: V2, percent: 10 },
          sticky: { source: 'header', key: 'x-user' },
        },
        admin,
      );
    }

    beforeEach(async () => {
      store = await database.open();
      clock = new ManualClock(Date.parse('2026-11-24T02:17:00Z'));
      registry = createRegistry({ store, clock });
      await seedRecommender(registry);
    });
    afterEach(async () => {
      await registry.close();
      await store.close();
    });

    it('rolls a canary back: traffic to the target, release marked, its encoder flag disabled', async () => {
      await canaryState();
      const plan = await buildRollbackPlan(registry, contextFor('canary', clock.now()));
      expect(plan.steps.map((s) => [s.kind, s.actionId, s.onFailure])).toEqual([
        ['traffic', 'evt_217/traffic', 'stop'],
        ['alias', 'evt_217/alias:production', 'continue'],
        ['mark', 'evt_217/mark-release', 'continue'],
        ['flag', 'evt_217/flag:item-encoder@5', 'continue'],
      ]);

      const run = await runPlan(plan, { journal: new MemoryActionJournal(), clock });
      expect(run.outcome).toBe('succeeded');
      expect(run.actions.map((a) => [a.name, a.outcome?.changed])).toEqual([
        ['traffic', true],
        ['alias:production', false],
        ['mark-release', true],
        ['flag:item-encoder@5', true],
      ]);

      const policy = await registry.getTrafficPolicy('recsys');
      expect(policy).toMatchObject({
        stable: V1,
        weights: [],
        regions: {},
        headerRoutes: [],
        updatedBy: 'controller',
      });
      expect(policy?.mirror).toBeUndefined();
      expect(policy?.sticky).toEqual({ source: 'header', key: 'x-user' });
      expect((await registry.getAlias('recsys', 'production')).release).toBe(V1);
      expect((await registry.getRelease(V2)).marks).toEqual([
        {
          kind: 'rolled-back',
          eventId: 'evt_217',
          at: '2026-11-24T02:17:00.000Z',
          trigger: 'hard: prediction diversity down > 50% for 1m',
          reason: 'diversity 0.04 vs baseline 0.73',
          role: 'canary',
        },
      ]);
      expect(await registry.getFlag('item-encoder@5')).toMatchObject({ enabled: false });
      expect(await registry.getFlag('item-encoder@4')).toBeUndefined();
      const audit = await registry.audit({ actor: 'controller' });
      expect(audit.map((e) => e.action)).toEqual(['traffic.set', 'release.mark', 'flag.set']);
      expect(audit.every((e) => e.reason === 'rollback evt_217: diversity 0.04 vs baseline 0.73')).toBe(true);
    });

    it('rolls a promoted release back: production moves to the target', async () => {
      await registry.setAlias('recsys', 'production', V2, admin);
      await registry.setTrafficPolicy({ model: 'recsys', stable: V2 }, admin);
      const plan = await buildRollbackPlan(registry, contextFor('production', clock.now()), {
        aliases: ['production', 'staging'],
      });
      const run = await runPlan(plan, { journal: new MemoryActionJournal(), clock });
      expect(run.outcome).toBe('succeeded');
      expect(await registry.getTrafficPolicy('recsys')).toMatchObject({ stable: V1, weights: [] });
      expect((await registry.getAlias('recsys', 'production')).release).toBe(V1);
      expect((await registry.getAlias('recsys', 'staging')).release).toBe(V1);
      const moves = await registry.aliasHistory('recsys', 'production');
      expect(moves.at(-1)).toMatchObject({ from: V2, to: V1, actor: 'controller' });
      expect(run.actions.find((a) => a.name === 'alias:production')?.outcome?.detail).toEqual({
        alias: 'production',
        from: V2,
        to: V1,
      });
    });

    it('applies each change exactly once wherever the controller dies, with the audit complete', async () => {
      await registry.setAlias('recsys', 'production', V2, admin);
      // Every journal write of the 4-step plan (2 per step) is a possible point of death.
      for (let dieOnWrite = 1; dieOnWrite <= 8; dieOnWrite++) {
        // Back to "v2 promoted", then one rollback event per point of death.
        await registry.setAlias('recsys', 'production', V2, admin);
        // The encoder first: a release whose flag is off cannot be made stable.
        await registry.setFlag('item-encoder@5', true, admin);
        await registry.setTrafficPolicy({ model: 'recsys', stable: V2 }, admin);
        const afterSeq = (await registry.audit()).at(-1)!.seq;
        const journal = new MemoryActionJournal();
        const context = { ...contextFor('production', clock.now()), eventId: `evt_${dieOnWrite}` };
        await expect(
          runPlan(await buildRollbackPlan(registry, context), {
            journal: dyingJournal(journal, dieOnWrite),
            clock,
          }),
        ).rejects.toThrow('process killed');
        // The restarted controller rebuilds the same plan from the stored context and resumes.
        const run = await runPlan(await buildRollbackPlan(registry, context), { journal, clock });
        const why = `died on write ${dieOnWrite}`;
        expect(run.outcome, why).toBe('succeeded');
        const counts: Record<string, number> = {};
        for (const entry of await registry.audit({ afterSeq }))
          counts[entry.action] = (counts[entry.action] ?? 0) + 1;
        expect(counts, why).toEqual({ 'traffic.set': 1, 'alias.set': 1, 'release.mark': 1, 'flag.set': 1 });
        expect(
          (await registry.getRelease(V2)).marks.filter((m) => m.eventId === context.eventId),
          why,
        ).toHaveLength(1);
        expect(await registry.getTrafficPolicy('recsys'), why).toMatchObject({ stable: V1 });
        expect(await registry.getFlag('item-encoder@5'), why).toMatchObject({ enabled: false });
      }
    });

    it('wins against a concurrent operator write by re-reading and applying on top', async () => {
      await canaryState();
      let interleaved = false;
      const racing: Registry = Object.create(registry) as Registry;
      racing.setTrafficPolicy = async (input, actor) => {
        if (!interleaved) {
          interleaved = true;
          // An operator bumps the canary between the executor's read and its write.
          await registry.setTrafficPolicy(
            {
              model: 'recsys',
              stable: V1,
              weights: [{ release: V2, weight: 25 }],
              sticky: { source: 'cookie', key: 'sid' },
            },
            { actor: 'bob' },
          );
        }
        return registry.setTrafficPolicy(input, actor);
      };
      const run = await runPlan(await buildRollbackPlan(racing, contextFor('canary', clock.now())), {
        journal: new MemoryActionJournal(),
        clock,
      });
      expect(run.actions[0]?.outcome).toMatchObject({ result: 'succeeded', detail: { conflicts: 1 } });
      expect(await registry.getTrafficPolicy('recsys')).toMatchObject({
        stable: V1,
        weights: [],
        sticky: { source: 'cookie', key: 'sid' },
      });
    });

    it('shows the plan before it runs without writing, and nothing left to do after', async () => {
      await canaryState();
      const plan = await buildRollbackPlan(registry, contextFor('canary', clock.now()));
      const audited = (await registry.audit({ limit: 10_000 })).length;
      const policy = await registry.getTrafficPolicy('recsys');
      const steps = await dryRunPlan(plan);
      expect(steps.map((s) => [s.name, s.changes])).toEqual([
        ['traffic', true],
        ['alias:production', false],
        ['mark-release', true],
        ['flag:item-encoder@5', true],
      ]);
      expect(describeDryRun(steps).split('\n')).toEqual([
        `1. traffic              change  traffic for recsys: 100 % to ${V1} (now ${V2} still has 5 %)`,
        `2. alias:production     none    recsys production: already on ${V1}`,
        `3. mark-release         change  ${V2}: mark rolled-back by evt_217`,
        '4. flag:item-encoder@5  change  flag item-encoder@5: create it disabled (missing now)',
      ]);
      expect((await registry.audit({ limit: 10_000 })).length).toBe(audited);
      expect(await registry.getTrafficPolicy('recsys')).toEqual(policy);

      await runPlan(plan, { journal: new MemoryActionJournal(), clock });
      expect((await dryRunPlan(plan)).map((s) => s.changes)).toEqual([false, false, false, false]);
    });

    it('runs external executors last and refuses plans that cannot be right', async () => {
      const calls: string[] = [];
      const external: Executor = {
        name: 'webhook:ops',
        plan: () => Promise.resolve({ changes: true, summary: 'tell ops' }),
        apply: async () => {
          calls.push((await registry.getTrafficPolicy('recsys'))?.stable ?? 'none');
          return { changed: true };
        },
      };
      const plan = await buildRollbackPlan(registry, contextFor('canary', clock.now()), {
        external: [external],
      });
      expect(plan.steps.at(-1)?.kind).toBe('external');
      await runPlan(plan, { journal: new MemoryActionJournal(), clock });
      expect(calls).toEqual([V1]);

      await expect(buildRollbackPlan(registry, { ...contextFor('canary', 0), target: V2 })).rejects.toThrow(
        ValidationError,
      );
      await expect(
        buildRollbackPlan(registry, { ...contextFor('canary', 0), target: 'nope' }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        buildRollbackPlan(registry, contextFor('canary', 0), { external: [external, external] }),
      ).rejects.toThrow(/"webhook:ops" is used twice/);
    });
  });
}
