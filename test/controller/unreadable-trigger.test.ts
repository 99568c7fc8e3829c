/** A stored rollout holding a trigger this version cannot read is still judged on the others. */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const [database] = await testDatabases();

describe(`a trigger that cannot be read on ${database?.name}`, () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('never silences the valid triggers beside it', async () => {
    if (!database) return;
    h = await createHarness(database);
    await h.controller.startRollout(
      {
        name: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
        analysis: { triggers: ['hard: p95 latency up > 30% for 10s'] },
      },
      admin,
    );
    // As stored by a version that accepted it: a typo beside the valid trigger.
    const stored = await h.controller.deps.rollouts.require('recsys-v2');
    const body = structuredClone(stored.body);
    body.spec.analysis.triggers = ['hard: eror rate > 5% for 3m', 'hard: p95 latency up > 30% for 10s'];
    await h.controller.deps.rollouts.update(
      'recsys-v2',
      body,
      stored.revision,
      new Date(h.clock.now()).toISOString(),
    );
    let seconds = 0;
    while (
      (await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase !== 'RolledBack' &&
      seconds < 120
    ) {
      await h.second({ v2LatencyMs: 30 });
      seconds += 1;
    }
    const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
    expect(status.phase).toBe('RolledBack');
    expect(status.rollback?.trigger).toBe('hard: p95 latency up > 30% for 10s');
    const unreadable = status.lastDecision?.readings.find((r) => r.trigger === 'hard: eror rate > 5% for 3m');
    expect(unreadable).toMatchObject({ status: 'insufficient-data' });
    expect(unreadable?.message).toMatch(/^cannot be judged: triggers\[0\]: expected a metric/);
  });
});
