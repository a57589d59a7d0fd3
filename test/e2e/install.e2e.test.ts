// bant as a user installs it: the repository packed with `npm pack` (which builds dist/), installed with
// `npm install -g` into a fresh prefix, from the npm registry like any package, under npm's install-script
// allow-list enforced (--strict-allow-scripts: what a future npm does by default), then run from another
// folder. better-sqlite3 compiles during the install: this one test takes minutes.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.js';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = path.join(REPOSITORY, 'data', 'sample-leads.csv');

/** The environment of a person's shell: none of the npm_* variables `npm test` sets for its scripts. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...extra };
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && !(key in extra)) env[key] = value;
  return env;
}

function run(command: string, args: string[], cwd: string, env = shellEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

describe('installing bant', () => {
  it('packs with a built dist and no tests, installs globally into a fresh prefix without devDependencies, runs from any folder', { timeout: 15 * 60_000 }, () => {
    // A copy of the repository as a fresh clone has it (the files git tracks, without dist/), with the
    // dependencies already installed: packing it runs `prepack`, which builds dist/.
    const clone = path.join(tempDir(), 'bant');
    fs.mkdirSync(clone);
    const tracked = run('git', ['ls-files', '-z'], REPOSITORY).stdout.split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!fs.existsSync(path.join(REPOSITORY, file))) continue;
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(REPOSITORY, file), path.join(clone, file));
    }
    expect(fs.existsSync(path.join(clone, 'dist'))).toBe(false);
    fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(clone, 'node_modules'));

    const packed = tempDir();
    run('npm', ['pack', '--pack-destination', packed], clone);
    const [tarball] = fs.readdirSync(packed).filter((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const files = run('tar', ['-tzf', path.join(packed, tarball!)], packed).stdout.split('\n').filter(Boolean);
    for (const needed of ['package/bin/bant.js', 'package/dist/main.js', 'package/dist/parseLeadRowsWorker.js', 'package/data/frameworks/bant.json', 'package/data/scoring/default.json', 'package/package.json']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((file) => /^package\/(src|test|scripts|node_modules)\//.test(file))).toEqual([]);

    // A fresh prefix, as on a new machine; npm's allow-list enforced, better-sqlite3's build allowed by name.
    const prefix = path.join(tempDir(), 'prefix');
    fs.mkdirSync(path.join(prefix, 'lib'), { recursive: true });
    run('npm', ['install', '-g', '--prefix', prefix, '--strict-allow-scripts', '--allow-scripts=better-sqlite3', path.join(packed, tarball!)], packed);
    const installed = path.join(prefix, 'lib', 'node_modules', 'bant');
    const dependencies = fs.readdirSync(path.join(installed, 'node_modules'));
    expect(dependencies).toContain('better-sqlite3');
    for (const dev of ['esbuild', 'vitest', 'typescript', 'eslint', 'ical.js']) expect(dependencies).not.toContain(dev);

    // From another folder, with nothing of the repository on the way: the command on the PATH.
    const elsewhere = tempDir();
    const env = shellEnv({ PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, BANT_DB: path.join(elsewhere, 'pipeline.db'), NO_COLOR: '1', LANG: 'C' });
    const version = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')).version;
    expect(run(path.join(prefix, 'bin', 'bant'), ['--version'], elsewhere, env).stdout.trim()).toBe(version);
    expect(run('bant', ['--version'], elsewhere, env).stdout.trim()).toBe(version);
    const imported = run('bant', ['import', SAMPLE, '--format', 'json'], elsewhere, env);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 60, created: 60 });
    const listed = JSON.parse(run('bant', ['leads', 'list', '--stage', 'mql', '--format', 'json'], elsewhere, env).stdout) as unknown[];
    expect(listed.length).toBeGreaterThan(0);
    expect(run('bant', ['frameworks', 'list', '--format', 'json'], elsewhere, env).stdout).toContain('"champ"');
    expect(run('bant', ['completion', 'bash'], elsewhere, env).stdout).toContain('complete -F _bant bant');
  });
});
