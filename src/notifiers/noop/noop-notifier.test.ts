import { runNotifierContract } from '../notifier.contract.js';
import { noopNotifier } from './noop-notifier.js';

runNotifierContract('noop', () => {
  const subject = noopNotifier();
  return Promise.resolve({
    subject,
    received: () => Promise.resolve(subject.notices().map((n) => n.id)),
    close: () => Promise.resolve(),
  });
});
