// The one transaction of an import (of leads or of activities): all of the file or nothing.

import { cancelled } from '../domain/errors.js';
import type { Store, StoreTx } from '../store/store.js';

export async function inImportTransaction<R>(store: Store, dryRun: boolean | undefined, work: (tx: StoreTx) => Promise<R>): Promise<R> {
  try {
    // A dry run does all the work, then rolls it back: what it reports is what the import would do.
    return await store.transaction(work, { bulk: true, rollback: dryRun });
  } catch (error) {
    // Ctrl-C aborts the file's stream: the import ends as cancelled, with nothing written.
    if (error instanceof Error && error.name === 'AbortError') throw cancelled('import.cancelled');
    throw error;
  }
}
