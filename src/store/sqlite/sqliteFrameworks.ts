// The frameworks qualifications were decided under, in SQLite: one row per distinct content.

import type { FrameworkReads, FrameworkWrites, StoredFramework } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

export class SqliteFrameworks implements FrameworkReads, FrameworkWrites {
  constructor(private readonly db: Db) {}

  async get(hash: string): Promise<StoredFramework | undefined> {
    return this.db.prepare('SELECT hash, id, version, content FROM frameworks WHERE hash = ?').get(hash) as StoredFramework | undefined;
  }

  async keep(framework: StoredFramework, at: string): Promise<void> {
    this.db
      .prepare('INSERT INTO frameworks (hash, id, version, content, kept_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING')
      .run(framework.hash, framework.id, framework.version, framework.content, at);
  }
}
