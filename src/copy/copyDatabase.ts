// `bant db copy <from> <to>`: a whole database from one store to another (SQLite ⇄ PostgreSQL), so that a
// founder's file becomes the team's database in one command. One transaction on the target, which must be
// empty; the counts of every table are compared at the end, and a difference undoes the copy.

import { invalidInput } from '../domain/errors.js';
import { COPIED_TABLES, type CopiedTable, type Store } from '../store/store.js';

export interface CopyProgress {
  (table: CopiedTable, rows: number): void;
}

export interface CopyResult {
  tables: { table: CopiedTable; rows: number }[];
}

export async function copyDatabase(from: Store, to: Store, progress: CopyProgress = () => undefined): Promise<CopyResult> {
  const before = await to.dump.counts();
  const filled = COPIED_TABLES.filter(({ name }) => before[name] > 0).map(({ name }) => `${name} (${before[name]})`);
  if (filled.length) throw invalidInput('copy.targetNotEmpty', { target: to.location, tables: filled.join(', ') });
  // The source is read in one snapshot (a consistent state even if someone writes meanwhile), the target
  // written in one transaction.
  const expected = await from.transaction(
    (source) =>
      to.transaction(
        async (target) => {
          const counts = await source.dump.counts();
          for (const { name } of COPIED_TABLES) {
            let copied = 0;
            for await (const rows of source.dump.rows(name)) {
              await target.copy.insertRows(name, rows);
              copied += rows.length;
              progress(name, copied);
            }
          }
          await target.copy.finishCopy();
          // Checked inside the transaction: a count that differs undoes the whole copy.
          const after = await target.dump.counts();
          const wrong = COPIED_TABLES.filter(({ name }) => after[name] !== counts[name]);
          if (wrong.length) {
            throw invalidInput('copy.countsDiffer', { tables: wrong.map(({ name }) => `${name}: ${counts[name]} → ${after[name]}`).join(', ') });
          }
          return counts;
        },
        { bulk: true },
      ),
    { snapshot: true },
  );
  return { tables: COPIED_TABLES.map(({ name }) => ({ table: name, rows: expected[name] })) };
}
