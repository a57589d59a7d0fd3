import type { Db } from './openDatabase.js';

/**
 * After an erasure (`leads forget`): with secure_delete on, the erased text is zeroed in the pages written
 * since, but the earlier versions of those pages still sit in the -wal file. A TRUNCATE checkpoint copies
 * the new pages into the database file and empties the -wal, so no byte of either file holds the text.
 * Returns false when another process reading the database kept the -wal from being emptied.
 */
export function eraseOldPageVersions(db: Db): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return result !== undefined && result.busy === 0;
}
