import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../src/core/errors.js';
import { DocumentFormatError, documentStore } from '../../src/store/document-store.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';

const Note = z.object({ text: z.string(), tags: z.array(z.string()).default([]) }).strict();
type Note = z.output<typeof Note>;
const at = '2026-11-24T00:00:00.000Z';
const later = '2026-11-24T00:01:00.000Z';

for (const database of await testDatabases()) {
  describe(`documents on ${database.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await database.open();
    });
    afterEach(() => store.close());

    it('creates, reads and updates under compare-and-set, one winner per revision', async () => {
      const notes = documentStore<Note>(store, 'note', { schema: Note });
      const created = await notes.create('n1', { text: 'hello', tags: [] }, at);
      expect(created).toEqual({
        id: 'n1',
        body: { text: 'hello', tags: [] },
        revision: 1,
        createdAt: at,
        updatedAt: at,
      });
      expect(await notes.require('n1')).toEqual(created);
      await expect(notes.create('n1', { text: 'again', tags: [] }, at)).rejects.toBeInstanceOf(ConflictError);
      const updated = await notes.update('n1', { text: 'edited', tags: ['x'] }, 1, later);
      expect(updated).toMatchObject({ revision: 2, createdAt: at, updatedAt: later, body: { tags: ['x'] } });
      await expect(notes.update('n1', { text: 'stale', tags: [] }, 1, later)).rejects.toMatchObject({
        details: { currentRevision: 2, expectedRevision: 1 },
      });
      await expect(notes.update('ghost', { text: 'x', tags: [] }, 1, later)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await notes.revision('n1')).toBe(2);
      expect((await notes.list({ prefix: 'n' })).map((n) => n.id)).toEqual(['n1']);
    });

    it("forgets only its own kind's documents last written before a time", async () => {
      const notes = documentStore<Note>(store, 'note', { schema: Note });
      const others = documentStore<Note>(store, 'other', { schema: Note });
      await notes.create('old', { text: 'a', tags: [] }, at);
      await notes.create('new', { text: 'b', tags: [] }, later);
      await others.create('old', { text: 'c', tags: [] }, at);
      expect(await notes.deleteUpdatedBefore(later)).toBe(1);
      expect((await notes.list()).map((n) => n.id)).toEqual(['new']);
      expect(await others.revision('old')).toBe(1);
    });

    it('fails on read naming the kind, id and field of a stored body that does not match its schema', async () => {
      await documentStore(store, 'note').create('bad', { text: 7 }, at);
      const notes = documentStore<Note>(store, 'note', { schema: Note });
      await expect(notes.get('bad')).rejects.toBeInstanceOf(DocumentFormatError);
      await expect(notes.list()).rejects.toThrow(/note "bad" does not match its stored format: text: /);
      // The revision alone needs no body, and a stale write still reports the conflict.
      expect(await notes.revision('bad')).toBe(1);
    });

    it('refuses to write a body its schema rejects, so nothing unreadable is stored', async () => {
      const notes = documentStore<Note>(store, 'note', { schema: Note });
      await expect(notes.create('n2', { text: 1 } as unknown as Note, at)).rejects.toThrow(/note "n2".*text/);
      expect(await notes.revision('n2')).toBeUndefined();
    });

    it('writes the format version and upgrades older documents on read', async () => {
      await documentStore(store, 'note').create('old', { text: 'v1 note' }, at);
      const v2 = documentStore<Note>(store, 'note', {
        schema: Note,
        version: 2,
        upgrade: (body) => ({ ...(body as object), tags: ['upgraded'] }),
      });
      expect((await v2.require('old')).body).toEqual({ text: 'v1 note', tags: ['upgraded'] });
      await v2.update('old', { text: 'v2 note', tags: [] }, 1, later);
      const row = await store.db
        .selectFrom('documents')
        .select('version')
        .where('id', '=', 'old')
        .executeTakeFirst();
      expect(row?.version).toBe(2);
      // A process that reads only format 1 refuses it instead of misreading it.
      await expect(documentStore(store, 'note').get('old')).rejects.toThrow(/format 2, newer than the 1/);
    });
  });
}
