// What an existing SQLite file is, decided before bant changes a single byte of it: bant's own database
// (possibly from an older bant, to migrate), a database from a newer bant, another program's database, or
// an empty file to adopt. Mostly from the 100-byte header; SQLite is asked, read-only, only when the header
// cannot tell (a file of an older bant, which had no application id, or one with a live -wal beside it).

import fs from 'node:fs';
import Database from 'better-sqlite3';

/** "BANT" in ASCII, in the header's application id field (offset 68), set by migration 4. */
export const BANT_APPLICATION_ID = 0x42414e54;

/** The tables each schema version before the application id has: how an older bant's file is recognised. */
const TABLES_BEFORE_APPLICATION_ID: Record<number, readonly string[]> = {
  1: ['leads', 'stage_days', 'stage_history'],
  2: ['leads', 'stage_days', 'stage_history', 'imports'],
  3: ['leads', 'stage_days', 'stage_history', 'imports', 'qualifications', 'qualification_answers', 'qualification_criteria'],
};

export const HEADER_BYTES = 100;

export interface DatabaseFacts {
  applicationId: number;
  userVersion: number;
  /** Pages in the file, from its size; 1 means no table was ever created. */
  pages: number;
  /** Table names; undefined when the decision did not need them. */
  tables?: readonly string[];
}

export type DatabaseKind = { kind: 'bant'; version: number } | { kind: 'empty' } | { kind: 'newer'; version: number } | { kind: 'foreign' };

/** Pure: what the facts say the file is; `undefined` when the table names are needed to tell. */
export function identifyDatabase(facts: DatabaseFacts, latestVersion: number): DatabaseKind | undefined {
  const { applicationId, userVersion } = facts;
  if (applicationId === BANT_APPLICATION_ID) return userVersion > latestVersion ? { kind: 'newer', version: userVersion } : { kind: 'bant', version: userVersion };
  if (applicationId !== 0) return { kind: 'foreign' };
  if (userVersion === 0) {
    if (facts.pages <= 1) return { kind: 'empty' };
    if (!facts.tables) return undefined;
    return facts.tables.length === 0 ? { kind: 'empty' } : { kind: 'foreign' };
  }
  const expected = TABLES_BEFORE_APPLICATION_ID[userVersion];
  if (!expected) return { kind: 'foreign' }; // -1, or any version a bant without the application id never wrote
  if (!facts.tables) return undefined;
  return expected.every((table) => facts.tables!.includes(table)) ? { kind: 'bant', version: userVersion } : { kind: 'foreign' };
}

/** The header's facts; the main file alone is the whole truth unless a -wal beside it may hold newer pages. */
export function headerFacts(header: Buffer, fileSize: number): { facts: DatabaseFacts; complete: boolean } {
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  return {
    facts: { applicationId: header.readInt32BE(68), userVersion: header.readInt32BE(60), pages: Math.ceil(fileSize / Math.max(pageSize, 512)) },
    complete: header[18] !== 2, // not in WAL mode; in WAL mode, the caller checks for a -wal
  };
}

/**
 * Asks SQLite, on a read-only connection (which never rolls back, checkpoints or rewrites anything), for
 * the version, the application id and the table names.
 */
export function readDatabaseFacts(file: string, nativeBinding: string): DatabaseFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string }[]).map(
      (row) => row.name,
    );
    return {
      applicationId: db.pragma('application_id', { simple: true }) as number,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      pages: db.pragma('page_count', { simple: true }) as number,
      tables,
    };
  } finally {
    db.close();
  }
}

export function walFileExists(file: string): boolean {
  return fs.existsSync(`${file}-wal`);
}
