// What only the SQLite engine has: one file on disk (its mode, WAL, foreign or damaged files), user_version
// and the migrations from one version to the next, and the pragmas a bulk write turns off and on again.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { databaseFault } from '../../src/store/sqlite/databaseFaults.js';
import { BANT_APPLICATION_ID, identifyDatabase } from '../../src/store/sqlite/identifyDatabase.js';
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

  it.each([1, 2, 3, -1, 4, 99])("refuses another program's database whose user_version is %i, byte for byte as it was", (version) => {
    const dir = tempDir();
    const file = path.join(dir, 'other.db');
    const other = new Database(file);
    other.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg')");
    other.pragma(`user_version = ${version}`);
    other.close();
    const before = fs.readFileSync(file);
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.foreign');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['other.db']); // no -wal, no -shm, no journal
  });

  it("refuses another program's database in WAL mode, and one with another application id", () => {
    const dir = tempDir();
    const wal = path.join(dir, 'wal.db');
    const other = new Database(wal);
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE leads (id INTEGER PRIMARY KEY)'); // a table named like bant's is not enough
    other.pragma('user_version = 1');
    other.close();
    const before = fs.readFileSync(wal);
    expect(errorKey(() => openSqliteDatabase(wal))).toBe('invalidInput:db.foreign');
    expect(fs.readFileSync(wal).equals(before)).toBe(true);

    const marked = path.join(dir, 'marked.db');
    const app = new Database(marked);
    app.pragma('application_id = 1234');
    app.close();
    const markedBefore = fs.readFileSync(marked);
    expect(errorKey(() => openSqliteDatabase(marked))).toBe('invalidInput:db.foreign');
    expect(fs.readFileSync(marked).equals(markedBefore)).toBe(true);
  });

  it('refuses a database written by a newer bant, byte for byte as it was, without opening it for writing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bant.db');
    const db = openSqliteDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    expect(before[18]).toBe(2); // in WAL mode, as bant leaves it
    expect(errorKey(() => openSqliteDatabase(file))).toBe('invalidInput:db.newerSchema');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['bant.db']);
  });

  it('adopts an empty SQLite file, and marks every bant file with its application id', () => {
    const file = path.join(tempDir(), 'empty.db');
    new Database(file).exec('VACUUM');
    const db = openSqliteDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(BANT_APPLICATION_ID);
    db.close();
  });

  it("recognises an older bant's file (no application id yet) by its tables, and upgrades it", () => {
    const file = path.join(tempDir(), 'bant.db');
    openSqliteDatabase(file, { migrateTo: 3 }).close();
    const db = openSqliteDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(BANT_APPLICATION_ID);
    db.close();
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

describe('identifying a file from its facts', () => {
  const facts = (applicationId: number, userVersion: number, tables?: string[], pages = 5) => ({ applicationId, userVersion, tables, pages });
  it.each([
    ['bant, by its application id', facts(BANT_APPLICATION_ID, 4), { kind: 'bant', version: 4 }],
    ['a newer bant', facts(BANT_APPLICATION_ID, 9), { kind: 'newer', version: 9 }],
    ['another application id', facts(7, 1), { kind: 'foreign' }],
    ['an empty file', facts(0, 0, undefined, 1), { kind: 'empty' }],
    ['tables and no version', facts(0, 0, ['photos']), { kind: 'foreign' }],
    ['a version bant never wrote without its id', facts(0, -1), { kind: 'foreign' }],
    ['an older bant', facts(0, 2, ['leads', 'stage_days', 'stage_history', 'imports']), { kind: 'bant', version: 2 }],
    ['version 3 without the qualification tables', facts(0, 3, ['leads', 'stage_days', 'stage_history', 'imports']), { kind: 'foreign' }],
    ['needs the tables to tell', facts(0, 1), undefined],
  ] as const)('%s', (_name, input, kind) => {
    expect(identifyDatabase({ ...input, tables: input.tables }, 4)).toEqual(kind);
  });
});

describe('database faults in words', () => {
  it('a full database (SQLITE_FULL) is exit 3, and the import wrote nothing', async () => {
    const file = path.join(tempDir(), 'bant.db');
    const store = openSqliteStore(file);
    store.db.pragma('max_page_count = 30');
    const rows = Array.from({ length: 3000 }, (_, i) => `lead${i}@example.com,Name ${i},${'x'.repeat(100)}`).join('\n');
    const error = await importCsv(store, `email,first_name,notes\n${rows}\n`).catch((e: unknown) => e);
    expect(databaseFault(error, { file, busyTimeoutSeconds: 10 })).toMatchObject({ kind: 'invalidInput', key: 'db.full' });
    expect(store.db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 0 });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  });

  it('errors that are not about the database stay unexpected', () => {
    expect(databaseFault(new Error('boom'), { file: 'x', busyTimeoutSeconds: 10 })).toBeUndefined();
    expect(databaseFault(Object.assign(new Error('x'), { code: 'SQLITE_ERROR' }), { file: 'x', busyTimeoutSeconds: 10 })).toBeUndefined();
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

  it('step 4 gives leads known only by their name a key; of duplicates made before, the oldest keeps it', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file, { migrateTo: 3 });
    const insert = db.prepare("INSERT INTO leads (email, first_name, last_name, company, stage, created_at, updated_at, stage_changed_at) VALUES (?, ?, ?, ?, 'lead', 'x', 'x', 'x')");
    insert.run(null, 'Hélène', 'Dupré', 'Café');
    insert.run(null, 'HELENE', 'dupre', 'cafe');
    insert.run('paul@acme.fr', 'Paul', null, 'Acme');
    insert.run(null, null, null, 'Acme');
    migrate(db, 4);
    expect(db.prepare('SELECT id, name_key FROM leads ORDER BY id').all()).toEqual([
      { id: 1, name_key: 'helenedupre cafe' },
      { id: 2, name_key: null },
      { id: 3, name_key: null },
      { id: 4, name_key: ' acme' },
    ]);
    db.close();
  });

  it('step 8 stores activities by lead, keeping every activity, its id, and the rule that an event is stored once', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openSqliteDatabase(file, { migrateTo: 7 });
    db.prepare(`INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('a@acme.fr', 'lead', 'x', 'x', 'x'), ('b@acme.fr', 'lead', 'x', 'x', 'x')`).run();
    const insert = db.prepare(`INSERT INTO activities (lead_id, type, occurred_at, properties, event_key, recorded_at) VALUES (?, ?, ?, ?, ?, 'x')`);
    insert.run(2, 'page_view', '2026-01-02T00:00:00.000Z', '{"url":"/pricing"}', 20);
    insert.run(1, 'email_open', '2026-01-01T00:00:00.000Z', '{}', 10);
    insert.run(2, 'email_click', '2026-01-01T00:00:00.000Z', '{}', 5);
    const before = db.prepare('SELECT * FROM activities ORDER BY id').all();
    migrate(db, 8);
    expect(db.prepare('SELECT * FROM activities ORDER BY id').all()).toEqual(before);
    // Stored in (lead, event) order: what a plain scan returns.
    expect(db.prepare('SELECT id, type FROM activities').pluck().all()).toEqual([2, 3, 1]);
    const insertWithId = db.prepare(`INSERT INTO activities (id, lead_id, type, occurred_at, event_key, recorded_at) VALUES (?, ?, 'page_view', 'x', ?, 'x')`);
    expect(() => insertWithId.run(4, 2, 20)).toThrow(/UNIQUE/); // lead 2's event 20 is there
    expect(() => insertWithId.run(3, 1, 99)).toThrow(/UNIQUE/); // id 3 is taken
    expect(() => db.prepare('DELETE FROM activities WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE activities SET type = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    db.prepare("UPDATE activities SET properties = '{}' WHERE id = 1").run();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
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
