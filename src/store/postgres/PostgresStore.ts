// The PostgreSQL engine, for a team: one connection per bant process, transactions as BEGIN … COMMIT around
// the awaited work (READ COMMITTED, with the lead's row locked where a decision depends on it), one at a
// time. Loaded only when a PostgreSQL URL is used: the SQLite path never pays for the driver.

import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Store, StoreTx, TransactionOptions } from '../store.js';
import { redactUrl } from '../openStore.js';
import { connectPostgres, migratePostgres, postgresError } from './connectPostgres.js';
import { PostgresActivities, PostgresScoring } from './postgresActivities.js';
import { PostgresActivityImports } from './postgresActivityImport.js';
import { PostgresCopy, PostgresDump } from './postgresCopy.js';
import { PostgresImports } from './postgresImport.js';
import { PostgresLeads } from './postgresLeads.js';
import { PostgresLearning } from './postgresLearning.js';
import { PostgresFrameworks } from './postgresFrameworks.js';
import { PostgresQualifications } from './postgresQualifications.js';
import { PostgresReports } from './postgresReports.js';

/**
 * The connection as the engine's parts use it: queries whose faults are already in bant's words, run one after
 * the other. A caller may queue the next statement before the last one is done (an import sends its batches
 * so); node-postgres would queue them too, but warns that it will stop doing so.
 */
export class PgConnection {
  private last: Promise<unknown> = Promise.resolve();
  private readonly openCopies = new Set<() => void>();

  constructor(
    readonly client: pg.Client,
    private readonly url: string,
  ) {}

  /** A COPY that waits for its rows, and how to end it without them; returns how to forget it once it has them all. */
  trackCopy(abandon: () => void): () => void {
    this.openCopies.add(abandon);
    return () => void this.openCopies.delete(abandon);
  }

  /** Ends every COPY still waiting for rows: a transaction that failed rolls back after them. */
  abandonCopies(): void {
    for (const abandon of this.openCopies) abandon();
    this.openCopies.clear();
  }

  /** Runs `statement` once every statement queued before it is done, whatever its outcome. */
  inTurn<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.last.then(statement, statement);
    this.last = result.catch(() => undefined);
    return result;
  }

  async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return (await this.inTurn(() => this.client.query<R>(text, params as unknown[]))).rows;
    } catch (error) {
      throw this.fault(error);
    }
  }

  /** Rows changed by a write. */
  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return (await this.inTurn(() => this.client.query(text, params as unknown[]))).rowCount ?? 0;
    } catch (error) {
      throw this.fault(error);
    }
  }

  fault(error: unknown): unknown {
    const { host, port, database, user } = this.client as unknown as { host: string; port: number; database: string; user: string };
    return postgresError(error, { host, port, database, user }, this.url);
  }
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly location: string;
  readonly identity: string;
  readonly leads: PostgresLeads;
  readonly activities: PostgresActivities;
  readonly scoring: PostgresScoring;
  readonly qualifications: PostgresQualifications;
  readonly frameworks: PostgresFrameworks;
  readonly reports: PostgresReports;
  readonly dump: PostgresDump;
  readonly learning: PostgresLearning;
  private readonly tx: StoreTx;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(
    private readonly connection: PgConnection,
    url: string,
  ) {
    this.location = redactUrl(url);
    const { host, port, database } = connection.client as unknown as { host: string; port: number; database: string };
    this.identity = `postgres:${host}:${port}/${database}`;
    this.leads = new PostgresLeads(connection);
    this.activities = new PostgresActivities(connection);
    this.scoring = new PostgresScoring(connection);
    this.qualifications = new PostgresQualifications(connection);
    this.frameworks = new PostgresFrameworks(connection);
    this.reports = new PostgresReports(connection);
    this.dump = new PostgresDump(connection);
    this.learning = new PostgresLearning(connection);
    this.tx = {
      leads: this.leads,
      activities: this.activities,
      scoring: this.scoring,
      qualifications: this.qualifications,
      frameworks: this.frameworks,
      reports: this.reports,
      dump: this.dump,
      learning: this.learning,
      imports: new PostgresImports(connection),
      activityImports: new PostgresActivityImports(connection),
      copy: new PostgresCopy(connection),
    };
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.inside.getStore()) throw new Error('a transaction was opened inside another one');
    const run = async () => {
      // READ COMMITTED, with the rows a decision depends on locked (getForUpdate): concurrent SDRs wait for
      // each other rather than fail. A snapshot sees one state of the whole database, and writes nothing.
      await this.connection.run(options.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
      try {
        const result = await this.inside.run(true, () => work(this.tx));
        await this.connection.run(options.rollback || options.snapshot ? 'ROLLBACK' : 'COMMIT');
        return result;
      } catch (error) {
        // A lost connection has rolled back by itself; the first error is the one worth telling.
        this.connection.abandonCopies();
        await this.connection.inTurn(() => this.connection.client.query('ROLLBACK')).catch(() => undefined);
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Vacuums the tables a forget touched, so that the erased rows' old versions are pruned from their pages.
   * The server's write-ahead log, replicas and backups keep what they keep: those are its administrator's.
   */
  async eraseTraces(): Promise<boolean> {
    await this.connection.run('VACUUM leads, stage_history, qualifications, qualification_answers, activities');
    return true;
  }

  async close(): Promise<void> {
    await this.connection.client.end().catch(() => undefined);
  }
}

export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const client = await connectPostgres(url);
  const connection = new PgConnection(client, url);
  try {
    await migratePostgres(client, redactUrl(url)).catch((error: unknown) => {
      throw connection.fault(error);
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return new PostgresStore(connection, url);
}
