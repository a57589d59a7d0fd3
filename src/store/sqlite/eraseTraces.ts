import type { Db } from './openSqliteDatabase.js';

/**
 * After an erasure (`leads forget`), older copies of the erased text may still sit in the files: in the
 * free space of pages (SQLite does not zero what a delete, an update or a page split leaves behind), and
 * in earlier versions of pages in the -wal. VACUUM rewrites every page of the database from its current
 * content, and a TRUNCATE checkpoint then empties the -wal, so that no byte of either file holds the text.
 * VACUUM costs a few seconds on a large database; zeroing as we go (secure_delete) would instead slow every
 * import, and still leave the copies made before it was turned on.
 *
 * Returns false when another process kept this from finishing (it was writing, or still reading): the
 * erasure itself is committed either way.
 */
export function eraseOldPageVersions(db: Db): boolean {
  try {
    db.exec('VACUUM');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result !== undefined && result.busy === 0;
  } catch (error) {
    if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(String((error as { code?: unknown }).code))) return false;
    throw error;
  }
}
