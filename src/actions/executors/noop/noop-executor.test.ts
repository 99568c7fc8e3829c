import { runExecutorContract } from '../executor.contract.js';
import type { ActionContext } from '../executor.js';
import { createNoopExecutor } from './noop-executor.js';

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

runExecutorContract('noop executor', () => {
  const subject = createNoopExecutor();
  return Promise.resolve({
    subject,
    context,
    state: () => Promise.resolve([...subject.applied]),
    close: () => Promise.resolve(),
  });
});
