import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that take minutes on the wall clock: `npm run test:long` runs them, `npm test` everything
 * else, CI both (.ci/run). Matched by name wherever the file lives, so a moved suite stays long.
 */
const LONG_SUITES = [
  // Whole control planes, gateways and model servers as processes, on SQLite and PostgreSQL.
  'test/e2e/**/*.test.ts',
  // Processes killed, stopped and cut off mid-operation.
  'test/faults/**/*.test.ts',
  // Statistical calibration: hundreds of simulated releases each (30-90 s of CPU).
  '**/concurrent-judges.test.ts',
  '**/p95-calibration.test.ts',
  '**/rollout-plan.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/support/drop-test-schemas.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...LONG_SUITES],
          // Mostly in-process servers waiting on sockets: two at a time fill a 2-core machine,
          // where vitest's default (cores - 1) runs one.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        extends: true,
        test: {
          name: 'long',
          include: LONG_SUITES,
          // vitest's default workers (cores - 1, one on 2 cores): these suites time real
          // processes and spawn their own, which need the spare core.
        },
      },
    ],
  },
});
