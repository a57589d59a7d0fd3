// A long write (an import holds the write lock for its whole file) leaves a note beside the database
// saying who holds it, so that another bant kept waiting can say what it waits for. Best effort: a note
// that cannot be written changes nothing, and a note whose process is gone (kill -9) is ignored.

import fs from 'node:fs';

export interface WriterNote {
  pid: number;
  what: 'import';
  by: string;
  since: string;
}

function notePath(databaseFile: string): string {
  return `${databaseFile}-writer`;
}

export function leaveWriterNote(databaseFile: string, note: Omit<WriterNote, 'pid'>): void {
  try {
    fs.writeFileSync(notePath(databaseFile), JSON.stringify({ pid: process.pid, ...note }), { mode: 0o600 });
  } catch {
    // without the note, a waiting bant says only that the database is busy
  }
}

export function removeWriterNote(databaseFile: string): void {
  if (readNote(databaseFile)?.pid === process.pid) fs.rmSync(notePath(databaseFile), { force: true });
}

/** The live writer's note, if there is one. */
export function findWriter(databaseFile: string): WriterNote | undefined {
  const note = readNote(databaseFile);
  return note && note.pid !== process.pid && processIsAlive(note.pid) ? note : undefined;
}

function readNote(databaseFile: string): WriterNote | undefined {
  try {
    const note = JSON.parse(fs.readFileSync(notePath(databaseFile), 'utf8')) as Partial<WriterNote>;
    return typeof note.pid === 'number' && typeof note.by === 'string' && typeof note.since === 'string' ? (note as WriterNote) : undefined;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}
