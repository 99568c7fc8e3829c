/**
 * The rollback the executor tests act on: the 2:17 AM incident's decision (recsys v2 back to v1),
 * with what a test needs changed, and a signal nobody aborts.
 */
import type { ActionContext } from '../../src/actions/executors/executor.js';

export function rollbackContext(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    eventId: 'evt_217',
    model: 'recsys',
    release: 'recsys-v2',
    target: 'recsys-v1',
    trigger: 'hard: error rate > 5% for 1m',
    reason: 'error rate 6.1 %',
    role: 'canary',
    actor: 'controller',
    decidedAt: Date.UTC(2026, 0, 1, 2, 17),
    ...overrides,
  };
}

/** The production rollback of encoder v5 (diversity collapse), as the lifecycle executors see it. */
export const encoderRollback = (overrides: Partial<ActionContext> = {}): ActionContext =>
  rollbackContext({
    release: 'recsys-v2-enc5',
    target: 'recsys-v1-enc4',
    trigger: 'hard: prediction diversity < 0.5 for 5m',
    reason: 'prediction diversity 0.31 vs 0.73',
    role: 'production',
    ...overrides,
  });

export const live = (): AbortSignal => new AbortController().signal;
