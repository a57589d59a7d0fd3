// Opening the one SQLite file bant keeps its data in: checks that come before SQLite touches the file
// (so a foreign or newer file is never written to), the way to open it (read-write, or read-only when the
// file or its folder cannot be written), the pragmas, and the migrations.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { invalidInput } from '../../domain/errors.js';
import { foldText } from '../../domain/foldText.js';
import { databaseFault, DEFAULT_BUSY_TIMEOUT_SECONDS, writable } from './databaseFaults.js';
import { HEADER_BYTES, headerFacts, identifyDatabase, readDatabaseFacts, walFileExists } from './identifyDatabase.js';
import { SCHEMA_VERSION as LATEST_VERSION } from '../schemaVersion.js';
import { migrate } from './migrations/index.js';

export type Db = Database.Database;

// Naming the compiled addon directly skips the `bindings` package's search through a dozen folders, and
// lets the build bundle better-sqlite3's JavaScript with ours (start-up time is a target).
const NATIVE_BINDING = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

const SQLITE_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Create parent folders if missing (for the default location, not for a path the user gave). */
  createFolders?: boolean;
  /** Migrate up to this version instead of the latest (tests of migrations). */
  migrateTo?: number;
  /** How long a write waits for another process's write to finish before giving up. */
  busyTimeoutSeconds?: number;
}

export function openSqliteDatabase(file: string, options: OpenOptions = {}): Db {
  const folder = path.dirname(path.resolve(file));
  if (!fs.existsSync(folder)) {
    if (!options.createFolders) throw invalidInput('db.folderMissing', { folder, file });
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  }
  const existing = checkExistingFile(file, folder);
  if (existing) refuseForeignOrNewer(file, existing.header, existing.size);

  const access = accessFor(file, folder);
  const faults = { file, busyTimeoutSeconds: options.busyTimeoutSeconds ?? DEFAULT_BUSY_TIMEOUT_SECONDS };
  let db: Db;
  try {
    db = access === 'copy' ? openCopy(file) : new Database(file, { fileMustExist: true, readonly: access === 'read', nativeBinding: NATIVE_BINDING });
  } catch (error) {
    throw databaseFault(error, faults) ?? error;
  }
  try {
    db.pragma(`busy_timeout = ${Math.round(faults.busyTimeoutSeconds * 1000)}`);
    if (access === 'write') {
      // Larger pages make big imports and reports faster (fewer B-tree levels and WAL frames); SQLite only
      // applies this to a file that has no tables yet.
      db.pragma('page_size = 16384');
      enableWal(db);
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (access === 'write') migrate(db, options.migrateTo);
    else if (schemaVersionOf(db) < (options.migrateTo ?? LATEST_VERSION)) throw invalidInput('db.readOnlyNeedsUpgrade', { file });
    registerFunctions(db);
    return db;
  } catch (error) {
    db.close();
    throw databaseFault(error, faults) ?? error;
  }
}

/**
 * Decided from the header (and, when it cannot tell, from a read-only look at the schema), before the
 * file is opened for writing: another program's database or a newer bant's is refused byte for byte as
 * it was, never switched to WAL or migrated.
 */
function refuseForeignOrNewer(file: string, header: Buffer, size: number): void {
  const { facts, complete } = headerFacts(header, size);
  let kind = complete || !walFileExists(file) ? identifyDatabase(facts, LATEST_VERSION) : undefined;
  if (!kind) {
    try {
      kind = identifyDatabase(readDatabaseFacts(file, NATIVE_BINDING), LATEST_VERSION);
    } catch (error) {
      throw databaseFault(error, { file, busyTimeoutSeconds: DEFAULT_BUSY_TIMEOUT_SECONDS }) ?? error;
    }
  }
  if (kind?.kind === 'foreign') throw invalidInput('db.foreign', { file });
  if (kind?.kind === 'newer') throw invalidInput('db.newerSchema', { version: kind.version, known: LATEST_VERSION });
}

/**
 * Read-write when SQLite can write both the file and, beside it, its -wal and -shm; read-only otherwise,
 * so that reading still works. A WAL database in a folder bant cannot write, with no -shm yet, cannot
 * even be read in place: it is read from a private copy in memory.
 */
function accessFor(file: string, folder: string): 'write' | 'read' | 'copy' {
  const folderWritable = writable(folder);
  if (writable(file) && folderWritable) return 'write';
  return folderWritable || fs.existsSync(`${file}-shm`) ? 'read' : 'copy';
}

function openCopy(file: string): Db {
  const bytes = fs.readFileSync(file);
  // Bytes 18-19 say WAL; an in-memory copy has no -wal to go with it, so it reads as a plain file.
  if (bytes.length >= HEADER_BYTES && bytes[18] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true, nativeBinding: NATIVE_BINDING });
}

function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Switching a new file to WAL needs it to itself for a moment, and SQLite answers "locked" at once rather
 * than waiting (the busy timeout does not cover it): two bant processes creating one file at the same
 * instant would fail. So: nothing to do when already in WAL, else retry briefly.
 */
function enableWal(db: Db): void {
  const deadline = Date.now() + DEFAULT_BUSY_TIMEOUT_SECONDS * 1000;
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

/**
 * Checks the file before SQLite sees it, and creates a new one private to its owner (it holds personal
 * data). Returns the header of a file that has content, undefined for a new or empty one.
 */
function checkExistingFile(file: string, folder: string): { header: Buffer; size: number } | undefined {
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
    return undefined;
  }
  if (stat.isDirectory()) throw invalidInput('db.isFolder', { file });
  if (stat.size === 0) return undefined;
  const header = Buffer.alloc(HEADER_BYTES);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw invalidInput('db.cannotOpen', { file });
  }
  try {
    fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_HEADER) throw invalidInput('db.notSqlite', { file });
  if (stat.size < HEADER_BYTES) throw invalidInput('db.corrupt', { file });
  return { header, size: stat.size };
}

function registerFunctions(db: Db): void {
  db.function('bant_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : text));
  // bant_tally(a, b): how many rows have each (a, b), as JSON [[a, b, count], …]. One pass, where GROUP BY
  // would sort every row first: the pipeline split by owner on a million leads takes half the time. A map of
  // maps, not a map keyed by JSON.stringify([a, b]): building that key for every row cost 40 % of the report.
  type Tally = Map<unknown, Map<unknown, number>>;
  const step = (tally: Tally, a: unknown, b: unknown) => {
    let counts = tally.get(a);
    if (!counts) tally.set(a, (counts = new Map()));
    counts.set(b, (counts.get(b) ?? 0) + 1);
    return tally;
  };
  db.aggregate('bant_tally', {
    start: (): Tally => new Map(),
    // The type definitions know only one argument per row; SQLite passes every argument of the call.
    step: step as unknown as (tally: Tally, next: unknown) => Tally,
    result: (tally: Tally) => JSON.stringify([...tally].flatMap(([a, counts]) => [...counts].map(([b, count]) => [a, b, count]))),
  });
}
