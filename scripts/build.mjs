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
  // The PostgreSQL driver (pg, pg-copy-streams) is bundled too, into the chunk loaded only when a PostgreSQL
  // URL is used: one file instead of some forty to resolve, about 25 ms of every PostgreSQL command. Its
  // native binding and its Cloudflare sockets are never used by bant.
  external: ['@inquirer/prompts', 'pg-native', 'pg-cloudflare', '*.node'],
  // pg asks `typeof Response` to tell a Cloudflare Worker. On Node 20 the global Response is a getter that
  // loads the whole fetch implementation (undici, about 35 ms at every PostgreSQL command); bant never uses
  // fetch, so the bundle has no Response.
  define: { Response: 'undefined' },
  // Bundled CommonJS code (commander) calls require(); give the ES module one.
  banner: { js: "import { createRequire as __bantCreateRequire } from 'node:module'; const require = __bantCreateRequire(import.meta.url);" },
  // Less text to parse at every start; identifiers are kept so that --debug stacks stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
