// What only the PostgreSQL engine has: a server to reach and log in to, a database that may hold another
// program's tables, the schema version kept in bant_schema, and many bant processes opening one database.

import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { openStore, parseStoreTarget } from '../../src/store/openStore.js';
import { migratePostgres } from '../../src/store/postgres/connectPostgres.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { SCHEMA_VERSION } from '../../src/store/schemaVersion.js';
import { SECRET_PASSWORD, SECRET_ROLE } from '../setup/startPostgres.js';
import { execTarget, freshPostgresDatabase, openTargetStore, postgresUrl, queryTarget } from '../helpers/engines.js';
import { who } from '../helpers/storeChecks.js';
import { addLead } from '../../src/leads/addLead.js';

/** `kind:key` of the BantError opening the store throws (closing the store if it opened). */
async function openingError(url: string): Promise<string> {
  try {
    const store = await openStore(parseStoreTarget(url, url));
    await store.close();
  } catch (error) {
    if (error instanceof BantError) return `${error.kind}:${error.key}`;
    throw error;
  }
  return 'no error';
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const tables = async (url: string) =>
  (await queryTarget<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((row) => row.table_name);

describe('opening a PostgreSQL database', () => {
  it('a new database gets the schema at the latest version, once', async () => {
    const url = await freshPostgresDatabase();
    const store = await openTargetStore(url);
    expect(store.engine).toBe('postgres');
    expect(await queryTarget(url, 'SELECT version FROM bant_schema')).toEqual([{ version: SCHEMA_VERSION }]);
    expect(await tables(url)).toEqual([
      'activities', 'bant_schema', 'claims', 'criterion_days', 'frameworks', 'imports', 'leads', 'qualification_answers', 'qualification_criteria', 'qualifications', 'stage_days',
      'stage_history',
    ]);
    await openTargetStore(url);
    expect(await queryTarget(url, 'SELECT count(*) AS n FROM bant_schema')).toEqual([{ n: 1 }]);
  });

  it("refuses a database that holds another program's tables, and leaves it untouched", async () => {
    const url = await freshPostgresDatabase();
    await execTarget(url, "CREATE TABLE photos (id integer PRIMARY KEY, path text); INSERT INTO photos VALUES (1, 'cat.jpg')");
    expect(await openingError(url)).toBe('invalidInput:db.foreignPostgres');
    expect(await tables(url)).toEqual(['photos']);
    expect(await queryTarget(url, 'SELECT * FROM photos')).toEqual([{ id: 1, path: 'cat.jpg' }]);
  });

  it('refuses a database written by a newer bant, and leaves it as it was', async () => {
    const url = await freshPostgresDatabase();
    await (await openStore(parseStoreTarget(url, url))).close();
    await execTarget(url, 'UPDATE bant_schema SET version = ?', SCHEMA_VERSION + 1);
    expect(await openingError(url)).toBe('invalidInput:db.newerSchema');
    expect(await queryTarget(url, 'SELECT version FROM bant_schema')).toEqual([{ version: SCHEMA_VERSION + 1 }]);
  });

  it('several bant processes opening one new database at once all succeed, and the schema is made once', async () => {
    const url = await freshPostgresDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openTargetStore(url)));
    expect(await queryTarget(url, 'SELECT version FROM bant_schema')).toEqual([{ version: SCHEMA_VERSION }]);
    await Promise.all(stores.map((store, i) => addLead(store, { texts: { company: `Team ${i}` }, stage: 'mql', custom: {} }, who)));
    expect(await queryTarget(url, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 4 }]);
  });

  it('hides the password wherever it says where the data is, and refuses a wrong one (pg.authFailed)', async () => {
    const database = (await freshPostgresDatabase()).split('/').pop()!;
    const store = await openTargetStore(postgresUrl(database, SECRET_ROLE, SECRET_PASSWORD));
    expect(store.location).not.toContain(SECRET_PASSWORD);
    expect(store.location).toContain('****');
    const refused = postgresUrl(database, SECRET_ROLE, 'not-the-password');
    expect(await openingError(refused)).toBe('invalidInput:pg.authFailed');
    const error = await openStore(parseStoreTarget(refused, refused)).catch((e: unknown) => e as BantError);
    expect(JSON.stringify(error)).not.toContain('not-the-password');
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('a server that is not there (pg.unreachable) and a database that does not exist (pg.noDatabase)', async () => {
    const down = new URL(inject('postgresUrl'));
    down.port = '1';
    expect(await openingError(down.toString())).toBe('invalidInput:pg.unreachable');
    expect(await openingError(postgresUrl('no_such_database'))).toBe('invalidInput:pg.noDatabase');
  });
});

describe('PostgreSQL migrations', () => {
  it('has one step per schema version, the same count as SQLite', () => {
    expect(POSTGRES_MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  // As on SQLite: stop one step short, put data in, take the last step, check the data survived.
  it.each(POSTGRES_MIGRATIONS.map((migration, index) => [index + 1, migration.name] as const))('step %i (%s) keeps the data written before it', async (version) => {
    const url = await freshPostgresDatabase();
    await withClient(url, async (client) => {
      await migratePostgres(client, 'test', version - 1);
      if (version - 1 >= 1) {
        await client.query(`INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('kept@acme.fr', 'mql', 'x', 'x', 'x')`);
      }
      expect((await client.query('SELECT version FROM bant_schema')).rows).toEqual([{ version: version - 1 }]);
      await migratePostgres(client, 'test', version);
      expect((await client.query('SELECT version FROM bant_schema')).rows).toEqual([{ version }]);
      if (version - 1 >= 1) expect((await client.query('SELECT email FROM leads')).rows).toEqual([{ email: 'kept@acme.fr' }]);
    });
  });

  it('a database left one version behind is brought up to date when the store opens it, its data kept', async () => {
    const url = await freshPostgresDatabase();
    await withClient(url, async (client) => {
      await migratePostgres(client, 'test', SCHEMA_VERSION - 1);
      await client.query(`INSERT INTO leads (email, stage, created_at, updated_at, stage_changed_at) VALUES ('kept@acme.fr', 'mql', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    });
    const store = await openTargetStore(url);
    expect(await queryTarget(url, 'SELECT version FROM bant_schema')).toEqual([{ version: SCHEMA_VERSION }]);
    expect((await store.leads.list({})).leads.map((lead) => lead.email)).toEqual(['kept@acme.fr']);
  });

  it('applies all pending steps in one transaction: a failing step leaves the database at its old version', async () => {
    const url = await freshPostgresDatabase();
    await withClient(url, async (client) => {
      await migratePostgres(client, 'test', 0);
      await client.query('CREATE TABLE leads (id integer PRIMARY KEY)'); // makes step 1 fail half-way
      await expect(migratePostgres(client, 'test')).rejects.toThrow();
    });
    expect(await queryTarget(url, 'SELECT version FROM bant_schema')).toEqual([{ version: 0 }]);
    expect(await tables(url)).toEqual(['bant_schema', 'leads']);
  });
});
