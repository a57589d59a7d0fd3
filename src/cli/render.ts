// Turning results into text: tables for people, JSON and CSV for scripts. Everything here writes to stdout.

import { formatNumber, type Lang } from '../i18n/translate.js';
import type { Context } from './context.js';
import { naturalWidths, renderTable } from './textTable.js';

export interface Column<T> {
  header: string;
  /** The cell as text; null/undefined prints empty. */
  value: (record: T) => string | number | null | undefined;
}

export async function printTable<T>(ctx: Context, columns: readonly Column<T>[], records: readonly T[]): Promise<void> {
  const head = columns.map((column) => column.header);
  const rows = records.map((record) => columns.map((column) => cellText(column.value(record), ctx.lang)));
  // Too wide for the terminal: columns get narrower, their text wraps inside the cell and a word longer than
  // the cell is cut with "…", so the box never breaks.
  const widths = fitColumns([head, ...rows], ctx.terminalWidth);
  ctx.print(renderTable(head, rows, { widths, styleHead: (text) => ctx.out.bold(text) }));
}

/** Border characters around n columns: │ a │ b │ */
const borders = (columns: number) => columns + 1;
/** Narrower than this, a column shows too little to be worth reading. */
const MIN_COLUMN = 6;

/**
 * Widths (padding included) that fit the table in `width` characters, or undefined when it fits as it is or
 * there is no width to fit (not a terminal). The narrow columns keep their width; the wide ones share what is
 * left equally, as far as each needs (the largest level that fits, found by bisection).
 */
export function fitColumns(rows: readonly (readonly string[])[], width: number | undefined): number[] | undefined {
  if (!width || rows.length === 0) return undefined;
  const count = rows[0]!.length;
  const natural = naturalWidths(rows);
  const available = width - borders(count);
  if (natural.reduce((sum, w) => sum + w, 0) <= available) return undefined;
  const total = (level: number) => natural.reduce((sum, w) => sum + Math.min(w, level), 0);
  let low = MIN_COLUMN;
  let high = Math.max(...natural);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (total(middle) <= available) low = middle;
    else high = middle - 1;
  }
  const widths = natural.map((w) => Math.min(w, low));
  // What the level leaves unused goes to the columns it cut, one character each, left to right.
  let spare = available - widths.reduce((sum, w) => sum + w, 0);
  for (let index = 0; index < count && spare > 0; index++) {
    if (widths[index]! < natural[index]!) {
      widths[index]!++;
      spare--;
    }
  }
  return widths;
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

/** A cell as text; in a table for people, a fraction takes the language's decimal mark (62,5 in French), never in CSV. */
function cellText(value: string | number | null | undefined, lang?: Lang): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' && lang ? formatNumber(lang, value) : String(value);
}
