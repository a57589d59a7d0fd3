// Runs the built binary the way a user or a script does: a separate process, BANT_DB in a temp dir.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BANT_BIN = fileURLToPath(new URL('../../bin/bant.js', import.meta.url));

/** The suite runs as root, who may write anything: permission tests run bant as this user instead. */
export const NOBODY = 65534;

export interface BantResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** As root (the suite runs as root in CI), `asNobody` runs bant as the unprivileged `nobody`, for what root may always do. */
export function runBant(args: string[], options: { db?: string; input?: string | Buffer; env?: Record<string, string | undefined>; asNobody?: boolean } = {}): BantResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: undefined, BANT_LANG: undefined, BANT_SDR: 'tester', ...options.env };
  if (options.db) env.BANT_DB = options.db;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const asNobody = options.asNobody && process.getuid?.() === 0;
  const [command, prefix] = asNobody
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath]]
    : [process.execPath, []];
  const result = spawnSync(command, [...prefix, BANT_BIN, ...args], { env: env as NodeJS.ProcessEnv, input: options.input ?? '', encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
