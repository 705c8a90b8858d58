import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // A real PostgreSQL server for the PgStore tests, started and stopped by the run itself.
    globalSetup: ['test/support/pg-global.ts'],
  },
});
