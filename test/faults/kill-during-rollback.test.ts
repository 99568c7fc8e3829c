/**
 * kill -9 during a manual rollback, on SQLite and PostgreSQL. A rollback that says it happened
 * has happened, and the audit trail says so exactly once:
 * - killed as the `rollout.rollback` audit entry is about to be written (its status already
 *   computed): after a restart, either both the rollback and its entry exist or neither does;
 *   re-issued, it completes once. Before, the status committed alone and the entry was lost.
 * - killed as the rollback plan marks the pulled release: after a restart the controller resumes
 *   the plan; the rollback completes exactly once, with its one `rollout.rollback` entry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/registry/types.js';
import { e2eApi } from '../e2e/api-client.js';
import type { E2eApi } from '../e2e/api-client.js';
import { e2eDatabases } from '../e2e/e2e-databases.js';
import { FAST_SERVER } from '../e2e/harness.js';
import type { RolloutView } from '../e2e/harness.js';
import { startModelServers } from '../e2e/model-servers.js';
import type { ModelServers } from '../e2e/model-servers.js';
import { seedRecsys, V1, V2 } from '../e2e/seed-recsys.js';
import { waitFor } from '../e2e/wait-for.js';
import { startKillablePlane } from './store-kill-plane.js';
import type { KillablePlane, RegistryKillSwitch } from './store-kill-plane.js';

const KILL_POINTS: { label: string; kill: RegistryKillSwitch }[] = [
  {
    label: 'the rollout.rollback audit entry',
    kill: { call: 'recordAudit', action: 'rollout.rollback', nth: 1 },
  },
  { label: 'the release mark of the rollback plan', kill: { call: 'markRelease', nth: 1 } },
];

for (const database of await e2eDatabases()) {
  describe(`kill -9 during a manual rollback on ${database.name}`, () => {
    let models: ModelServers;
    let plane: KillablePlane | undefined;
    let dataDir: string;
    let databaseUrl: string | undefined;
    let dropDatabase: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      models = await startModelServers({ v1: FAST_SERVER, v2: FAST_SERVER });
      const db = await database.create();
      databaseUrl = db.url;
      dropDatabase = db.drop;
      dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fault-rollback-'));
    }, 60_000);
    afterAll(async () => {
      await plane?.stop();
      await models?.close();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    let token = '';
    for (const [run, point] of KILL_POINTS.entries()) {
      it(`completes the rollback exactly once, with its audit entry, after a kill at ${point.label}`, async () => {
        plane = await startKillablePlane({ dataDir, databaseUrl, kill: point.kill });
        token ||= plane.token ?? '';
        let api: E2eApi = e2eApi(plane.url, token);
        if (run === 0) await seedRecsys(api, { v1: models.v1.url, v2: models.v2.url });
        // The previous run's rollback disabled encoder v5 and marked v2; re-enable for the next try.
        await api.send('PUT', '/flags/item-encoder@5', { enabled: true, reason: `run ${run}` });
        const name = `manual-${run}`;
        await api.send('POST', '/rollouts', {
          name,
          model: 'recsys',
          release: V2,
          rollbackTo: V1,
          blueGreen: { postPromotionAnalysis: { duration: '5m' }, keepWarm: '5m' },
          analysis: { triggers: ['hard: error rate > 50% for 1m'] },
          verify: { within: '3s' },
        });
        const sent = api.call('POST', `/rollouts/${name}/rollback`, { reason: 'customer reports' }).then(
          (answer) => `answered ${answer.status}`,
          (error: Error) => `failed: ${error.message}`,
        );
        await plane.exited;
        expect(plane.killed()).toBe(true);
        // Killed inside the request (the audit entry), the caller never hears back. Killed at the
        // plan's release mark, the rollback was already decided and recorded: whether its answer
        // left before the controller's pass reached the mark depends on scheduling, so either the
        // caller heard 200 or nothing; what follows must hold both ways.
        expect(await sent).toMatch(point.kill.call === 'recordAudit' ? /^failed/ : /^(failed|answered 200)/);

        plane = await startKillablePlane({ dataDir, databaseUrl });
        api = e2eApi(plane.url, token);
        const entries = async () =>
          (await api.get<AuditEntry[]>(`/audit?target=rollout/${name}&limit=10000`)).filter(
            (e) => e.action === 'rollout.rollback',
          );
        const rollout = await api.get<RolloutView>(`/rollouts/${name}`);
        const rolledBack = ['RollingBack', 'RolledBack'].includes(rollout.status.phase);
        // A rollback answered 200 was recorded before the kill.
        if ((await sent) === 'answered 200') expect(rolledBack, `phase ${rollout.status.phase}`).toBe(true);
        // Consistent: the rollback and its audit entry both exist, or neither does.
        expect((await entries()).length, `phase ${rollout.status.phase}`).toBe(rolledBack ? 1 : 0);
        if (!rolledBack) {
          // Never happened: the operator repeats the command.
          await api.send('POST', `/rollouts/${name}/rollback`, { reason: 'customer reports' });
        }
        const done = await waitFor(
          `${name} rolled back`,
          async () => {
            const r = await api.get<RolloutView>(`/rollouts/${name}`);
            return r.status.phase === 'RolledBack' && r.status.rollback?.outcome === 'succeeded'
              ? r
              : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 100 },
        );
        expect(done.status.rollback).toMatchObject({ target: V1, trigger: 'manual' });
        expect(await entries()).toHaveLength(1);
        expect(await api.get('/traffic/recsys')).toMatchObject({ stable: V1, weights: [] });
        expect(await api.get('/models/recsys/aliases/production')).toMatchObject({ release: V1 });
        const eventId = done.status.rollback?.eventId;
        const marks = (await api.get<{ marks: { eventId: string }[] }>(`/releases/${V2}`)).marks;
        expect(marks.filter((m) => m.eventId === eventId)).toHaveLength(1);
        expect(marks).toHaveLength(run + 1);
        const incidents = (await api.get<{ id: string; rollout: string }[]>('/incidents')).filter(
          (i) => i.rollout === name,
        );
        expect(incidents.map((i) => i.id)).toEqual([eventId]);
        await plane.stop();
        plane = undefined;
      }, 180_000);
    }
  });
}
