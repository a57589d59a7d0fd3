// What only the SQLite engine has: one file on disk (its mode, WAL, foreign or damaged files), user_version
// and the migrations from one version to the next, and the pragmas a bulk write turns off and on again.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { SCHEMA_VERSION } from '../../src/store/schemaVersion.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/sqlite/migrations/index.js';
import { openSqliteDatabase } from '../../src/store/sqlite/openSqliteDatabase.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { importCsv } from '../helpers/storeChecks.js';
import { tempDir } from '../helpers/tempDir.js';

const errorKey = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof BantError ? `${error.kind}:${error.key}` : String(error);
  }
  return 'no error';
};

describe('opening the SQLite file', () => {
  it('creates a new file private to its owner, in WAL mode, at the latest schema', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a folder that does not exist unless asked to create it', () => {
    const file = path.join(tempDir(), 'missing', 'bant.db');
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.folderMissing');
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    openSqliteDatabase(file, { createFolders: true }).close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('leaves a file that is not SQLite untouched', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = fs.readFileSync(file);
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.notSqlite');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged SQLite file', () => {
    const file = path.join(tempDir(), 'bant.db');
    openSqliteDatabase(file).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x42, 100, 4096); // the first page after the header: the schema is gone
    fs.writeFileSync(file, bytes);
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.corrupt');
  });

  it("refuses another program's SQLite database without changing it", () => {
    const file = path.join(tempDir(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const before = fs.readFileSync(file);
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.foreign');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer bant, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.newerSchema');
    const check = new Database(file, { readonly: true });
    expect(schemaVersion(check)).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('the store says where its file is, and an empty file is made a bant database', async () => {
    const file = path.join(tempDir(), 'empty.db');
    fs.writeFileSync(file, '');
    const store = openSqliteStore(file);
    expect(store).toMatchObject({ engine: 'sqlite', location: file });
    expect((await store.leads.list({})).leads).toEqual([]);
    await store.close();
  });
});

describe('SQLite migrations', () => {
  it('has one step per schema version, the same count as PostgreSQL', () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  // Signal-Desktop's pattern: stop one step short, put data in, take the last step, check the data survived.
  it.each(MIGRATIONS.map((migration, index) => [index + 1, migration.name] as const))('step %i (%s) keeps the data written before it', (version) => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file, { migrateTo: version - 1 });
    expect(schemaVersion(db)).toBe(version - 1);
    if (version - 1 >= 1) {
      db.prepare(`INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('kept@acme.fr', 'mql', 'x', 'x', 'x')`).run();
    }
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    if (version - 1 >= 1) expect(db.prepare('SELECT email FROM leads').all()).toEqual([{ email: 'kept@acme.fr' }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a file left one version behind is brought up to date when the store opens it, its data kept', async () => {
    const file = path.join(tempDir(), 'bant.db');
    const old = openSqliteDatabase(file, { migrateTo: SCHEMA_VERSION - 1 });
    old.prepare(`INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('kept@acme.fr', 'mql', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run();
    old.close();
    const store = openSqliteStore(file);
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    expect((await store.leads.list({})).leads.map((lead) => lead.email)).toEqual(['kept@acme.fr']);
    await store.close();
  });

  it('applies all pending steps in one transaction: a failing step leaves the file at its old version', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file, { migrateTo: 0 });
    db.exec('CREATE TABLE leads (id INTEGER PRIMARY KEY)'); // makes step 1 fail half-way
    expect(() => migrate(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'stage_history'").get()).toBeUndefined();
    db.close();
  });
});

describe('a bulk write on SQLite', () => {
  it('turns foreign keys back on after an import, whether it succeeded or failed, and ends its transaction', async () => {
    const file = path.join(tempDir(), 'bant.db');
    const store = openSqliteStore(file);
    await importCsv(store, 'email\na@b.co\n');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await expect(importCsv(store, 'email,notes\nb@c.co,"open\n')).rejects.toThrow(BantError);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.inTransaction).toBe(false);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    await store.close();
  });
});
