/**
 * Where verdict judges keep a canary: the same contract in one process and in the store (SQLite
 * and PostgreSQL), and what the store gives a fleet of control-plane replicas: a restarted or
 * second replica carries the canary's test on instead of starting one of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';

import { canaryVerdicts } from '../../src/api/routes/verdict-judges.js';
import {
  memoryCanaryMemory,
  storedCanaryMemory,
  StoredCanarySchema,
  type CanaryMemory,
  type CanaryState,
  type StoredCanary,
} from '../../src/api/routes/canary-memory.js';
import { telemetryProvider } from '../../src/analysis/providers/telemetry/telemetry-provider.js';
import { ManualClock } from '../../src/core/clock.js';
import { documentStore } from '../../src/store/document-store.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import { testDatabases } from '../support/databases.js';

const databases = await testDatabases();
const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});

const memoryIn = (store: Store): CanaryMemory => {
  stores.push(store);
  return storedCanaryMemory(
    documentStore<StoredCanary>(store, 'verdict-canary', { schema: StoredCanarySchema }),
  );
};
const openMemory = async (database: (typeof databases)[number]): Promise<CanaryMemory> =>
  memoryIn(await database.open());

const state = (since: number): CanaryState => ({
  since,
  judge: { since, triggers: [] } as unknown as CanaryState['judge'],
});

const implementations: [string, () => Promise<CanaryMemory>][] = [
  ['in one process', () => Promise.resolve(memoryCanaryMemory())],
  ...databases.map((d): [string, () => Promise<CanaryMemory>] => [`in ${d.name}`, () => openMemory(d)]),
];

describe.each(implementations)('canary memory %s', (_name, open) => {
  it('keeps a state by its key and answers nothing for an unknown one', async () => {
    const memory = await open();
    expect(await memory.load('unknown')).toBeUndefined();
    expect(await memory.save('a', state(1), undefined)).toBe(true);
    const loaded = await memory.load('a');
    expect(loaded?.state.since).toBe(1);
    expect(await memory.save('a', state(2), loaded!.revision)).toBe(true);
    expect((await memory.load('a'))?.state.since).toBe(2);
  });

  it('refuses a write computed from a state another writer has replaced (compare-and-set)', async () => {
    const memory = await open();
    await memory.save('b', state(1), undefined);
    const seenByBoth = (await memory.load('b'))!.revision;
    expect(await memory.save('b', state(2), seenByBoth)).toBe(true);
    expect(await memory.save('b', state(3), seenByBoth)).toBe(false);
    expect(await memory.save('b', state(4), undefined)).toBe(false);
    expect((await memory.load('b'))?.state.since).toBe(2);
  });
});

describe.each(databases)('stored canaries on $name', (database) => {
  it('forgets a canary nobody has asked about for the retention, and keeps the ones still asked about', async () => {
    const store = await database.open();
    let now = Date.UTC(2026, 0, 1);
    const memory = (keepMs: number) => {
      stores.push(store);
      const documents = documentStore<StoredCanary>(store, 'verdict-canary', { schema: StoredCanarySchema });
      return storedCanaryMemory(documents, { keepMs, sweepEveryMs: 60_000, now: () => now });
    };
    const day = 86_400_000;
    const canaries = memory(7 * day);
    await canaries.save('finished', state(1), undefined);
    await canaries.save('running', state(1), undefined);
    now += 6 * day;
    await canaries.save('running', state(2), (await canaries.load('running'))!.revision);
    now += 2 * day;
    // The next save sweeps: 'finished' was last written 8 days ago, 'running' 2 days ago.
    await canaries.save('new', state(3), undefined);
    expect(await canaries.load('finished')).toBeUndefined();
    expect((await canaries.load('running'))?.state.since).toBe(2);
    expect((await canaries.load('new'))?.state.since).toBe(3);
    // A forgotten canary asked about again starts afresh instead of failing.
    expect(await canaries.save('finished', state(4), undefined)).toBe(true);
  });
});

describe.each(databases)('verdicts across control-plane replicas ($name)', (database) => {
  it("a second replica carries on the first one's canary: same start, same running test, one look a second", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const telemetry = createTelemetry({ clock, windowSeconds: 3600, schemas: () => undefined });
    const metrics = telemetryProvider(telemetry);
    // Two replicas: two connections to one database.
    const shared = await database.open();
    const a = canaryVerdicts({ metrics, clock, memory: memoryIn(shared) });
    const b = canaryVerdicts({ metrics, clock, memory: memoryIn(await database.reopen(shared)) });
    const question = {
      model: 'recsys',
      candidate: 'recsys-canary',
      baseline: 'recsys-stable',
      triggers: ['hard: error rate > 5%'],
    };
    const first = await a.judge(question);
    expect(first.verdict).toBe('pending');
    // Within a second, the other replica answers with the look already taken.
    clock.advance(500);
    expect(await b.judge(question)).toEqual(first);
    // Errors on the canary only: the running test, kept in the store, goes on across replicas.
    for (let s = 0; s < 90; s++) {
      for (let i = 0; i < 100; i++) {
        const at = clock.now() + i * 5;
        telemetry.record({
          model: 'recsys',
          release: 'recsys-stable',
          region: 'eu',
          at,
          outcome: 'ok',
          latencyMs: 50,
        });
        telemetry.record({
          model: 'recsys',
          release: 'recsys-canary',
          region: 'eu',
          at,
          outcome: i < 20 ? 'serverError' : 'ok',
          latencyMs: 50,
        });
      }
      clock.advance(1000);
      const answer = await (s % 2 === 0 ? a : b).judge(question);
      // Both count from when the canary was first asked about, whichever replica answers.
      expect(answer.since).toBe(first.since);
      if (answer.verdict === 'fail') return;
    }
    throw new Error('a canary failing 20 % of requests was never judged "fail"');
  });
});
