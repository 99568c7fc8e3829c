/**
 * The registry contract suite: what every Registry implementation must do, whatever holds its
 * records. Each implementation's test calls `runRegistryContract(name, make)`; `make` returns a
 * fresh, empty registry on the given clock with the helpers below. Seeded with the recommender
 * example (recommender-fixture.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { ConflictError, ImmutableError, NotFoundError, ValidationError } from '../core/errors.js';
import { admin, digestOf, seedRecommender } from './recommender-fixture.js';
import type { Registry } from './registry.js';

export interface RegistryContractBackend {
  subject: Registry;
  /** Everything the implementation has stored, as text: no token secret may appear in it. */
  storedText(): Promise<string>;
  /** A second registry over the same records, as a restarted process would open them. */
  reopen(): Promise<{ subject: Registry; close(): Promise<void> }>;
  close(): Promise<void>;
}

export function runRegistryContract(
  name: string,
  make: (clock: ManualClock) => Promise<RegistryContractBackend>,
): void {
  describe(name, () => {
    let backend: RegistryContractBackend;
    let registry: Registry;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock(Date.parse('2026-11-24T00:00:00Z'));
      backend = await make(clock);
      registry = backend.subject;
      await seedRecommender(registry);
    });
    afterEach(async () => {
      await registry.close();
      await backend.close();
    });

    it('keeps its records across a restart', async () => {
      const again = await backend.reopen();
      expect((await again.subject.listReleases()).map((r) => r.name)).toEqual([
        'recsys-v1-enc4',
        'recsys-v2-enc5',
      ]);
      await again.close();
    });

    it('updates a model with optimistic concurrency: a stale revision is refused with the current one', async () => {
      const model = await registry.getModel('recsys');
      expect(model.revision).toBe(1);
      const updated = await registry.upsertModel(
        { name: 'recsys', owner: 'ranking-team', protocol: 'tfserving', description: 'home feed' },
        { ...admin, expectedRevision: 1 },
      );
      expect(updated.revision).toBe(2);
      const stale = registry.upsertModel(
        { name: 'recsys', owner: 'someone-else', protocol: 'tfserving' },
        { ...admin, expectedRevision: 1 },
      );
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({ details: { currentRevision: 2, expectedRevision: 1 } });
      expect((await registry.getModel('recsys')).owner).toBe('ranking-team');
    });

    it('re-applying an identical model changes nothing and writes no audit entry', async () => {
      const before = await registry.audit();
      await registry.upsertModel(
        {
          name: 'recsys',
          owner: 'ranking-team',
          protocol: 'tfserving',
          predictionPath: '$.predictions[*].items[0]',
        },
        admin,
      );
      expect((await registry.getModel('recsys')).revision).toBe(1);
      expect(await registry.audit()).toHaveLength(before.length);
    });

    it('keeps versions immutable: same digest is idempotent, a different digest is refused naming both', async () => {
      const again = await registry.registerVersion(
        { model: 'recsys', version: 2, artifactUri: 's3://models/recsys/2/', digest: digestOf('b') },
        admin,
      );
      expect(again.created).toBe(false);
      const clash = registry.registerVersion(
        { model: 'recsys', version: 2, artifactUri: 's3://models/recsys/2/', digest: digestOf('c') },
        admin,
      );
      await expect(clash).rejects.toBeInstanceOf(ConflictError);
      await expect(clash).rejects.toThrow(digestOf('b'));
      await expect(clash).rejects.toThrow(digestOf('c'));
    });

    it('numbers versions monotonically and refuses going backwards', async () => {
      const next = await registry.registerVersion(
        { model: 'recsys', artifactUri: 's3://models/recsys/3/', digest: digestOf('d') },
        admin,
      );
      expect(next.version.version).toBe(3);
      await expect(
        registry.registerVersion(
          { model: 'recsys', version: 4, artifactUri: 's3://x/4', digest: digestOf('e') },
          admin,
        ),
      ).resolves.toMatchObject({ created: true });
      await registry.upsertModel({ name: 'other', owner: 'x', protocol: 'json' }, admin);
      await registry.registerVersion(
        { model: 'other', version: 5, artifactUri: 's3://o/5', digest: digestOf('f') },
        admin,
      );
      await expect(
        registry.registerVersion(
          { model: 'other', version: 2, artifactUri: 's3://o/2', digest: digestOf('f') },
          admin,
        ),
      ).rejects.toThrow(/monotonic/);
    });

    it('refuses to delete a version, says why, and audits the attempt; archiving works', async () => {
      const attempt = registry.deleteVersion('recsys', 1, { actor: 'mallory', reason: 'cleanup' });
      await expect(attempt).rejects.toBeInstanceOf(ImmutableError);
      await expect(attempt).rejects.toThrow(/archive it instead/);
      const trail = await registry.audit({ action: 'version.delete-refused' });
      expect(trail).toMatchObject([{ actor: 'mallory', target: 'version/recsys@1', reason: 'cleanup' }]);
      const archived = await registry.archiveVersion('recsys', 1, admin);
      expect(archived.archived).toBe(true);
      expect((await registry.getVersion('recsys', 1)).digest).toBe(digestOf('a'));
    });

    it('names unknown records and the fix', async () => {
      await expect(registry.getModel('nope')).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        registry.registerVersion({ model: 'nope', artifactUri: 's3://x', digest: digestOf('a') }, admin),
      ).rejects.toThrow(/apply its Model manifest first/);
      await expect(
        registry.registerVersion({ model: 'recsys', artifactUri: 's3://x', digest: 'md5:abc' }, admin),
      ).rejects.toMatchObject({ field: 'digest' });
    });

    it('refuses a release pairing a model version with an encoder it does not declare compatible', async () => {
      const bad = registry.createRelease(
        {
          name: 'recsys-v1-enc5',
          model: 'recsys',
          modelVersion: 1,
          features: [{ name: 'item-encoder', version: '5' }],
          serving: { backends: [{ url: 'http://127.0.0.1:9101' }] },
        },
        admin,
      );
      await expect(bad).rejects.toBeInstanceOf(ValidationError);
      await expect(bad).rejects.toThrow(
        /does not declare item-encoder@5 compatible \(declared: item-encoder@4\)/,
      );
    });

    it('keeps releases immutable: identical re-create is a no-op, different contents conflict', async () => {
      const same = await registry.createRelease(
        {
          name: 'recsys-v1-enc4',
          model: 'recsys',
          modelVersion: 1,
          features: [{ name: 'item-encoder', version: '4' }],
          serving: { backends: [{ url: 'http://127.0.0.1:9101' }] },
        },
        admin,
      );
      expect(same.created).toBe(false);
      await expect(
        registry.createRelease(
          {
            name: 'recsys-v1-enc4',
            model: 'recsys',
            modelVersion: 1,
            features: [{ name: 'item-encoder', version: '4' }],
            serving: { backends: [{ url: 'http://127.0.0.1:9999' }] },
          },
          admin,
        ),
      ).rejects.toThrow(/immutable bundles/);
    });

    it('diffs two releases per component', async () => {
      const diff = await registry.diffReleases('recsys-v1-enc4', 'recsys-v2-enc5');
      expect(diff.model).toMatchObject({ from: 'recsys@1', to: 'recsys@2', changed: true });
      expect(diff.model.changes.map((c) => c.path)).toEqual(['artifactUri', 'digest', 'version']);
      expect(diff.features.changed).toEqual([{ name: 'item-encoder', from: '4', to: '5' }]);
      expect(diff.serving.changes).toEqual(
        expect.arrayContaining([
          {
            path: 'backends',
            from: [{ url: 'http://127.0.0.1:9101', weight: 1 }],
            to: [{ url: 'http://127.0.0.1:9102', weight: 1 }],
          },
          { path: 'timeoutMs', from: 5000, to: 2000 },
        ]),
      );
    });

    it('records every alias move and answers what was in production at any instant', async () => {
      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', { actor: 'alice', reason: 'launch' });
      clock.set(Date.parse('2026-11-24T01:00:00Z'));
      await registry.setAlias('recsys', 'production', 'recsys-v2-enc5', {
        actor: 'bob',
        reason: 'v2 rollout',
      });
      clock.set(Date.parse('2026-11-24T02:20:00Z'));
      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', {
        actor: 'ripcord',
        reason: 'diversity collapse',
      });

      const history = await registry.aliasHistory('recsys', 'production');
      expect(history.map((m) => [m.from, m.to, m.actor])).toEqual([
        [null, 'recsys-v1-enc4', 'alice'],
        ['recsys-v1-enc4', 'recsys-v2-enc5', 'bob'],
        ['recsys-v2-enc5', 'recsys-v1-enc4', 'ripcord'],
      ]);
      expect(await registry.aliasAt('recsys', 'production', '2026-11-24T02:17:00Z')).toBe('recsys-v2-enc5');
      expect(await registry.aliasAt('recsys', 'production', '2026-11-23T23:00:00Z')).toBeNull();
      expect((await registry.getAlias('recsys', 'production')).revision).toBe(3);
    });

    it('gives concurrent conflicting alias moves exactly one winner', async () => {
      const current = await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      const results = await Promise.allSettled([
        registry.setAlias('recsys', 'production', 'recsys-v2-enc5', {
          actor: 'a',
          expectedRevision: current.revision,
        }),
        registry.setAlias('recsys', 'staging', 'recsys-v2-enc5', { actor: 'x' }),
        registry.setAlias('recsys', 'production', 'recsys-v2-enc5', {
          actor: 'b',
          expectedRevision: current.revision,
        }),
      ]);
      const production = [results[0], results[2]];
      expect(production.filter((r) => r?.status === 'fulfilled')).toHaveLength(1);
      const loser = production.find((r) => r?.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(ConflictError);
      expect(await registry.aliasHistory('recsys', 'production')).toHaveLength(2);
    });

    it('finds a rollback target: designated > healthy baseline > previous production > none', async () => {
      const none = await registry.rollbackCandidate('recsys', 'recsys-v2-enc5');
      expect(none.release).toBeNull();
      expect(none.explanation).toMatch(/last-known-good/);

      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      await registry.setAlias('recsys', 'production', 'recsys-v2-enc5', admin);
      expect(await registry.rollbackCandidate('recsys', 'recsys-v2-enc5')).toMatchObject({
        release: 'recsys-v1-enc4',
        reason: 'previous-production',
      });

      await registry.setHealthyBaseline('recsys-v1-enc4', true, admin);
      expect(await registry.rollbackCandidate('recsys', 'recsys-v2-enc5')).toMatchObject({
        reason: 'healthy-baseline',
      });

      await registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
      expect(await registry.rollbackCandidate('recsys', 'recsys-v2-enc5')).toMatchObject({
        release: 'recsys-v1-enc4',
        reason: 'designated',
      });
    });

    it('marks a pulled release once per rollback event', async () => {
      const mark = {
        kind: 'rolled-back' as const,
        eventId: 'evt_1',
        at: '2026-11-24T02:17:30Z',
        trigger: 'prediction diversity down > 20%',
        reason: 'diversity 0.04 vs 0.73',
        role: 'production' as const,
      };
      await registry.markRelease('recsys-v2-enc5', mark, admin);
      const again = await registry.markRelease('recsys-v2-enc5', mark, admin);
      expect(again.marks).toEqual([mark]);
    });

    it('validates traffic policies against the registry and keeps their revision', async () => {
      await expect(
        registry.setTrafficPolicy(
          { model: 'recsys', stable: 'recsys-v1-enc4', weights: [{ release: 'ghost', weight: 5 }] },
          admin,
        ),
      ).rejects.toMatchObject({ field: 'weights[0].release' });
      await expect(
        registry.setTrafficPolicy(
          {
            model: 'recsys',
            stable: 'recsys-v1-enc4',
            weights: [{ release: 'recsys-v2-enc5', weight: 100.5 }],
          },
          admin,
        ),
      ).rejects.toMatchObject({ field: 'weights[0].weight' });
      await expect(
        registry.setTrafficPolicy(
          {
            model: 'recsys',
            stable: 'recsys-v1-enc4',
            weights: [{ release: 'recsys-v2-enc5', weight: 0.001 }],
          },
          admin,
        ),
      ).rejects.toThrow(/0.01 % granularity/);
      const policy = await registry.setTrafficPolicy(
        { model: 'recsys', stable: 'recsys-v1-enc4', weights: [{ release: 'recsys-v2-enc5', weight: 5 }] },
        admin,
      );
      expect(policy).toMatchObject({ revision: 1, retryOnStable: true, regionHeader: 'x-region' });
      await expect(
        registry.setTrafficPolicy(
          { model: 'recsys', stable: 'recsys-v1-enc4' },
          { ...admin, expectedRevision: 0 },
        ),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('keeps an append-only audit trail with actor, reason, before and after', async () => {
      await registry.setFlag('item-encoder@5', false, {
        actor: 'ripcord',
        reason: 'rollback evt_1',
        requestId: 'req_9',
      });
      const [entry] = await registry.audit({ target: 'flag/' });
      expect(entry).toMatchObject({
        actor: 'ripcord',
        action: 'flag.set',
        reason: 'rollback evt_1',
        requestId: 'req_9',
        after: { enabled: false },
      });
      const all = await registry.audit();
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
      expect(all.map((e) => e.action)).toContain('release.create');
    });

    it('stores only token hashes and never writes secrets to the audit trail', async () => {
      const { token, info } = await registry.createToken('ci', 'operator', admin);
      expect(await registry.authenticate(token)).toMatchObject({ id: info.id, role: 'operator' });
      expect(await registry.authenticate(`${token}x`)).toBeUndefined();
      expect(await backend.storedText()).not.toContain(token);
      expect(JSON.stringify(await registry.audit())).not.toContain(token);
      await registry.revokeToken(info.id, admin);
      expect(await registry.authenticate(token)).toBeUndefined();
    });

    it('notifies listeners after commit, not for no-ops or failures', async () => {
      const seen: string[] = [];
      registry.onChange((c) => seen.push(`${c.kind}:${c.name}`));
      await registry.setAlias('recsys', 'staging', 'recsys-v2-enc5', admin);
      await registry.setAlias('recsys', 'staging', 'recsys-v2-enc5', admin);
      await registry.setAlias('recsys', 'staging', 'ghost', admin).catch(() => undefined);
      expect(seen).toEqual(['alias:recsys']);
    });

    describe('where a rollback would go', () => {
      it('never names the release production serves now (after a promotion with no baseline)', async () => {
        await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
        await registry.setAlias('recsys', 'production', 'recsys-v2-enc5', admin); // promoted
        expect(await registry.rollbackCandidate('recsys')).toMatchObject({
          release: 'recsys-v1-enc4',
          reason: 'previous-production',
        });
        // A healthy baseline that is production itself is no place to roll back to either.
        await registry.setHealthyBaseline('recsys-v2-enc5', true, admin);
        expect(await registry.rollbackCandidate('recsys')).toMatchObject({ release: 'recsys-v1-enc4' });
        // Naming the pulled release still works as before.
        expect(await registry.rollbackCandidate('recsys', 'recsys-v1-enc4')).toMatchObject({
          release: 'recsys-v2-enc5',
          reason: 'healthy-baseline',
        });
      });

      it('says there is none when production has only ever served one release', async () => {
        await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
        const none = await registry.rollbackCandidate('recsys');
        expect(none.release).toBeNull();
        expect(none.explanation).toMatch(/other than "recsys-v1-enc4"/);
      });
    });
  });
}
