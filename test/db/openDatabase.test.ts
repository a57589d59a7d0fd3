import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/db/migrations/index.js';
import { openDatabase } from '../../src/db/openDatabase.js';
import { BantError } from '../../src/domain/errors.js';
import { tempDir } from '../helpers/tempDir.js';

const errorKey = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof BantError ? `${error.kind}:${error.key}` : String(error);
  }
  return 'no error';
};

describe('opening the database', () => {
  it('creates a new file private to its owner, in WAL mode, at the latest schema', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openDatabase(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a folder that does not exist unless asked to create it', () => {
    const file = path.join(tempDir(), 'missing', 'bant.db');
    expect(errorKey(() => openDatabase(file))).toBe('invalidInput:db.folderMissing');
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    openDatabase(file, { createFolders: true }).close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('leaves a file that is not SQLite untouched', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = fs.readFileSync(file);
    expect(errorKey(() => openDatabase(file))).toBe('invalidInput:db.notSqlite');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged SQLite file', () => {
    const file = path.join(tempDir(), 'bant.db');
    openDatabase(file).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x42, 100, 4096); // the first page after the header: the schema is gone
    fs.writeFileSync(file, bytes);
    expect(errorKey(() => openDatabase(file))).toBe('invalidInput:db.corrupt');
  });

  it("refuses another program's SQLite database without changing it", () => {
    const file = path.join(tempDir(), 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const before = fs.readFileSync(file);
    expect(errorKey(() => openDatabase(file))).toBe('invalidInput:db.foreign');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer bant, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(errorKey(() => openDatabase(file))).toBe('invalidInput:db.newerSchema');
    const check = new Database(file, { readonly: true });
    expect(schemaVersion(check)).toBe(LATEST_VERSION + 1);
    check.close();
  });
});

describe('migrations', () => {
  // Signal-Desktop's pattern: stop one step short, put data in, take the last step, check the data survived.
  it.each(MIGRATIONS.map((migration, index) => [index + 1, migration.name] as const))(
    'step %i (%s) keeps the data written before it',
    (version) => {
      const file = path.join(tempDir(), 'bant.db');
      const db = openDatabase(file, { migrateTo: version - 1 });
      expect(schemaVersion(db)).toBe(version - 1);
      if (version - 1 >= 1) {
        db.prepare(
          `INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('kept@acme.fr', 'mql', 'x', 'x', 'x')`,
        ).run();
      }
      migrate(db, version);
      expect(schemaVersion(db)).toBe(version);
      if (version - 1 >= 1) expect(db.prepare('SELECT email FROM leads').all()).toEqual([{ email: 'kept@acme.fr' }]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    },
  );

  it('applies all pending steps in one transaction: a failing step leaves the file at its old version', () => {
    const file = path.join(tempDir(), 'bant.db');
    const db = openDatabase(file, { migrateTo: 0 });
    db.exec('CREATE TABLE leads (id INTEGER PRIMARY KEY)'); // makes step 1 fail half-way
    expect(() => migrate(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'stage_history'").get()).toBeUndefined();
    db.close();
  });
});
