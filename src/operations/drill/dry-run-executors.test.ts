import { describe, expect, it } from 'vitest';
import type { Executor } from '../../actions/executors/executor.js';
import { drillExecutors } from './dry-run-executors.js';

const context = {
  eventId: 'rb_1',
  model: 'recsys',
  release: 'v2',
  target: 'v1',
  trigger: 't',
  reason: 'r',
  role: 'canary' as const,
  actor: 'a',
  decidedAt: 0,
};

function recording() {
  const calls: string[] = [];
  const executor: Executor = {
    name: 'kubernetes:recsys',
    apply: () => (calls.push('apply'), Promise.resolve({ changed: true })),
    plan: () => (calls.push('plan'), Promise.resolve({ changes: true, summary: 'scale v1 to 3' })),
  };
  return { executor, calls };
}

describe('drill executors', () => {
  const signal = new AbortController().signal;

  it('only plan in a drill: apply reads the system and changes nothing', async () => {
    const { executor, calls } = recording();
    const [wrapped] = drillExecutors({ id: 'drill_1', fault: 'latency', liveExecutors: false }, [executor]);
    const result = await wrapped!.apply(context, signal);
    expect(calls).toEqual(['plan']);
    expect(result).toEqual({
      changed: false,
      detail: { drill: 'drill_1', dryRun: true, wouldChange: true, summary: 'scale v1 to 3' },
    });
    expect(wrapped!.name).toBe('kubernetes:recsys');
  });

  it('run for real when the drill was told to, and outside drills', async () => {
    const live = recording();
    await drillExecutors({ id: 'drill_1', fault: 'crash', liveExecutors: true }, [live.executor])[0]!.apply(
      context,
      signal,
    );
    const normal = recording();
    await drillExecutors(undefined, [normal.executor])[0]!.apply(context, signal);
    expect([live.calls, normal.calls]).toEqual([['apply'], ['apply']]);
  });
});
