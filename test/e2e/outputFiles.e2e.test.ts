// Files bant writes for the user (export -o, import --rejects): a path that would destroy the database or
// the list being read, or that cannot be written, is refused before anything is written, and nothing with
// personal data is left behind.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotDb as snapshot } from '../helpers/queryDb.js';
import { BANT_BIN, NOBODY, runBant } from '../helpers/runBant.js';
import { chownTree, tempDir } from '../helpers/tempDir.js';

const SAMPLE = path.resolve('data/sample-leads.csv');

function setup() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  runBant(['import', SAMPLE], { db });
  const list = path.join(dir, 'list.csv');
  fs.writeFileSync(list, 'email,first_name\njeanne@acme.fr,Jeanne\nnot-an-email,Paul\n');
  return { dir, db, list };
}

/** Every file in the folder with its bytes: equal listings mean nothing was written or left behind. */
function listing(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir).map((name) => {
      const file = path.join(dir, name);
      return [name, fs.statSync(file).isDirectory() ? 'folder' : fs.readFileSync(file).toString('base64')];
    }),
  );
}

describe('output paths refused before anything is written', () => {
  const cases: [string, (s: ReturnType<typeof setup>) => string[], RegExp][] = [
    ['export -o the database itself', ({ db }) => ['export', '-o', db], /is the database/],
    ['export -o the database by a relative path', ({ dir }) => ['export', '-o', path.relative(process.cwd(), path.join(dir, 'bant.db'))], /is the database/],
    ['export -o a link to the database', ({ dir, db }) => (fs.symlinkSync(db, path.join(dir, 'link.db')), ['export', '-o', path.join(dir, 'link.db')]), /is the database/],
    ['export -o its -wal', ({ db }) => ['export', '-o', `${db}-wal`], /is the database/],
    ['export -o its -shm', ({ db }) => ['export', '-o', `${db}-shm`], /is the database/],
    ['export -o a folder', ({ dir }) => ['export', '-o', dir], /is a folder/],
    ['export -o in a missing folder', ({ dir }) => ['export', '-o', path.join(dir, 'missing', 'leads.csv')], /folder .*missing does not exist/],
    ['import F --rejects F', ({ list }) => ['import', list, '--rejects', list], /is the file being read/],
    ['import F --rejects F spelled another way', ({ dir, list }) => ['import', list, '--rejects', path.join(dir, '.', '..', path.basename(dir), 'list.csv')], /is the file being read/],
    ['import F --rejects a hard link to F', ({ dir, list }) => (fs.linkSync(list, path.join(dir, 'same.csv')), ['import', list, '--rejects', path.join(dir, 'same.csv')]), /is the file being read/],
    ['import --rejects the database', ({ list, db }) => ['import', list, '--rejects', db], /is the database/],
    ['import --rejects a folder', ({ list, dir }) => ['import', list, '--rejects', dir], /is a folder/],
    ['import --rejects in a missing folder', ({ list, dir }) => ['import', list, '--rejects', path.join(dir, 'nope', 'r.csv')], /does not exist/],
  ];
  it.each(cases)('%s: exit 3, database and folder unchanged', (_name, args, message) => {
    const s = setup();
    const command = args(s);
    const before = snapshot(s.db);
    const files = listing(s.dir);
    const result = runBant(command, { db: s.db });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(3);
    expect(snapshot(s.db)).toBe(before);
    expect(listing(s.dir)).toEqual(files);
  });

  it('a file bant may not write (as a user who is not root): refused, nothing written', () => {
    const s = setup();
    const target = path.join(s.dir, 'kept.csv');
    fs.writeFileSync(target, 'mine\n');
    fs.chmodSync(target, 0o444);
    chownTree(s.dir, NOBODY);
    const exported = runBant(['export', '-o', target], { db: s.db, asNobody: true });
    expect(exported.stderr).toMatch(/kept.csv: the file is not writable/);
    expect(exported.code).toBe(3);
    const imported = runBant(['import', s.list, '--rejects', target], { db: s.db, asNobody: true });
    expect(imported.code).toBe(3);
    expect(fs.readFileSync(target, 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(s.dir).filter((name) => name.includes('partial'))).toEqual([]);
  });
});

describe('a full disk while writing', () => {
  it('export -o /dev/full and --rejects /dev/full: exit 3, the import not written', () => {
    const s = setup();
    const before = snapshot(s.db);
    const exported = runBant(['export', '-o', '/dev/full'], { db: s.db });
    expect(exported).toMatchObject({ code: 3 });
    expect(exported.stderr).toMatch(/disk is full/);
    const imported = runBant(['import', s.list, '--rejects', '/dev/full'], { db: s.db });
    expect(imported.code).toBe(3);
    expect(imported.stderr).toMatch(/disk is full/);
    expect(snapshot(s.db)).toBe(before);
  });

  it('a file over the size limit (prlimit): exit 3 and no partial file left', () => {
    const s = setup();
    const out = path.join(s.dir, 'leads.csv');
    const big = path.join(s.dir, 'big.csv');
    fs.writeFileSync(big, `email\n${Array.from({ length: 5000 }, (_, i) => `lead${i}@example.com`).join('\n')}\n`);
    runBant(['import', big], { db: s.db });
    fs.rmSync(big);
    // Above the 32 KB SQLite needs beside the database to read it, below the size of the export.
    const result = runBantLimited(['export', '-o', out], s.db, 100_000);
    expect(result.stderr).toMatch(/disk is full|file too large/);
    expect(result.code).toBe(3);
    expect(fs.readdirSync(s.dir).sort()).toEqual(['bant.db', 'list.csv']);
  });
});

describe('writing still works', () => {
  it('export -o over an existing file replaces it, private to its owner; -o /dev/null writes in place', () => {
    const s = setup();
    const out = path.join(s.dir, 'leads.csv');
    fs.writeFileSync(out, 'old\n');
    expect(runBant(['export', '-o', out], { db: s.db }).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^bant_id,email/);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(runBant(['export', '-o', '/dev/null'], { db: s.db }).code).toBe(0);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('Ctrl-C during a long export leaves no partial file', async () => {
    const s = setup();
    const big = path.join(s.dir, 'big.csv');
    fs.writeFileSync(big, `email,notes\n${Array.from({ length: 60_000 }, (_, i) => `l${i}@x.io,${'n'.repeat(200)}`).join('\n')}\n`);
    runBant(['import', big], { db: s.db });
    const out = path.join(s.dir, 'out.csv');
    const child = spawn(process.execPath, [BANT_BIN, 'export', '-o', out], { env: { ...process.env, BANT_DB: s.db, NO_COLOR: '1' } });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !fs.readdirSync(s.dir).some((name) => name.endsWith('.partial'))) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(fs.readdirSync(s.dir).filter((name) => name.includes('out.csv'))).toEqual([]);
  });
});

/** bant with a limit on the size of any file it writes (RLIMIT_FSIZE): a disk that fills up, on demand. */
function runBantLimited(args: string[], db: string, bytes: number) {
  const result = spawnSync('prlimit', [`--fsize=${bytes}`, process.execPath, BANT_BIN, ...args], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}
