// COPY, PostgreSQL's bulk path, and a whole database table by table for `bant db copy`.

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
  await copyText(pg, table, columns, Buffer.from(text));
}

/** What one COPY message carries at most: the server reads each message whole into its memory. */
const MESSAGE_BYTES = 64 * 1024;

/** A COPY whose rows are written as they come; `end` says there are no more. */
export interface CopyIn {
  write(text: Uint8Array): void;
  /** Settles once the server has taken every row, or refused them. */
  end(): Promise<void>;
}

/**
 * `COPY table (columns) FROM STDIN`, in its turn on the connection: the rows written before then wait in
 * memory, and the caller may go on preparing the next statements. Text rows in COPY's text format, UTF-8.
 *
 * The stream gets one piece at a time, the next once it has taken the last: pg-copy-streams fails (a
 * TypeError, out of any handler) when the server refuses the rows (a duplicate) while it still holds pieces it
 * could not write to the socket yet. Once refused, nothing more is written, and the COPY is not ended.
 */
export function copyIn(pg: PgConnection, table: string, columns: readonly string[]): CopyIn {
  const stream = copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
  const pieces: Uint8Array[] = [];
  let writing = false;
  let ending = false;
  let refused = false;
  let submitted = false;
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.on('error', (error) => {
      refused = true;
      pieces.length = 0;
      reject(pg.fault(error));
    });
  });
  // A transaction that fails while this COPY still waits for rows ends it, so that its ROLLBACK can follow.
  const untrack = pg.trackCopy(() => {
    refused = true;
    pieces.length = 0;
    // Sent: pg-copy-streams tells the server the COPY failed. Not sent yet: it never will be.
    if (submitted) stream.destroy(new Error('abandoned with its transaction'));
  });
  const written = pg.inTurn(() => {
    if (refused) return Promise.reject(new Error('abandoned with its transaction'));
    submitted = true;
    pg.client.query(stream);
    return done;
  });
  void written.then(untrack, untrack);
  const next = () => {
    writing = false;
    if (refused) return;
    const piece = pieces.shift();
    if (piece) {
      writing = true;
      stream.write(piece, next);
    } else if (ending) {
      untrack();
      stream.end();
    }
  };
  return {
    write(text) {
      for (let offset = 0; offset < text.length; offset += MESSAGE_BYTES) pieces.push(text.subarray(offset, offset + MESSAGE_BYTES));
      if (!writing) next();
    },
    end() {
      ending = true;
      if (!writing) next();
      return written;
    },
  };
}

/** Sends text rows to `COPY table (columns) FROM STDIN` in one go (see copyIn). */
export function copyText(pg: PgConnection, table: string, columns: readonly string[], text: Uint8Array): Promise<void> {
  const copy = copyIn(pg, table, columns);
  copy.write(text);
  return copy.end();
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
      (await this.pg.inTurn(() => this.pg.client.query({ text, values: params, rowMode: 'array' })).catch((error: unknown) => Promise.reject(this.pg.fault(error)))).rows as PlainRow[];
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
