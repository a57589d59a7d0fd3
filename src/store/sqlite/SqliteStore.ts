// The SQLite engine: one file, one connection. better-sqlite3 is synchronous, so each method does its work
// at once and returns a settled promise; a transaction is BEGIN IMMEDIATE … COMMIT around the awaited work,
// one at a time (a queue), since every query of this process shares the connection.

import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import type { Store, StoreTx, TransactionOptions } from '../store.js';
import { eraseOldPageVersions } from './eraseTraces.js';
import { openSqliteDatabase, type Db, type OpenOptions } from './openSqliteDatabase.js';
import { SqliteActivities, SqliteScoring } from './sqliteActivities.js';
import { SqliteActivityImports } from './sqliteActivityImport.js';
import { SqliteCopy, SqliteDump } from './sqliteCopy.js';
import { SqliteImports } from './sqliteImport.js';
import { SqliteLeads } from './sqliteLeads.js';
import { SqliteLearning } from './sqliteLearning.js';
import { SqliteFrameworks } from './sqliteFrameworks.js';
import { SqliteQualifications } from './sqliteQualifications.js';
import { SqliteReports } from './sqliteReports.js';

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly leads: SqliteLeads;
  readonly activities: SqliteActivities;
  readonly scoring: SqliteScoring;
  readonly qualifications: SqliteQualifications;
  readonly frameworks: SqliteFrameworks;
  readonly reports: SqliteReports;
  readonly dump: SqliteDump;
  readonly learning: SqliteLearning;
  private readonly tx: StoreTx;
  private queue: Promise<unknown> = Promise.resolve();
  /** What the work of the open transaction asked to do once it ends (remove the import's writer note). */
  private atEnd: (() => void)[] = [];
  /** Set inside a transaction's work: a transaction opened there would wait for itself forever. */
  private readonly inside = new AsyncLocalStorage<true>();

  readonly identity: string;

  constructor(
    readonly db: Db,
    readonly location: string,
  ) {
    const { dev, ino } = fs.statSync(location);
    this.identity = `sqlite:${dev}:${ino}`;
    this.leads = new SqliteLeads(db);
    this.activities = new SqliteActivities(db);
    this.scoring = new SqliteScoring(db);
    this.qualifications = new SqliteQualifications(db);
    this.frameworks = new SqliteFrameworks(db);
    this.reports = new SqliteReports(db);
    this.dump = new SqliteDump(db);
    this.learning = new SqliteLearning(db);
    const atEnd = (work: () => void) => this.atEnd.push(work);
    this.tx = {
      leads: this.leads,
      activities: this.activities,
      scoring: this.scoring,
      qualifications: this.qualifications,
      frameworks: this.frameworks,
      reports: this.reports,
      dump: this.dump,
      learning: this.learning,
      imports: new SqliteImports(db, atEnd),
      activityImports: new SqliteActivityImports(db, atEnd),
      copy: new SqliteCopy(db),
    };
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.inside.getStore()) throw new Error('a transaction was opened inside another one');
    const run = async () => {
      // A bulk write checks its own references (each lead written before its history, under its import):
      // SQLite's per-row foreign key look-ups cost about 0.5 s per million rows. The pragma only changes
      // outside a transaction, hence here.
      if (options.bulk) this.db.pragma('foreign_keys = OFF');
      try {
        // A snapshot is a read transaction (WAL keeps its view while others write); any other takes the
        // write lock at once, so that writers queue (busy timeout) instead of failing halfway.
        this.db.exec(options.snapshot ? 'BEGIN' : 'BEGIN IMMEDIATE');
        try {
          const result = await this.inside.run(true, () => work(this.tx));
          this.db.exec(options.rollback || options.snapshot ? 'ROLLBACK' : 'COMMIT');
          return result;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        if (options.bulk) this.db.pragma('foreign_keys = ON');
        for (const work of this.atEnd.splice(0)) work();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async eraseTraces(): Promise<boolean> {
    return eraseOldPageVersions(this.db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export function openSqliteStore(file: string, options: OpenOptions = {}): SqliteStore {
  return new SqliteStore(openSqliteDatabase(file, options), file);
}
