// Runs bant in this process, at a chosen time and in a chosen language: the commands end to end, without
// starting a process each (reports and imports at set dates).

import { PassThrough } from 'node:stream';
import { Context } from '../../src/cli/context.js';
import { run } from '../../src/main.js';

export async function bantAt(
  db: string,
  now: string,
  args: string[],
  options: { lang?: 'en' | 'fr'; columns?: number } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = Object.assign(new PassThrough(), options.columns ? { isTTY: true, columns: options.columns } : {});
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ctx = new Context({ stdin: new PassThrough(), stdout, stderr, env: { BANT_DB: db, NO_COLOR: '1' } }, options.lang ?? 'en', () => new Date(now));
  const code = await run(args, ctx);
  return { code, out, err };
}
