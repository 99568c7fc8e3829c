import { describe, expect, it } from 'vitest';
import { actionId, type ActionContext, type Executor } from './executors/executor.js';
import { createNoopExecutor } from './executors/noop/noop-executor.js';
import { describeDryRun, dryRunPlan } from './dry-run-plan.js';
import type { RollbackPlan } from './rollback-plan.js';

const context: ActionContext = {
  eventId: 'evt_1',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  target: 'recsys-v1-enc4',
  trigger: 'manual',
  reason: 'operator',
  role: 'canary',
  actor: 'alice',
  decidedAt: 1_000,
};

function planOf(...executors: Executor[]): RollbackPlan {
  return {
    context,
    steps: executors.map((executor, i) => ({
      actionId: actionId(context.eventId, executor.name),
      kind: i === 0 ? 'traffic' : 'external',
      executor,
      onFailure: i === 0 ? 'stop' : 'continue',
    })),
  };
}

describe('dryRunPlan', () => {
  it("gives every step's plan in order and applies nothing", async () => {
    const traffic = createNoopExecutor('traffic');
    const hook = createNoopExecutor('webhook:ops');
    await hook.apply(context, new AbortController().signal);
    const steps = await dryRunPlan(planOf(traffic, hook));
    expect(steps).toEqual([
      {
        actionId: 'evt_1/traffic',
        name: 'traffic',
        kind: 'traffic',
        onFailure: 'stop',
        changes: true,
        summary: 'traffic: record evt_1/traffic (changes no outside system)',
      },
      {
        actionId: 'evt_1/webhook:ops',
        name: 'webhook:ops',
        kind: 'external',
        onFailure: 'continue',
        changes: false,
        summary: 'webhook:ops: evt_1/webhook:ops already applied',
      },
    ]);
    expect(traffic.applied).toEqual([]);
    expect(describeDryRun(steps)).toBe(
      '1. traffic      change  traffic: record evt_1/traffic (changes no outside system)\n' +
        '2. webhook:ops  none    webhook:ops: evt_1/webhook:ops already applied',
    );
  });

  it('names the step whose system cannot be read, and stops on abort', async () => {
    const broken: Executor = {
      ...createNoopExecutor('flag:x'),
      plan: () => Promise.reject(new Error('registry unavailable')),
    };
    await expect(dryRunPlan(planOf(createNoopExecutor('traffic'), broken))).rejects.toThrow(
      'dry run of flag:x could not read its system: registry unavailable',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(dryRunPlan(planOf(createNoopExecutor('traffic')), controller.signal)).rejects.toThrow();
  });
});
