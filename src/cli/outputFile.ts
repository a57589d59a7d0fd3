// Files bant writes on the user's behalf (`export -o`, `import --rejects`, and later any command with -o).
// Two rules: a path that would destroy something (the list being imported, the database or its -wal) or
// that cannot be written is refused before anything is written; and what is written goes to a hidden
// file beside the target, renamed over it only once complete, so that a failure leaves nothing behind.

import fs from 'node:fs';
import path from 'node:path';
import { invalidInput, type BantError } from '../domain/errors.js';

/** The files SQLite keeps beside a database: writing over any of them damages it. */
const DATABASE_SIDECARS = ['', '-wal', '-shm', '-journal'];

export interface OutputTarget {
  /** The path as the user gave it, for messages. */
  file: string;
  /** Where the bytes end up: symbolic links followed, so a link to a file writes that file. */
  finalPath: string;
  /** A device or a pipe (/dev/stdout, /dev/null): written in place, never renamed over. */
  inPlace: boolean;
}

export interface ProtectedPaths {
  /** Files the command reads (not `-`). */
  inputs: string[];
  /** The database file; its -wal, -shm and -journal are protected with it. */
  database?: string;
}

/**
 * Decides, before anything is written, whether `file` may be written. Paths are compared by what they
 * are (device and inode, or the real path once links are followed), not by how they are spelled, so
 * `./leads.csv`, `../x/leads.csv` and a link to it are one file.
 */
export function checkOutputPath(file: string, protect: ProtectedPaths): OutputTarget {
  const existing = statOrUndefined(file);
  if (existing instanceof Error) throw cannotWrite(file, existing);
  if (existing?.isDirectory()) throw invalidInput('output.isFolder', { file });

  const finalPath = existing ? fs.realpathSync(file) : path.join(realFolder(file), path.basename(file));
  if (existing && protect.inputs.some((input) => sameFile(existing, statOrUndefined(input)))) throw invalidInput('output.isInput', { file });
  if (isDatabaseFile(finalPath, existing, protect.database)) throw invalidInput('output.isDatabase', { file });

  const inPlace = Boolean(existing && !existing.isFile());
  if (existing && !writable(finalPath)) throw invalidInput('output.notWritable', { file });
  if (!inPlace && !writable(path.dirname(finalPath))) throw invalidInput('output.folderNotWritable', { file, folder: path.dirname(finalPath) });
  return { file, finalPath, inPlace };
}

/** The folder the file would go in, links followed; refused when it does not exist. */
function realFolder(file: string): string {
  const folder = path.dirname(path.resolve(file));
  try {
    const real = fs.realpathSync(folder);
    if (!fs.statSync(real).isDirectory()) throw new Error('not a folder');
    return real;
  } catch {
    throw invalidInput('output.folderMissing', { file, folder });
  }
}

function isDatabaseFile(finalPath: string, existing: fs.Stats | undefined, database: string | undefined): boolean {
  if (!database) return false;
  const resolved = path.resolve(database);
  let real = resolved;
  try {
    real = fs.realpathSync(resolved);
  } catch {
    // a database not created yet: its path as given is all there is
  }
  return DATABASE_SIDECARS.some((suffix) => {
    if (finalPath === real + suffix || finalPath === resolved + suffix) return true;
    return existing !== undefined && sameFile(existing, statOrUndefined(real + suffix));
  });
}

function statOrUndefined(file: string): fs.Stats | undefined | Error {
  try {
    return fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : (error as Error);
  }
}

function sameFile(a: fs.Stats, b: fs.Stats | undefined | Error): boolean {
  return b instanceof fs.Stats && a.dev === b.dev && a.ino === b.ino;
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A failed write in words: a full disk says so, anything else gives the system's reason. */
export function cannotWrite(file: string, error: Error): BantError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return invalidInput('output.diskFull', { file });
  if (code === 'ENOTDIR') return invalidInput('output.folderMissing', { file, folder: path.dirname(path.resolve(file)) });
  return invalidInput('output.cannotWrite', { file, reason: error.message });
}

const FLUSH_AT = 256 * 1024;

/**
 * An output written synchronously (errors surface where they happen, as exit 3) to a hidden file beside
 * the target, private to its owner (it holds personal data), and renamed over the target by `commit`.
 */
export class OutputFile {
  private readonly fd: number;
  private readonly partialPath: string | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  private closed = false;

  constructor(private readonly target: OutputTarget) {
    const { finalPath } = target;
    this.partialPath = target.inPlace ? undefined : path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`);
    try {
      this.fd = this.partialPath ? fs.openSync(this.partialPath, 'wx', 0o600) : fs.openSync(finalPath, 'w');
    } catch (error) {
      throw cannotWrite(target.file, error as Error);
    }
  }

  /** Buffers `text`; returns true when it was written out, a good moment for a long loop to let signals in. */
  write(text: string): boolean {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength < FLUSH_AT) return false;
    this.flush();
    return true;
  }

  /** Writes out everything so far: a full disk shows here, before the caller commits what the file reports on. */
  flush(): void {
    if (this.pendingLength === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
    try {
      for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(this.fd, bytes, offset);
    } catch (error) {
      this.discard();
      throw cannotWrite(this.target.file, error as Error);
    }
  }

  commit(): void {
    this.flush();
    this.close();
    if (!this.partialPath) return;
    try {
      fs.renameSync(this.partialPath, this.target.finalPath);
    } catch (error) {
      this.discard();
      throw cannotWrite(this.target.file, error as Error);
    }
  }

  /** Removes what was written so far; safe to call more than once, and after commit. */
  discard(): void {
    this.close();
    if (this.partialPath) fs.rmSync(this.partialPath, { force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      // closing after a failed write can fail the same way; the partial file is removed either way
    }
  }
}
