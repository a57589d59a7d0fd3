// Faults of the world around the database, through the built binary: never exit 1 ("a bug in bant"), but
// a clear message and exit 3 (or success), and the file as it was.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/sqlite/openSqliteDatabase.js';
import { queryDb as query, snapshotDb as snapshot } from '../helpers/queryDb.js';
import { BANT_BIN, NOBODY, runBant } from '../helpers/runBant.js';
import { chownTree, tempDir } from '../helpers/tempDir.js';

const SAMPLE = path.resolve('data/sample-leads.csv');

function withLeads() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  expect(runBant(['import', SAMPLE], { db }).code).toBe(0);
  return { dir, db };
}

/** A lead list big enough for its import to hold the write lock for a few seconds. */
function bigList(dir: string, rows: number): string {
  const file = path.join(dir, 'big.csv');
  fs.writeFileSync(file, `email,first_name,company\n${Array.from({ length: rows }, (_, i) => `lead${i}@company${i % 991}.example,First${i},Company ${i % 300}`).join('\n')}\n`);
  return file;
}

async function untilWriting(db: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(fs.existsSync(`${db}-writer`) && fs.existsSync(`${db}-wal`) && fs.statSync(`${db}-wal`).size > 1_000_000)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a read-only database (as a user who is not root): reading works, writing says why', () => {
  it('a read-only file', () => {
    const { dir, db } = withLeads();
    chownTree(dir, NOBODY);
    fs.chmodSync(db, 0o444);
    const before = snapshot(db);
    const listed = runBant(['leads', 'list', '--format', 'json'], { db, asNobody: true });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(60);
    for (const write of [['leads', 'add', '--company', 'New'], ['import', SAMPLE], ['leads', 'forget', '1', '--yes'], ['stage', '1', 'nurturing']]) {
      const result = runBant(write, { db, asNobody: true });
      expect(result.stderr, write.join(' ')).toMatch(/is read-only: reading works, but this command changes it/);
      expect(result.code, write.join(' ')).toBe(3);
    }
    expect(snapshot(db)).toBe(before);
  });

  it('a read-only folder, with no -wal or -shm beside the database', () => {
    const { dir, db } = withLeads();
    chownTree(dir, NOBODY);
    fs.chmodSync(dir, 0o555);
    const before = fs.readFileSync(db);
    const report = runBant(['report', 'pipeline', '--format', 'json'], { db, asNobody: true });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).rows).toContainEqual({ stage: 'mql', count: 18 });
    const added = runBant(['leads', 'add', '--company', 'New'], { db, asNobody: true });
    expect(added.stderr).toMatch(/its folder .* is not writable/);
    expect(added.code).toBe(3);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['bant.db']);
  });

  it('a read-only file from an older bant, which would need an upgrade', () => {
    const dir = tempDir();
    const db = path.join(dir, 'bant.db');
    openSqliteDatabase(db, { migrateTo: 3 }).close();
    chownTree(dir, NOBODY);
    fs.chmodSync(db, 0o444);
    const result = runBant(['leads', 'list'], { db, asNobody: true });
    expect(result.stderr).toMatch(/read-only and was written by an older bant/);
    expect(result.code).toBe(3);
  });
});

describe('a database busy with another process', () => {
  it('a write waiting longer than BANT_BUSY_TIMEOUT: exit 3, the database is busy, nothing written', () => {
    const { db } = withLeads();
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const before = Date.now();
      const result = runBant(['leads', 'add', '--company', 'Waiting'], { db, env: { BANT_BUSY_TIMEOUT: '0.3' } });
      expect(result.stderr).toMatch(/is busy: another bant process has been writing to it for more than 0.3 s/);
      expect(result.code).toBe(3);
      expect(Date.now() - before).toBeGreaterThanOrEqual(300);
      expect(runBant(['leads', 'list', '--format', 'json'], { db }).code).toBe(0); // reading does not wait
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(query(db, "SELECT count(*) AS n FROM leads WHERE company = 'Waiting'")).toEqual([{ n: 0 }]);
  });

  it('behind a long import: says which import holds it, and waits for it when told to wait longer', async () => {
    const { dir, db } = withLeads();
    const list = bigList(dir, 250_000);
    const importing = spawn(process.execPath, [BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db, BANT_SDR: 'alice', NO_COLOR: '1' }, stdio: 'ignore' });
    const finished = new Promise<number | null>((resolve) => importing.on('close', resolve));
    await untilWriting(db);
    const impatient = runBant(['leads', 'add', '--company', 'Impatient'], { db, env: { BANT_BUSY_TIMEOUT: '0.2' } });
    expect(impatient.stderr).toMatch(new RegExp(`an import started at \\d\\d:\\d\\d:\\d\\d by alice \\(process ${importing.pid}\\) is writing to it`));
    expect(impatient.code).toBe(3);
    const patient = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BANT_BIN, 'leads', 'add', '--company', 'Patient'], { env: { ...process.env, BANT_DB: db, BANT_BUSY_TIMEOUT: '120' }, stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(await finished).toBe(0);
    expect(patient).toBe(0);
    expect(query(db, "SELECT company FROM leads WHERE company IN ('Patient', 'Impatient')")).toEqual([{ company: 'Patient' }]);
    expect(fs.existsSync(`${db}-writer`)).toBe(false);
  });

  it('a BANT_BUSY_TIMEOUT that is not a number of seconds is a usage error', () => {
    const { db } = withLeads();
    const result = runBant(['leads', 'list'], { db, env: { BANT_BUSY_TIMEOUT: 'forever' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BANT_BUSY_TIMEOUT takes a number of seconds/);
  });
});

describe('a disk that fills up during an import', () => {
  it('exit 3, the database as it was and intact', () => {
    const { dir, db } = withLeads();
    const list = bigList(dir, 20_000);
    const before = snapshot(db);
    const result = spawnSync('prlimit', ['--fsize=600000', process.execPath, BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8' });
    expect(result.stderr).toMatch(/database .* could not be read or written|disk holding the database .* is full/);
    expect(result.status).toBe(3);
    expect(snapshot(db)).toBe(before);
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});

describe("another program's database, or a newer bant's", () => {
  it.each([1, 3, -1])('user_version %i: init and every command refuse it, and leave it byte for byte', (version) => {
    const dir = tempDir();
    const db = path.join(dir, 'photos.db');
    const other = new Database(db);
    other.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('beach.jpg')");
    other.pragma(`user_version = ${version}`);
    other.close();
    const before = fs.readFileSync(db);
    for (const args of [['init'], ['leads', 'list'], ['import', SAMPLE]]) {
      const result = runBant(args, { db });
      expect(result.stderr, args.join(' ')).toMatch(/another program's database/);
      expect(result.code).toBe(3);
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['photos.db']);
  });

  it('a newer bant: refused as such, byte for byte as it was', () => {
    const { dir, db } = withLeads();
    const conn = new Database(db);
    conn.pragma('user_version = 999');
    conn.close();
    const before = fs.readFileSync(db);
    const result = runBant(['init'], { db });
    expect(result.stderr).toMatch(/written by a newer bant \(schema 999/);
    expect(result.code).toBe(3);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['bant.db']);
  });
});
