/** `observe:` triggers record their readings and show them; they never act and never hold a step. */
import { afterEach, describe, expect, it } from 'vitest';
import { describeRollout } from '../../src/cli/commands/rollout.js';
import type { RolloutEvent } from '../../src/controller/controller-deps.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const [database] = await testDatabases();

describe(`observe: triggers on ${database?.name}`, () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('shows a breaching observe trigger in status and events, and the rollout goes on to promotion', async () => {
    if (!database) return;
    h = await createHarness(database);
    const events: RolloutEvent[] = [];
    h.controller.subscribe((e) => events.push(e));
    await h.controller.startRollout(
      {
        name: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        canary: {
          steps: [
            { setWeight: 20 },
            { pause: { duration: '1m' } },
            { setWeight: 50 },
            { pause: { duration: '1m' } },
          ],
        },
        analysis: {
          triggers: [
            'hard: error rate > 5% for 30s',
            'observe: p95 latency up > 10%',
            // Never fed: an observe trigger without data must not hold the step either.
            'observe: kpi conversion down > 2%',
          ],
        },
      },
      admin,
    );
    let sawBreach = false;
    for (let s = 0; s < 60; s += 1) {
      await h.second({ v2LatencyMs: 30 });
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      const reading = status.lastDecision?.readings.find(
        (r) => r.trigger === 'observe: p95 latency up > 10%',
      );
      if (reading?.status === 'breach') {
        sawBreach = true;
        expect(status.lastDecision?.verdict).toBe('MONITOR');
        const text = describeRollout({
          name: 'recsys-v2',
          revision: 1,
          spec: (await h.controller.deps.rollouts.require('recsys-v2')).body.spec,
          status,
        });
        expect(text).toMatch(/\[observe breach\] p95 \d+ ms is \d+ % above baseline/);
      }
    }
    expect(sawBreach).toBe(true);
    for (let s = 0; s < 70; s += 1) await h.second({ v2LatencyMs: 30 });
    const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
    expect(status.phase).toBe('Guarding');
    expect(status.rollback).toBeUndefined();
    expect(status.alerts.filter((a) => /holding|paused/.test(a.message))).toEqual([]);
    const decisions = events.filter((e) => e.type === 'decision');
    expect(
      decisions.some((e) =>
        e.decision?.readings.some((r) => r.severity === 'observe' && r.status === 'breach'),
      ),
    ).toBe(true);
  });
});
