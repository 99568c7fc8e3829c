/**
 * kill -9 in the middle of a 3,000-document apply, on SQLite and PostgreSQL: the process dies
 * before the 1,500th document is applied. After a restart on the same data, the apply left
 * nothing (it was one transaction): no model, no audit entry. Re-sending it applies all 3,000.
 * Before, 1,499 documents stayed committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Model } from '../../src/registry/types.js';
import { e2eApi } from '../e2e/api-client.js';
import { e2eDatabases } from '../e2e/e2e-databases.js';
import { startKillablePlane } from './store-kill-plane.js';
import type { KillablePlane } from './store-kill-plane.js';

const DOCUMENTS = 3_000;
const KILL_AT = 1_500;

const documents = Array.from({ length: DOCUMENTS }, (_, i) => ({
  apiVersion: 'ripcord.dev/v1',
  kind: 'Model',
  metadata: { name: `bulk-${String(i).padStart(4, '0')}` },
  spec: { owner: 'bulk-team', protocol: 'json' },
}));

for (const database of await e2eDatabases()) {
  describe(`kill -9 during a large apply on ${database.name}`, () => {
    let plane: KillablePlane | undefined;
    let dataDir: string;
    let databaseUrl: string | undefined;
    let dropDatabase: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const db = await database.create();
      databaseUrl = db.url;
      dropDatabase = db.drop;
      dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fault-apply-'));
    });
    afterAll(async () => {
      await plane?.stop();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    }, 30_000);

    it(`leaves none of ${DOCUMENTS} documents when killed at document ${KILL_AT}, then applies all`, async () => {
      plane = await startKillablePlane({
        dataDir,
        databaseUrl,
        kill: { call: 'upsertModel', nth: KILL_AT },
      });
      const token = plane.token ?? '';
      const sent = e2eApi(plane.url, token)
        .call('POST', '/apply', { documents })
        .then(
          (answer) => `answered ${answer.status}`,
          (error: Error) => `failed: ${error.message}`,
        );
      await plane.exited;
      expect(plane.killed()).toBe(true);
      expect(await sent).toMatch(/^failed/);

      plane = await startKillablePlane({ dataDir, databaseUrl });
      const api = e2eApi(plane.url, token);
      const bulk = async () => (await api.get<Model[]>('/models')).filter((m) => m.name.startsWith('bulk-'));
      const created = async () =>
        (await api.get<AuditEntry[]>('/audit?action=model.create&limit=10000')).filter((e) =>
          e.target.startsWith('model/bulk-'),
        );
      expect((await bulk()).length).toBe(0);
      expect((await created()).length).toBe(0);

      const again = await api.call<{ results: { result: string }[] }>('POST', '/apply', { documents });
      expect(again.status).toBe(200);
      expect(again.body.results.filter((r) => r.result === 'created')).toHaveLength(DOCUMENTS);
      expect((await bulk()).length).toBe(DOCUMENTS);
      expect((await created()).length).toBe(DOCUMENTS);
    }, 400_000);
  });
}
