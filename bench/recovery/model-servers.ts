/**
 * Child process: the demo recommender's model servers the recovery bench routes to, over real
 * HTTP on free ports — one v1 (the rollback target) and one v2 per candidate, each with the
 * 0.3 % background error rate the error-rate fault starts from. Prints one JSON line
 * {"v1": url, "candidates": [url, ...]} and serves until SIGTERM.
 * Usage: model-servers.ts <candidates>
 */
import { startModelServer } from '../../src/demo/model-server/index.js';
import type { ModelServer } from '../../src/demo/model-server/index.js';
import { BACKGROUND_ERROR_RATE } from './scenarios.js';

const candidates = Number(process.argv[2] ?? 1);
const servers: ModelServer[] = [
  await startModelServer({
    version: 'v1',
    expectFeatures: ['item-encoder@4'],
    errorRate: BACKGROUND_ERROR_RATE,
    seed: 1,
  }),
];
for (let i = 0; i < candidates; i += 1) {
  servers.push(
    await startModelServer({
      version: 'v2',
      expectFeatures: ['item-encoder@5'],
      errorRate: BACKGROUND_ERROR_RATE,
      seed: 2 + i,
    }),
  );
}
const [v1, ...rest] = servers;
process.stdout.write(`${JSON.stringify({ v1: v1?.url, candidates: rest.map((s) => s.url) })}\n`);

const stop = (): void => {
  void Promise.allSettled(servers.map((s) => s.close())).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
