import type { Migration } from './index.js';

// A team shares one queue: the SDR who opens a lead in `bant qualify` holds it for a while, so that two
// SDRs do not call the same person. One claim per lead; an expired one is simply taken over.
export const claims: Migration = {
  name: 'claims on leads being qualified',
  up: `
    CREATE TABLE claims (
      lead_id INTEGER PRIMARY KEY REFERENCES leads (id),
      sdr TEXT NOT NULL,
      claimed_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;
  `,
};
