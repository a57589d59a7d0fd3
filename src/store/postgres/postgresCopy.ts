// COPY, PostgreSQL's bulk path, and a whole database table by table for `bant db copy`.

import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import { COPIED_TABLES, type CopiedTable, type CopyWrites, type DumpReads, type PlainRow } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

const BATCH = 5000;

/** One value in COPY's text format: \N for null; backslash, tab, line breaks escaped. */
function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]!) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Sends rows to `COPY table (columns) FROM STDIN` in one stream. */
export async function copyRows(pg: PgConnection, table: string, columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Promise<void> {
  if (rows.length === 0) return;
  let text = '';
  for (const row of rows) text += `${row.map(copyValue).join('\t')}\n`;
  try {
    const stream = pg.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([error]) => Promise.reject(error as Error))]);
    stream.end(text);
    await done;
  } catch (error) {
    throw pg.fault(error);
  }
}

function tableSpec(table: CopiedTable) {
  return COPIED_TABLES.find((spec) => spec.name === table)!;
}

export class PostgresDump implements DumpReads {
  constructor(private readonly pg: PgConnection) {}

  async counts(): Promise<Record<CopiedTable, number>> {
    const counts = {} as Record<CopiedTable, number>;
    for (const { name } of COPIED_TABLES) counts[name] = (await this.pg.query<{ n: number }>(`SELECT count(*) AS n FROM ${name}`))[0]!.n;
    return counts;
  }

  async *rows(table: CopiedTable): AsyncIterable<PlainRow[]> {
    const spec = tableSpec(table);
    const columns = spec.columns.join(', ');
    const key = spec.key.join(', ');
    const keyAt = spec.key.map((column) => (spec.columns as readonly string[]).indexOf(column));
    const select = async (text: string, params: unknown[]) =>
      (await this.pg.client.query({ text, values: params, rowMode: 'array' }).catch((error: unknown) => Promise.reject(this.pg.fault(error)))).rows as PlainRow[];
    let rows = await select(`SELECT ${columns} FROM ${spec.name} ORDER BY ${key} LIMIT ${BATCH}`, []);
    while (rows.length) {
      yield rows;
      if (rows.length < BATCH) return;
      const last = rows.at(-1)!;
      const after = spec.key.map((_, index) => `$${index + 1}`).join(', ');
      rows = await select(`SELECT ${columns} FROM ${spec.name} WHERE (${key}) > (${after}) ORDER BY ${key} LIMIT ${BATCH}`, keyAt.map((index) => last[index]));
    }
  }
}

export class PostgresCopy implements CopyWrites {
  constructor(private readonly pg: PgConnection) {}

  async insertRows(table: CopiedTable, rows: readonly PlainRow[]): Promise<void> {
    await copyRows(this.pg, table, tableSpec(table).columns, rows);
  }

  /** Rows came with their own ids: each identity sequence moves past the largest. */
  async finishCopy(): Promise<void> {
    for (const { name, key } of COPIED_TABLES) {
      if (key.length !== 1 || key[0] !== 'id') continue;
      await this.pg.query(`SELECT setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${name}`);
    }
  }
}
