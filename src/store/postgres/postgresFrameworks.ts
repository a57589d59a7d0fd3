// The frameworks qualifications were decided under, in PostgreSQL: one row per distinct content.

import type { FrameworkReads, FrameworkWrites, StoredFramework } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

export class PostgresFrameworks implements FrameworkReads, FrameworkWrites {
  constructor(private readonly pg: PgConnection) {}

  async get(hash: string): Promise<StoredFramework | undefined> {
    const [row] = await this.pg.query<StoredFramework>('SELECT hash, id, version, content FROM frameworks WHERE hash = $1', [hash]);
    return row;
  }

  async keep(framework: StoredFramework, at: string): Promise<void> {
    await this.pg.run('INSERT INTO frameworks (hash, id, version, content, kept_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING', [
      framework.hash,
      framework.id,
      framework.version,
      framework.content,
      at,
    ]);
  }
}
