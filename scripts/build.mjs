// Builds dist/ with esbuild: our code plus commander and chalk in one ES module, so that `bant` starts
// by reading one file instead of resolving dozens (start-up is a target in PRODUCT.md). better-sqlite3
// is native, and @inquirer/prompts loads only when needed: they stay in node_modules.
// Type-checking is `npm run check` (tsc --noEmit); esbuild only strips types.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  // The imports' parsing workers are loaded by path at run time, so each is an entry point of its own.
  entryPoints: ['src/main.ts', 'src/import/parseLeadRowsWorker.ts', 'src/activities/parseActivityRowsWorker.ts'],
  outdir: 'dist',
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The PostgreSQL driver loads from node_modules, and only when a PostgreSQL URL is used.
  external: ['@inquirer/prompts', 'pg', 'pg-copy-streams', '*.node'],
  // Bundled CommonJS code (commander) calls require(); give the ES module one.
  banner: { js: "import { createRequire as __bantCreateRequire } from 'node:module'; const require = __bantCreateRequire(import.meta.url);" },
  // Less text to parse at every start; identifiers are kept so that --debug stacks stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
