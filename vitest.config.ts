import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL server for the whole run: the store and end-to-end tests run on both engines.
    globalSetup: ['test/setup/startPostgres.ts'],
    // End-to-end tests start the built binary many times; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
