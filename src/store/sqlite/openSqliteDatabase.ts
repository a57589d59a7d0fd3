// Opening the one SQLite file bant keeps its data in: checks that come before SQLite touches the file
// (so a foreign file is never written to), the pragmas, and the migrations.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { invalidInput } from '../../domain/errors.js';
import { foldText } from '../../domain/foldText.js';
import { migrate } from './migrations/index.js';

export type Db = Database.Database;

// Naming the compiled addon directly skips the `bindings` package's search through a dozen folders, and
// lets the build bundle better-sqlite3's JavaScript with ours (start-up time is a target).
const NATIVE_BINDING = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

const SQLITE_HEADER = 'SQLite format 3\u0000';
const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** Create parent folders if missing (for the default location, not for a path the user gave). */
  createFolders?: boolean;
  /** Migrate up to this version instead of the latest (tests of migrations). */
  migrateTo?: number;
}

export function openSqliteDatabase(file: string, options: OpenOptions = {}): Db {
  const folder = path.dirname(path.resolve(file));
  if (!fs.existsSync(folder)) {
    if (!options.createFolders) throw invalidInput('db.folderMissing', { folder, file });
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  }
  checkExistingFile(file, folder);

  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true, nativeBinding: NATIVE_BINDING });
  } catch (error) {
    throw mapSqliteError(error, file);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A file SQLite cannot read fails on the first statement, before anything is written.
    refuseForeignDatabase(db, file);
    // Larger pages make big imports and reports faster (fewer B-tree levels and WAL frames); SQLite only
    // applies this to a file that has no tables yet.
    db.pragma('page_size = 16384');
    enableWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrateTo);
    registerFunctions(db);
    return db;
  } catch (error) {
    db.close();
    throw mapSqliteError(error, file);
  }
}

/**
 * Switching a new file to WAL needs it to itself for a moment, and SQLite answers "locked" at once rather
 * than waiting (the busy timeout does not cover it): two bant processes creating one file at the same
 * instant would fail. So: nothing to do when already in WAL, else retry briefly.
 */
function enableWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** Checks the file before SQLite sees it, and creates a new one private to its owner (it holds personal data). */
function checkExistingFile(file: string, folder: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return checkExistingFile(file, folder);
      throw invalidInput('db.cannotCreate', { file, folder, reason: (error as Error).message });
    }
    return;
  }
  if (stat.isDirectory()) throw invalidInput('db.isFolder', { file });
  if (stat.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw invalidInput('db.notSqlite', { file });
}

/**
 * Tables but no schema version: another program's database. Both are read in one statement, so in one
 * snapshot: another bant migrating the same new file at this moment commits both together.
 */
function refuseForeignDatabase(db: Db, file: string): void {
  const { version, tables } = db
    .prepare("SELECT (SELECT user_version FROM pragma_user_version) AS version, (SELECT count(*) FROM sqlite_master WHERE type = 'table') AS tables")
    .get() as { version: number; tables: number };
  if (version === 0 && tables > 0) throw invalidInput('db.foreign', { file });
}

function mapSqliteError(error: unknown, file: string): unknown {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return invalidInput('db.corrupt', { file });
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return invalidInput('db.cannotOpen', { file });
    default:
      return error;
  }
}

function registerFunctions(db: Db): void {
  db.function('bant_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : text));
  // bant_tally(a, b): how many rows have each (a, b), as JSON [[a, b, count], …]. One pass, where GROUP BY
  // would sort every row first: the pipeline split by owner on a million leads takes half the time.
  const step = (tally: Map<string, number>, a: unknown, b: unknown) => {
    const key = JSON.stringify([a, b]);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  };
  db.aggregate('bant_tally', {
    start: () => new Map<string, number>(),
    // The type definitions know only one argument per row; SQLite passes every argument of the call.
    step: step as unknown as (tally: Map<string, number>, next: unknown) => void,
    result: (tally: Map<string, number>) => JSON.stringify([...tally].map(([key, count]) => [...(JSON.parse(key) as unknown[]), count])),
  });
}
