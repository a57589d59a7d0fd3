import type { Migration } from './index.js';

// Each import is recorded with its counts, and each lead remembers the import that created it.
export const imports: Migration = {
  name: 'imports',
  up: `
    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      by TEXT,
      options TEXT NOT NULL DEFAULT '{}',
      rows INTEGER NOT NULL DEFAULT 0,
      created INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    ALTER TABLE leads ADD COLUMN import_id INTEGER REFERENCES imports (id);
  `,
};
