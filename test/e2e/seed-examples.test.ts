/**
 * The three worked examples of the rollback runbook, judged with the triggers the README shows:
 * the minimal runbook as written (examples/recommender/rollout-minimal-runbook.yaml) beside the
 * triggers ripcord recommends (rollout-canary.yaml, rollout-bluegreen.yaml, rollout-shadow.yaml).
 * The triggers are read from those files, so the README's examples are the ones proven here. A
 * controller over a real store judges synthetic per-second traffic on a manual clock.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ShadowSummary } from '../../src/controller/controller-deps.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import { createHarness } from '../controller/harness.js';
import type { Harness } from '../controller/harness.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';

const example = (file: string): { triggers: string[]; shadow?: Record<string, unknown> } => {
  const doc = parse(readFileSync(`examples/recommender/${file}`, 'utf8')) as {
    spec: { analysis: { triggers: string[] }; shadow?: Record<string, unknown> };
  };
  return { triggers: doc.spec.analysis.triggers, shadow: doc.spec.shadow };
};
const MINIMAL = example('rollout-minimal-runbook.yaml').triggers;
const RECOMMENDED_CANARY = example('rollout-canary.yaml').triggers;
const RECOMMENDED_BLUE_GREEN = example('rollout-bluegreen.yaml').triggers;
const SHADOW = example('rollout-shadow.yaml').shadow!;

const [database] = await testDatabases();
const report: string[] = [];

describe(`the runbook's worked examples on ${database?.name}`, () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const status = async (name: string) => (await h!.controller.deps.rollouts.require(name)).body.status;

  /** Seconds until the rollout leaves `phase`, at most `limit`. */
  async function until(name: string, done: () => Promise<boolean>, step: () => Promise<void>, limit: number) {
    let seconds = 0;
    while (!(await done()) && seconds < limit) {
      await step();
      seconds += 1;
    }
    return seconds;
  }

  describe.each([
    { label: 'minimal runbook', triggers: MINIMAL },
    { label: 'recommended', triggers: RECOMMENDED_CANARY },
  ])(
    'example 1, a 5 percent canary whose p95 rises 40 percent, with the $label triggers',
    ({ label, triggers }) => {
      it('rolls back to 0 % within the 6 minutes', async () => {
        if (!database) return;
        h = await createHarness(database);
        const rollout: RolloutSpecInput = {
          name: 'example-1',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
          analysis: { triggers },
        };
        await h.controller.startRollout(rollout, admin);
        const seconds = await until(
          'example-1',
          async () => (await status('example-1')).phase === 'RolledBack',
          () => h!.second({ v2LatencyMs: 28, v1ErrorRate: 0.001 }),
          360,
        );
        const after = await status('example-1');
        expect(after.phase, after.message).toBe('RolledBack');
        expect(after.rollback?.trigger).toMatch(/p95 latency/);
        expect((await h.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
        report.push(`example 1, ${label}: rolled back ${seconds} s after the onset`);
        if (label === 'recommended') expect(seconds).toBeLessThan(60);
      }, 120_000);
    },
  );

  describe.each([
    { label: 'minimal runbook', triggers: MINIMAL },
    { label: 'recommended', triggers: RECOMMENDED_BLUE_GREEN },
  ])(
    'example 2, blue/green whose conversion drops 3 percent after the flip, with the $label triggers',
    ({ label, triggers }) => {
      it('flips back to v1 + encoder v4 and turns the encoder v5 flag off within 10 minutes', async () => {
        if (!database) return;
        h = await createHarness(database);
        const conversion = { perSecond: 500, v1: 0.3, v2: 0.3 * 0.97 };
        // Blue's five minutes before the flip are the baseline green is judged against.
        // Both releases fail 0.1 % of requests: only the conversion differs.
        const errors = { v1ErrorRate: 0.001, v2ErrorRate: 0.001 };
        for (let s = 0; s < 300; s += 1) await h.second({ conversion, ...errors });
        await h.controller.startRollout(
          {
            name: 'example-2',
            model: 'recsys',
            release: 'recsys-v2-enc5',
            blueGreen: { postPromotionAnalysis: { duration: '15m' } },
            analysis: { triggers },
            guard: { baselineWindow: '5m' },
          },
          admin,
        );
        const seconds = await until(
          'example-2',
          async () => (await status('example-2')).phase === 'RolledBack',
          () => h!.second({ conversion, ...errors }),
          600,
        );
        const after = await status('example-2');
        report.push(
          `example 2, ${label}: ${after.phase === 'RolledBack' ? `flipped back ${seconds} s after the flip` : `not caught in 10 minutes (${after.lastDecision?.reason ?? after.message})`}`,
        );
        // The runbook's `KPI −2 % 15m`, judged over a sliding 15 minutes against a 2 % margin, has
        // not seen a 3 % drop at 500 events/s after 10 minutes: the README says why it recommends
        // a 1 % margin judged from the flip instead.
        if (label === 'minimal runbook') return expect(after.phase).not.toBe('RolledBack');
        expect(after.phase, after.message).toBe('RolledBack');
        expect(after.rollback?.trigger).toMatch(/kpi conversion/);
        expect((await h.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v1-enc4');
        expect((await h.registry.getAlias('recsys', 'production')).release).toBe('recsys-v1-enc4');
        expect((await h.registry.getFlag('item-encoder@5'))?.enabled).toBe(false);
      }, 240_000);
    },
  );

  it('example 3: a shadow whose night segment drifts is blocked within seconds, no user exposed', async () => {
    if (!database) return;
    let summary: ShadowSummary | undefined;
    h = await createHarness(database, { shadowSummary: () => summary });
    await h.controller.startRollout(
      {
        name: 'example-3',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        shadow: SHADOW as RolloutSpecInput['shadow'],
        analysis: { triggers: RECOMMENDED_CANARY },
      },
      admin,
    );
    // 10 % of 200 req/s mirrored, 8 % of it at night, where v2's outputs drift (agreement 0).
    let seconds = 0;
    while ((await status('example-3')).phase === 'Progressing' && seconds < 600) {
      seconds += 1;
      const night = Math.floor(seconds * 20 * 0.08);
      const day = seconds * 20 - night;
      summary = {
        compared: night + day,
        agreement: day / (night + day),
        segments: [
          { key: 'hour', value: '2', compared: night, agreement: 0 },
          { key: 'hour', value: '14', compared: day, agreement: 1 },
        ],
      };
      await h.second();
    }
    const after = await status('example-3');
    expect(after.phase).toBe('Blocked');
    expect(after.message).toMatch(/hour=2 agreement 0\.0 %/);
    expect(seconds).toBeLessThan(60);
    expect((await h.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
    report.push(`example 3: blocked ${seconds} s into a ${String(SHADOW['duration'])} shadow`);
    process.stdout.write(`[seed examples]\n${report.join('\n')}\n`);
  });
});
