import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRegistry } from './registry/create-registry.js';
import { openStore } from './open-store.js';

describe('SQLite store when the disk is full', () => {
  it('reports the disk-full error, not "cannot rollback - no transaction is active"', async () => {
    const store = await openStore({ url: join(mkdtempSync(join(tmpdir(), 'ripcord-full-')), 'ripcord.db') });
    try {
      const registry = createRegistry({ store });
      // The database may not grow past its current size: the next pages a write needs do not fit.
      const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(store.db);
      await sql.raw(`PRAGMA max_page_count = ${rows[0]!.page_count}`).execute(store.db);
      const write = async () => {
        for (let i = 0; i < 200; i += 1)
          await registry.upsertModel(
            { name: `model-${i}`, owner: 'team', description: 'x'.repeat(2_000), protocol: 'tfserving' },
            { actor: 'test' },
          );
      };
      await expect(write()).rejects.toThrow(/database or disk is full/);
    } finally {
      await store.close();
    }
  });
});
