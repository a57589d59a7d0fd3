// Turning results into text: tables for people, JSON and CSV for scripts. Everything here writes to stdout.

import type { Context } from './context.js';

export interface Column<T> {
  header: string;
  /** The cell as text; null/undefined prints empty. */
  value: (record: T) => string | number | null | undefined;
}

export async function printTable<T>(ctx: Context, columns: readonly Column<T>[], records: readonly T[]): Promise<void> {
  // Only people at a terminal need tables: scripts asking for JSON or CSV never load cli-table3.
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: columns.map((column) => ctx.out.bold(column.header)),
    style: { head: [], border: [] },
    // No rule between rows: long lists stay readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
  });
  for (const record of records) table.push(columns.map((column) => cellText(column.value(record))));
  ctx.print(table.toString());
}


export function printJson(ctx: Context, data: unknown): void {
  ctx.print(JSON.stringify(data, null, 2));
}

export function printCsv<T>(ctx: Context, columns: readonly Column<T>[], records: readonly T[]): void {
  ctx.io.stdout.write(toCsvLine(columns.map((column) => column.header)));
  for (const record of records) ctx.io.stdout.write(toCsvLine(columns.map((column) => cellText(column.value(record)))));
}

/** RFC 4180: a field is quoted when it holds the delimiter, a quote or a line break; quotes are doubled. */
export function toCsvLine(fields: readonly string[], delimiter = ','): string {
  return `${fields.map((field) => (field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(delimiter)}\r\n`;
}

/** Prints records the way --format asks: a table, a JSON array of `json(record)`, or CSV. */
export async function printRecords<T>(ctx: Context, columns: readonly Column<T>[], records: readonly T[], json: (record: T) => unknown): Promise<void> {
  if (ctx.format === 'json') printJson(ctx, records.map(json));
  else if (ctx.format === 'csv') printCsv(ctx, columns, records);
  else await printTable(ctx, columns, records);
}

function cellText(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
