// bant run in this process at a set instant, without a terminal (or with a fake one of a given width), in a
// chosen language: the commands and use cases exactly as the binary runs them, minus its start-up (tests that
// build a story of many steps stay fast).

import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Context } from '../../src/cli/context.js';
import { run } from '../../src/main.js';
import { tempDir } from './tempDir.js';

export async function bantAt(
  db: string,
  now: string,
  args: string[],
  options: { env?: Record<string, string>; lang?: 'en' | 'fr'; columns?: number } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = Object.assign(new PassThrough(), options.columns ? { isTTY: true, columns: options.columns } : {});
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ctx = new Context({ stdin: new PassThrough(), stdout, stderr, env: { BANT_DB: db, NO_COLOR: '1', BANT_SDR: 'tester', ...options.env } }, options.lang ?? 'en', () => new Date(now));
  const code = await run(args, ctx);
  return { code, out, err };
}

/** Runs the steps in order, each at its instant; any failure stops the story with bant's message. */
export async function tellStory(db: string, steps: readonly (readonly [string, string[]])[]): Promise<void> {
  for (const [now, args] of steps) {
    const result = await bantAt(db, now, args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: exit ${result.code}: ${result.err}`);
  }
}

/** A file in a temp dir (answers, a CSV), for a step that reads one. */
export function fileWith(name: string, content: string | object): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
