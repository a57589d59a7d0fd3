// SQLite only: for the tests about the file itself (its bytes, its faults); the others use engines.ts.
import Database from 'better-sqlite3';

/** Reads a bant database file the way a person would check it with the sqlite3 shell. */
export function queryDb<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Every row of the tables a command may write: equal snapshots mean nothing was written. */
export function snapshotDb(db: string, tables = ['leads', 'stage_history', 'imports', 'qualifications', 'qualification_answers']): string {
  return JSON.stringify(tables.map((table) => queryDb(db, `SELECT * FROM ${table} ORDER BY rowid`)));
}
