import { runMetricProviderContract } from '../metric-provider.contract.js';
import { noopProvider } from './noop-provider.js';

runMetricProviderContract('noop', async () => ({
  subject: noopProvider(),
  start: Date.UTC(2026, 0, 1),
  close: async () => undefined,
}));
