// Lint guards the shape of the code as much as its style: SQL and the database drivers live in the store's
// engines, prompts in the one prompter adapter, and the domain imports nothing with I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/store/sqlite/**', 'src/store/postgres/**', 'src/cli/prompter.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'better-sqlite3', message: 'Only the SQLite engine (src/store/sqlite) talks to SQLite.' },
          { name: 'pg', message: 'Only the PostgreSQL engine (src/store/postgres) talks to PostgreSQL.' },
          { name: 'pg-copy-streams', message: 'Only the PostgreSQL engine (src/store/postgres) talks to PostgreSQL.' },
          { name: '@inquirer/prompts', message: 'Prompts go through src/cli/prompter.ts.' },
        ],
        patterns: [{ group: ['**/store/sqlite/**', '**/store/postgres/**'], message: 'Talk to the store (src/store/store.ts, openStore.ts), not to an engine.' }],
      }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os'], message: 'The domain is pure: no I/O.' },
          { group: ['**/cli/**', '**/store/**', '**/import/**', '**/reports/**', '**/leads/**', '**/qualify/**'], message: 'The domain depends on nothing.' },
        ],
      }],
    },
  },
);
