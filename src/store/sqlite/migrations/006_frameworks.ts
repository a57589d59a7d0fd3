import type { Migration } from './index.js';

// Each qualification keeps the framework it was decided under: not only its id and version (a team edits
// its file and may forget the version), but its whole content, kept once per distinct content in
// `frameworks` and named by the hash of it. Qualifications from before have none (framework_hash NULL).
export const frameworks: Migration = {
  name: 'the frameworks qualifications were decided under',
  up: `
    CREATE TABLE frameworks (
      hash TEXT PRIMARY KEY,
      id TEXT NOT NULL,
      version INTEGER NOT NULL,
      content TEXT NOT NULL,
      kept_at TEXT NOT NULL
    ) STRICT;
    ALTER TABLE qualifications ADD COLUMN framework_hash TEXT REFERENCES frameworks (hash);
  `,
};
