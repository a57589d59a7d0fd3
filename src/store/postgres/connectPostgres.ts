// Connecting to a team's PostgreSQL database: node-postgres reads the URL and the usual PG* variables,
// .pgpass and sslmode; what can go wrong on the way (server down, wrong password, unknown database, another
// program's tables, a newer bant) becomes one clear message, and the password is never printed.

import pg from 'pg';
import { BantError, invalidInput } from '../../domain/errors.js';
import { redactUrl } from '../openStore.js';
import { SCHEMA_VERSION } from '../schemaVersion.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';

// count(*) and bigint columns come back as text by default (they may exceed 2^53); bant's never do.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

/** Where the client will connect, for messages: host, port, database and user, never the password. */
function describeTarget(client: pg.Client): { host: string; port: number; database: string; user: string } {
  const { host, port, database, user } = client as unknown as { host: string; port: number; database: string; user: string };
  return { host, port, database: database ?? '', user: user ?? '' };
}

export async function connectPostgres(url: string): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, application_name: 'bant' });
  } catch (error) {
    throw invalidInput('pg.badUrl', { url: redactUrl(url), reason: (error as Error).message });
  }
  // An idle connection dropped by the server must not crash the process: the next query says so.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw postgresError(error, describeTarget(client), url);
  }
  return client;
}

/**
 * Faults of the world (the server, the network, the credentials) as BantErrors; anything else is left as is
 * (a bug). The password is removed from whatever text the driver produced.
 */
export function postgresError(error: unknown, target: { host: string; port: number; database: string; user: string }, url?: string): unknown {
  if (error instanceof BantError) return error;
  const { code, message = '' } = error as { code?: string; message?: string };
  const params = { host: target.host, port: target.port, database: target.database, user: target.user };
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return invalidInput('pg.unreachable', { ...params, reason: code });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return invalidInput('pg.unknownHost', params);
    case '28P01':
    case '28000':
      return invalidInput('pg.authFailed', params);
    case '3D000':
      return invalidInput('pg.noDatabase', params);
    case '42501':
      return invalidInput('pg.permission', { ...params, reason: scrub(message, url) });
    case '53100':
      return invalidInput('pg.diskFull', params);
    case '40P01': // deadlock_detected: the server undid this transaction
    case '40001': // serialization_failure
      return invalidInput('pg.conflict', params);
    case '22021': // character_not_in_repertoire: a NUL, or bytes that are not UTF-8
    case '22P05': // untranslatable_character
      return invalidInput('pg.badText', { ...params, reason: scrub(message, url) });
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return invalidInput('pg.connectionLost', params);
  }
  if (/Connection terminated|Client has encountered a connection error|connection is closed|ECONNRESET/i.test(message)) {
    return invalidInput('pg.connectionLost', params);
  }
  if (/SSL|self[- ]signed|certificate/i.test(message) && !code) return invalidInput('pg.ssl', { ...params, reason: scrub(message, url) });
  return error;
}

function scrub(message: string, url: string | undefined): string {
  if (!url) return message;
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('****') : message;
  } catch {
    return message;
  }
}

/**
 * Decides from the schema, before writing anything, whether this database is bant's: no tables at all (a new
 * one), bant's tables at a version this bant knows, or refused — another program's tables, or a newer bant.
 * Then applies the pending steps in one transaction, under a lock so that two bant processes starting on a
 * new database do not both migrate it.
 */
export async function migratePostgres(client: pg.Client, location: string, target = SCHEMA_VERSION): Promise<void> {
  // Every command starts here: a database already at this version (the usual case) is told by two cheap
  // queries. information_schema costs a new connection about 30 ms; it is read when there is something to decide.
  const { rows: [kept] } = await client.query<{ ours: boolean }>(`SELECT to_regclass(format('%I.bant_schema', current_schema())) IS NOT NULL AS ours`);
  if (kept?.ours && (await client.query<{ version: number }>('SELECT version FROM bant_schema')).rows[0]?.version === target) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['bant schema']);
    const { rows } = await client.query<{ tables: number; ours: boolean }>(
      `SELECT count(*) AS tables, bool_or(table_name = 'bant_schema') AS ours
       FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const { tables, ours } = rows[0]!;
    let version = 0;
    if (tables > 0) {
      if (!ours) throw invalidInput('db.foreignPostgres', { location });
      version = (await client.query<{ version: number }>('SELECT version FROM bant_schema')).rows[0]?.version ?? 0;
      if (version > SCHEMA_VERSION) throw invalidInput('db.newerSchema', { version, known: SCHEMA_VERSION });
    } else {
      await client.query('CREATE TABLE bant_schema (version integer NOT NULL)');
      await client.query('INSERT INTO bant_schema (version) VALUES (0)');
    }
    for (let step = version; step < target; step++) await client.query(POSTGRES_MIGRATIONS[step]!.up);
    if (version < target) await client.query('UPDATE bant_schema SET version = $1', [target]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

if (POSTGRES_MIGRATIONS.length !== SCHEMA_VERSION) throw new Error(`the PostgreSQL migrations stop at ${POSTGRES_MIGRATIONS.length}, the schema is at ${SCHEMA_VERSION}`);
