// The preview of an import: how each column of the file was understood, in the file's order. Plain data for
// the command to word (a dry run prints it on stderr, and puts it in its JSON).

import { IGNORED_FIELDS, type ColumnPlan, type ImportField } from './mapHeaders.js';

export type ColumnUse =
  | { index: number; header: string; field: ImportField }
  | { index: number; header: string; custom: string }
  | { index: number; header: string; ignored: 'noHeader' | 'bookkeeping' };

export function previewColumns(headers: readonly string[], plan: ColumnPlan): ColumnUse[] {
  const uses: ColumnUse[] = [];
  for (const column of plan.columns) {
    if ('custom' in column.target) uses.push({ index: column.index, header: column.header, custom: column.target.custom });
    else if (IGNORED_FIELDS.includes(column.target.field)) uses.push({ index: column.index, header: column.header, ignored: 'bookkeeping' });
    else uses.push({ index: column.index, header: column.header, field: column.target.field });
  }
  for (const { index } of plan.ignored) uses.push({ index, header: headers[index] ?? '', ignored: 'noHeader' });
  return uses.sort((a, b) => a.index - b.index);
}
