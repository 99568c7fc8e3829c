import { describe, expect, it } from 'vitest';

import { noopProvider } from '../analysis/providers/noop/noop-provider.js';
import type { MetricProvider } from '../analysis/providers/metric-provider.js';
import { JudgeCache, judgeRollout } from './judge-rollout.js';
import type { ReconcileContext } from './reconcile-context.js';

/** The parts of a reconcile pass judgeRollout touches: a rollout judged on one trigger. */
function pass(metrics: MetricProvider, create: () => Promise<unknown>) {
  const errors: { fields: Record<string, unknown>; message: string }[] = [];
  const ctx = {
    name: 'recsys-v2',
    now: Date.UTC(2026, 0, 1, 0, 5),
    dirty: false,
    spec: { model: 'recsys', analysis: { triggers: ['hard: error rate up > 50%'] } },
    status: { phase: 'Progressing' },
    deps: {
      metrics,
      decisions: { create },
      emit: () => undefined,
      logger: {
        error: (fields: Record<string, unknown>, message: string) => errors.push({ fields, message }),
      },
    },
  } as unknown as ReconcileContext;
  const request = {
    stage: 'canary',
    candidate: 'recsys-v2',
    baseline: 'recsys-v1',
    candidateShare: 0.1,
    since: Date.UTC(2026, 0, 1),
  };
  return { ctx, request, errors };
}

describe('judgeRollout', () => {
  it('reads the look through deps.metrics, every window the judge asked for', async () => {
    const provider = noopProvider();
    const read: string[] = [];
    const metrics: MetricProvider = {
      name: 'recording',
      window: (q) => (read.push(`${q.release} ${q.from}-${q.to}`), provider.window(q)),
      series: (q) => (read.push(`${q.release} series`), provider.series(q)),
    };
    const { ctx, request } = pass(metrics, async () => undefined);
    const decision = await judgeRollout(ctx, new JudgeCache(), request);
    expect(decision).toMatchObject({ verdict: 'MONITOR', insufficientData: true });
    expect(read).toContain(`recsys-v2 ${request.since}-${ctx.now}`);
    expect(read).toContain(`recsys-v1 ${request.since}-${ctx.now}`);
  });

  it('logs a decision it could not store, with the rollout and the decision, and still returns it', async () => {
    const { ctx, request, errors } = pass(noopProvider(), () =>
      Promise.reject(new Error('database is down')),
    );
    const decision = await judgeRollout(ctx, new JudgeCache(), request);
    expect(decision.verdict).toBe('MONITOR');
    expect(ctx.status.lastDecision).toBe(decision);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/could not store the decision/);
    expect(errors[0]!.fields).toMatchObject({
      rollout: 'recsys-v2',
      decision: `recsys-v2/${ctx.now}/canary`,
      verdict: 'MONITOR',
    });
    expect((errors[0]!.fields.err as Error).message).toBe('database is down');
  });
});
