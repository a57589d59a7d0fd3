// SQLite's errors that are faults of the world, not bugs of bant: another process holding the write lock
// too long, a read-only file or folder, a full or failing disk, a damaged file. Each becomes a message
// that says what is wrong and what to do (exit 3); anything else stays an unexpected failure (exit 1).

import fs from 'node:fs';
import path from 'node:path';
import { invalidInput, type BantError } from '../../domain/errors.js';
import { findWriter } from './writerNote.js';

/** How long a write waits for another bant's write, unless BANT_BUSY_TIMEOUT says otherwise. */
export const DEFAULT_BUSY_TIMEOUT_SECONDS = 10;

export interface FaultContext {
  file: string;
  busyTimeoutSeconds: number;
}

export function databaseFault(error: unknown, context: FaultContext): BantError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const { file } = context;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busy(context);
  if (code.startsWith('SQLITE_READONLY')) return readOnly(file);
  if (code === 'SQLITE_FULL') return invalidInput('db.full', { file });
  if (code.startsWith('SQLITE_IOERR')) return invalidInput('db.ioError', { file, detail: (error as Error).message });
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return invalidInput('db.corrupt', { file });
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return invalidInput('db.cannotOpen', { file });
  return undefined;
}

function busy({ file, busyTimeoutSeconds }: FaultContext): BantError {
  const writer = findWriter(file);
  const seconds = busyTimeoutSeconds;
  if (writer) return invalidInput('db.busyImport', { file, since: writer.since.slice(11, 19), by: writer.by, pid: writer.pid, seconds });
  return invalidInput('db.busy', { file, seconds });
}

/** Which of the file or its folder stops the write: SQLite needs both (the folder for its -wal and -shm). */
function readOnly(file: string): BantError {
  const folder = path.dirname(file);
  return writable(file) && !writable(folder) ? invalidInput('db.readOnlyFolder', { file, folder }) : invalidInput('db.readOnlyFile', { file });
}

export function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
