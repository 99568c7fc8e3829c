import { afterEach, describe, expect, it } from 'vitest';

import type { RolloutDocument } from '../../src/controller/rollout-state.js';
import { rolloutKpis } from '../../src/store/rollout-kpis.js';
import { documentStore } from '../../src/store/document-store.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';

const rollout = (model: string, analysis: string[], guard?: string[]): RolloutDocument =>
  ({
    spec: { model, analysis: { triggers: analysis }, guard: { triggers: guard } },
    status: {},
  }) as unknown as RolloutDocument;

for (const database of await testDatabases()) {
  describe(`KPI names of rollouts (${database.name})`, () => {
    let store: Store | undefined;
    afterEach(async () => store?.close());

    it('lists the kpi triggers of every stored rollout per model, and picks up new rollouts', async () => {
      store = await database.open();
      const docs = documentStore<RolloutDocument>(store, 'rollout');
      const at = new Date().toISOString();
      await docs.create(
        'a',
        rollout(
          'recsys',
          ['hard: error rate > 5% for 1m', 'hard: kpi conversion down > 1% over 30s'],
          ['soft: kpi revenue down > 5% over 1m'],
        ),
        at,
      );
      await docs.create('b', rollout('search', ['hard: p95 latency up > 20% for 1m']), at);
      expect(await rolloutKpis(store)).toEqual({ recsys: ['conversion', 'revenue'] });
      await docs.create('c', rollout('search', ['hard: kpi clicks down > 2% over 1m']), at);
      expect(await rolloutKpis(store)).toEqual({ recsys: ['conversion', 'revenue'], search: ['clicks'] });
    });
  });
}
