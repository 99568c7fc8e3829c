import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { ActionJournal } from '../../src/actions/action-journal.js';
import { actionId, type ActionContext, type Executor } from '../../src/actions/executors/executor.js';
import { MemoryActionJournal } from '../../src/actions/memory-action-journal.js';
import type { PlanStep, RollbackPlan } from '../../src/actions/rollback-plan.js';
import { runPlan } from '../../src/actions/run-plan.js';

const context: ActionContext = {
  eventId: 'evt_1',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  target: 'recsys-v1-enc4',
  trigger: 'hard: prediction diversity down > 50% for 1m',
  reason: 'diversity 0.04 vs 0.73',
  role: 'production',
  actor: 'controller',
  decidedAt: 1_000,
};

/** An idempotent executor over a shared "system": applying sets a key, counting real changes. */
function setKey(system: Map<string, number>, name: string, clock?: ManualClock, takesMs = 0): Executor {
  return {
    name,
    plan: () => Promise.resolve({ changes: !system.has(name), summary: `set ${name}` }),
    apply() {
      clock?.advance(takesMs);
      if (system.has(name)) return Promise.resolve({ changed: false });
      system.set(name, (system.get(name) ?? 0) + 1);
      return Promise.resolve({ changed: true, detail: { key: name } });
    },
  };
}

/** The plan of a test step that only applies. */
const planned = { plan: () => Promise.resolve({ changes: true, summary: 'test step' }) };

function failing(name: string, message = 'boom'): Executor {
  return { name, ...planned, apply: () => Promise.reject(new Error(message)) };
}

function plan(...steps: [Executor, PlanStep['onFailure']?][]): RollbackPlan {
  return {
    context,
    steps: steps.map(([executor, onFailure], i) => ({
      actionId: actionId(context.eventId, executor.name),
      kind: i === 0 ? 'traffic' : 'external',
      executor,
      onFailure: onFailure ?? (i === 0 ? 'stop' : 'continue'),
    })),
  };
}

/** A journal that dies (throws, as a killed process would stop) on its nth write. */
function dyingJournal(inner: ActionJournal, dieOnWrite: number): ActionJournal {
  let writes = 0;
  const die = (): void => {
    if (++writes === dieOnWrite) throw new Error('process killed');
  };
  return {
    get: (id) => inner.get(id),
    list: (owner) => inner.list(owner),
    begin: async (entry) => {
      die();
      await inner.begin(entry);
    },
    complete: async (id, outcome, at) => {
      die();
      await inner.complete(id, outcome, at);
    },
  };
}

describe('runPlan', () => {
  it('runs the steps in order and journals each with start, end and outcome', async () => {
    const clock = new ManualClock(10_000);
    const system = new Map<string, number>();
    const journal = new MemoryActionJournal();
    const seen: string[] = [];
    const run = await runPlan(
      plan([setKey(system, 'traffic', clock, 40)], [setKey(system, 'alias:production', clock, 15)]),
      {
        journal,
        clock,
        onAction: (r) => seen.push(r.name),
      },
    );
    expect(run.outcome).toBe('succeeded');
    expect(seen).toEqual(['traffic', 'alias:production']);
    expect(
      run.actions.map((a) => [a.name, a.step, a.status, a.startedAt, a.endedAt, a.outcome?.result]),
    ).toEqual([
      ['traffic', 0, 'completed', 10_000, 10_040, 'succeeded'],
      ['alias:production', 1, 'completed', 10_040, 10_055, 'succeeded'],
    ]);
    expect(run.trafficRestoredAt).toBe(10_040);
    expect(run).toMatchObject({ startedAt: 10_000, endedAt: 10_055 });
    expect(await journal.list('evt_1')).toEqual(run.actions);
  });

  it('stops after a failed stop-step and continues after a failed continue-step', async () => {
    const clock = new ManualClock(0);
    const system = new Map<string, number>();
    const stopped = await runPlan(
      plan([failing('traffic', 'store unavailable')], [setKey(system, 'alias:production')]),
      {
        journal: new MemoryActionJournal(),
        clock,
      },
    );
    expect(stopped.outcome).toBe('failed');
    expect(stopped.actions).toHaveLength(1);
    expect(stopped.actions[0]!.outcome).toMatchObject({ result: 'failed', error: 'store unavailable' });
    expect(stopped.trafficRestoredAt).toBeUndefined();
    expect(system.size).toBe(0);

    const continued = await runPlan(
      plan([setKey(system, 'traffic')], [failing('webhook:pager')], [setKey(system, 'webhook:slack')]),
      { journal: new MemoryActionJournal(), clock },
    );
    expect(continued.outcome).toBe('failed');
    expect(continued.actions.map((a) => a.outcome?.result)).toEqual(['succeeded', 'failed', 'succeeded']);
  });

  it('fails an action whose verification does not hold', async () => {
    const executor: Executor = {
      name: 'traffic',
      ...planned,
      apply: () => Promise.resolve({ changed: true }),
      verify: () => Promise.resolve({ ok: false, message: 'stable is still v2' }),
    };
    const run = await runPlan(plan([executor]), {
      journal: new MemoryActionJournal(),
      clock: new ManualClock(),
    });
    expect(run.actions[0]!.outcome).toMatchObject({
      result: 'failed',
      error: 'verification failed: stable is still v2',
    });
  });

  it('applies every action exactly once however the process dies, resuming from the journal', async () => {
    const names = ['traffic', 'alias:production', 'mark-release', 'flag:item-encoder@5', 'webhook:ops'];
    // 2 journal writes per action: dying on write w covers every point between and inside actions.
    for (let dieOnWrite = 1; dieOnWrite <= names.length * 2; dieOnWrite++) {
      const system = new Map<string, number>();
      const applied: string[] = [];
      const build = () =>
        plan(
          ...names.map((name): [Executor] => {
            const inner = setKey(system, name);
            return [{ name, ...planned, apply: (c, s) => (applied.push(name), inner.apply(c, s)) }];
          }),
        );
      const journal = new MemoryActionJournal();
      const clock = new ManualClock(0);
      await expect(runPlan(build(), { journal: dyingJournal(journal, dieOnWrite), clock })).rejects.toThrow(
        'process killed',
      );
      const resumed = await runPlan(build(), { journal, clock });

      expect(resumed.outcome).toBe('succeeded');
      expect([...system.values()]).toEqual(names.map(() => 1));
      expect(resumed.actions.map((a) => a.name)).toEqual(names);
      expect(
        resumed.actions.every((a) => a.status === 'completed' && a.outcome?.result === 'succeeded'),
      ).toBe(true);
      // The action the process died in (if its effect ran) is re-applied once, marked resumed; none other repeats.
      const interrupted = names[Math.floor((dieOnWrite - 1) / 2)]!;
      const repeats = applied.filter((name, i) => applied.indexOf(name) !== i);
      expect(repeats).toEqual(dieOnWrite % 2 === 0 ? [interrupted] : []);
      const marked = resumed.actions.filter((a) => a.outcome?.detail?.resumed === true).map((a) => a.name);
      expect(marked).toEqual(dieOnWrite % 2 === 0 ? [interrupted] : []);
    }
  });

  it('retries a failed action on the next run and skips the succeeded ones', async () => {
    const clock = new ManualClock(0);
    const system = new Map<string, number>();
    const journal = new MemoryActionJournal();
    let down = true;
    const flaky: Executor = {
      name: 'webhook:ops',
      ...planned,
      apply: () => (down ? Promise.reject(new Error('HTTP 503')) : Promise.resolve({ changed: true })),
    };
    const first = await runPlan(plan([setKey(system, 'traffic')], [flaky]), { journal, clock });
    expect(first.outcome).toBe('failed');
    down = false;
    const second = await runPlan(plan([setKey(system, 'traffic')], [flaky]), { journal, clock });
    expect(second.outcome).toBe('succeeded');
    expect(second.actions[1]!.outcome).toMatchObject({ result: 'succeeded', detail: { resumed: true } });
    expect(system.get('traffic')).toBe(1);
  });

  it('stops between steps once the signal aborts, and hands the signal to every executor', async () => {
    const controller = new AbortController();
    const system = new Map<string, number>();
    const signals: AbortSignal[] = [];
    const abortingAfter = (inner: Executor): Executor => ({
      ...inner,
      apply: async (c, s) => {
        signals.push(s);
        const result = await inner.apply(c, s);
        controller.abort();
        return result;
      },
    });
    const run = await runPlan(
      plan([abortingAfter(setKey(system, 'traffic'))], [setKey(system, 'alias:production')]),
      { journal: new MemoryActionJournal(), clock: new ManualClock(), signal: controller.signal },
    );
    expect(run.outcome).toBe('aborted');
    expect(run.actions.map((a) => [a.name, a.outcome?.result])).toEqual([['traffic', 'succeeded']]);
    expect([...system.keys()]).toEqual(['traffic']);
    expect(signals).toEqual([controller.signal]);
  });

  it('leaves an action interrupted by the abort signal as started, to resume later', async () => {
    const controller = new AbortController();
    const journal = new MemoryActionJournal();
    const hanging: Executor = {
      name: 'traffic',
      ...planned,
      apply: (_c, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const running = runPlan(plan([hanging]), {
      journal,
      clock: new ManualClock(),
      signal: controller.signal,
    });
    await new Promise((r) => setImmediate(r));
    controller.abort();
    const run = await running;
    expect(run.outcome).toBe('aborted');
    expect((await journal.get('evt_1/traffic'))?.status).toBe('started');
  });
});
