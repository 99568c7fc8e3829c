import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that take minutes on the wall clock: `npm run test:long` runs them, `npm test` everything
 * else, CI both (.ci/run). Matched by name wherever the file lives, so a moved suite stays long.
 */
const LONG_SUITES = [
  // Whole control planes, gateways and model servers as processes, on SQLite and PostgreSQL.
  'test/e2e/**/*.test.ts',
  // A whole control plane with the lifecycle systems (git, MLflow and OpenFeature) behind it.
  'test/lifecycle/**/*.e2e.test.ts',
  // The dashboard in headless Chromium against a control plane and model servers as processes.
  'test/dashboard/**/*.browser.test.ts',
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
          // One file at a time: each file drops its PostgreSQL schemas when it ends, and Kysely's
          // migrator, listing every schema's tables, fails when another file drops one under it.
          maxWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'long',
          include: LONG_SUITES,
          // One file at a time, for the same reason; these suites also time real processes and
          // spawn their own, which need the spare core.
          maxWorkers: 1,
        },
      },
    ],
  },
});
