import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL server for the whole run: the store and end-to-end tests run on both engines.
    globalSetup: ['test/setup/startPostgres.ts'],
    // The French catalogue is loaded on demand (src/i18n/translate.ts): ready for every test file.
    setupFiles: ['test/setup/loadLanguages.ts'],
    // End-to-end tests start the built binary many times; give them room on a 2-core machine.
    testTimeout: 30_000,
    // A settings folder that does not exist, for every bant a test starts: the developer's own
    // ~/.config/bant/config (a database, a language, a format) must never change what a test sees.
    env: { XDG_CONFIG_HOME: path.join(os.tmpdir(), 'bant-tests-read-no-settings') },
    hookTimeout: 30_000,
  },
});
