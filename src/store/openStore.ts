// Which store a command works on, and opening it: a PostgreSQL URL means the team's server, anything else
// is a SQLite file. Each engine is loaded only when used: a `bant` run on SQLite never loads the PostgreSQL
// driver, and the other way round.

import path from 'node:path';
import { databaseFault, DEFAULT_BUSY_TIMEOUT_SECONDS } from './sqlite/databaseFaults.js';
import type { Store } from './store.js';

export { DEFAULT_BUSY_TIMEOUT_SECONDS };

export type StoreTarget = { engine: 'sqlite'; path: string; createFolders: boolean } | { engine: 'postgres'; url: string };

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text.trim());
}

/** `--db` or BANT_DB as given (a path or a URL); `defaultPath` when neither is. */
export function parseStoreTarget(given: string | undefined, defaultPath: string): StoreTarget {
  if (given === undefined || given === '') return { engine: 'sqlite', path: defaultPath, createFolders: true };
  if (isPostgresUrl(given)) return { engine: 'postgres', url: given.trim() };
  return { engine: 'sqlite', path: path.resolve(given), createFolders: false };
}

export interface StoreOptions {
  /** How long a write waits for another process's write (SQLite: a long import) before giving up. */
  busyTimeoutSeconds?: number;
}

export async function openStore(target: StoreTarget, options: StoreOptions = {}): Promise<Store> {
  if (target.engine === 'postgres') {
    const { openPostgresStore } = await import('./postgres/PostgresStore.js');
    return openPostgresStore(target.url);
  }
  const { openSqliteStore } = await import('./sqlite/SqliteStore.js');
  return openSqliteStore(target.path, { createFolders: target.createFolders, busyTimeoutSeconds: options.busyTimeoutSeconds });
}

/**
 * A store's fault that is the world's, not a bug (a busy, read-only, full or damaged SQLite file), in words;
 * undefined for anything else. PostgreSQL's faults are put in words by its engine as they happen.
 */
export function storeFault(error: unknown, target: StoreTarget, busyTimeoutSeconds = DEFAULT_BUSY_TIMEOUT_SECONDS) {
  return target.engine === 'sqlite' ? databaseFault(error, { file: target.path, busyTimeoutSeconds }) : undefined;
}

/** The URL fit to print: its password replaced, whatever else it says. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@');
  }
}

/** Where a target's data lives, fit to print. */
export function describeStoreTarget(target: StoreTarget): string {
  return target.engine === 'sqlite' ? target.path : redactUrl(target.url);
}
