import { defineConfig } from 'vitest/config';

// One real PostgreSQL cluster is started for the whole run (test/harness/global-setup.ts);
// tests create their own databases in it, so files can run in parallel.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
