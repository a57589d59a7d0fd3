// The same tests on both engines: a fresh SQLite file in a temp dir, or a fresh database on the test run's
// PostgreSQL server (test/setup/startPostgres.ts), dropped after the test.

import path from 'node:path';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { openStore, parseStoreTarget } from '../../src/store/openStore.js';
import type { Engine, Store } from '../../src/store/store.js';
import { tempDir } from './tempDir.js';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

// count(*) is a bigint and sum() of one a numeric: PostgreSQL sends both as text. The tests' own queries
// compare them with SQLite's numbers, so they are read as numbers here (bant's engine does the same for
// its own connections; this process may not have loaded it).
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text) => Number(text));

/** The engine a target (BANT_DB) names. */
export function engineOf(target: string): Engine {
  return target.startsWith('postgres') ? 'postgres' : 'sqlite';
}

const databases: string[] = [];
let counter = 0;

/** The superuser's URL of the test cluster, for another database name. */
export function postgresUrl(database = 'postgres', user = 'postgres', password?: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${database}`;
  url.username = user;
  if (password) url.password = password;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty PostgreSQL database of its own for this test. */
export async function freshPostgresDatabase(): Promise<string> {
  const name = `bant_test_${process.pid}_${++counter}`;
  // FILE_COPY: a few files copied, where the default strategy writes the whole template through the WAL
  // (three times slower on a busy 2-core machine).
  await admin((client) => client.query(`CREATE DATABASE ${name} STRATEGY = FILE_COPY`));
  databases.push(name);
  return postgresUrl(name);
}

/** Where a test's data goes: a new SQLite file, or a new PostgreSQL database. */
export async function freshTarget(engine: Engine): Promise<string> {
  return engine === 'sqlite' ? path.join(tempDir(), 'bant.db') : freshPostgresDatabase();
}

const opened: Store[] = [];

export async function openTestStore(engine: Engine): Promise<{ store: Store; target: string }> {
  const target = await freshTarget(engine);
  return { store: await openTargetStore(target), target };
}

/** Another store on a target (a second SDR, the other end of a copy), closed after the test. */
export async function openTargetStore(target: string): Promise<Store> {
  const store = await openStore(parseStoreTarget(target, target));
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  const names = databases.splice(0);
  if (names.length) await admin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

/**
 * Rows as a person would check them with the sqlite3 shell or psql: `?` placeholders, numbers as numbers.
 * For assertions about what was (not) written.
 */
export async function queryTarget<T = Record<string, unknown>>(target: string, sql: string, ...params: unknown[]): Promise<T[]> {
  if (engineOf(target) === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${++index}`);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Writes behind bant's back (damage, another program's tables, a newer schema): `?` placeholders, one
 * statement, or several without parameters.
 */
export async function execTarget(target: string, sql: string, ...params: unknown[]): Promise<void> {
  if (engineOf(target) === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target);
    try {
      if (params.length) db.prepare(sql).run(...params);
      else db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${++index}`);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** Every row of the tables a command may write, read on one connection: equal snapshots mean nothing was written. */
export async function snapshotTarget(target: string, tables = ['leads', 'stage_history', 'imports', 'qualifications', 'qualification_answers', 'stage_days', 'claims']): Promise<string> {
  const parts: unknown[] = [];
  if (engineOf(target) === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target, { readonly: true });
    try {
      for (const table of tables) parts.push(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all());
    } finally {
      db.close();
    }
    return JSON.stringify(parts);
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    for (const table of tables) parts.push((await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows);
  } finally {
    await client.end();
  }
  return JSON.stringify(parts);
}
