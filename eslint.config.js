// Lint guards the shape of the code as much as its style: SQL and the database driver live in src/db,
// prompts in the one prompter adapter, and the domain imports nothing with I/O.
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
    ignores: ['src/db/**', 'src/cli/prompter.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'better-sqlite3', message: 'Only src/db talks to SQLite.' },
          { name: '@inquirer/prompts', message: 'Prompts go through src/cli/prompter.ts.' },
        ],
      }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os'], message: 'The domain is pure: no I/O.' },
          { group: ['**/cli/**', '**/db/**', '**/import/**', '**/reports/**'], message: 'The domain depends on nothing.' },
        ],
      }],
    },
  },
);
