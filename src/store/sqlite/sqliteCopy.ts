// A whole SQLite database, table by table, for `bant db copy`.

import { COPIED_TABLES, type CopiedTable, type CopyWrites, type DumpReads, type PlainRow } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

const BATCH = 2000;

function tableSpec(table: CopiedTable) {
  return COPIED_TABLES.find((spec) => spec.name === table)!;
}

export class SqliteDump implements DumpReads {
  constructor(private readonly db: Db) {}

  async counts(): Promise<Record<CopiedTable, number>> {
    const counts = {} as Record<CopiedTable, number>;
    for (const { name } of COPIED_TABLES) counts[name] = (this.db.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n;
    return counts;
  }

  async *rows(table: CopiedTable): AsyncIterable<PlainRow[]> {
    const spec = tableSpec(table);
    // Pages in key order, each starting after the last key of the one before: the caller awaits the other
    // engine between pages, and no statement stays open meanwhile.
    const columns = spec.columns.join(', ');
    const key = spec.key.join(', ');
    const keyAt = spec.key.map((column) => (spec.columns as readonly string[]).indexOf(column));
    const first = this.db.prepare(`SELECT ${columns} FROM ${spec.name} ORDER BY ${key} LIMIT ${BATCH}`).raw(true);
    const next = this.db.prepare(`SELECT ${columns} FROM ${spec.name} WHERE (${key}) > (${spec.key.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ${BATCH}`).raw(true);
    let rows = first.all() as PlainRow[];
    while (rows.length) {
      yield rows;
      if (rows.length < BATCH) return;
      const last = rows.at(-1)!;
      rows = next.all(...keyAt.map((index) => last[index])) as PlainRow[];
    }
  }
}

export class SqliteCopy implements CopyWrites {
  constructor(private readonly db: Db) {}

  async insertRows(table: CopiedTable, rows: readonly PlainRow[]): Promise<void> {
    const spec = tableSpec(table);
    const statement = this.db.prepare(`INSERT INTO ${spec.name} (${spec.columns.join(', ')}) VALUES (${spec.columns.map(() => '?').join(', ')})`);
    for (const row of rows) statement.run(...row);
  }

  async finishCopy(): Promise<void> {
    // SQLite gives a new row the largest id plus one: nothing to move on.
  }
}
