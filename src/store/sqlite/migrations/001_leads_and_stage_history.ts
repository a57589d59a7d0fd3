import type { Migration } from './index.js';

// Stage and cause values are checked by the domain (src/domain/stages.ts), not by CHECK constraints:
// a CHECK costs every imported row more than a second per million.
export const leadsAndStageHistory: Migration = {
  name: 'leads and their stage history',
  up: `
    CREATE TABLE leads (
      id INTEGER PRIMARY KEY,
      email TEXT,
      first_name TEXT,
      last_name TEXT,
      company TEXT,
      title TEXT,
      phone TEXT,
      country TEXT,
      industry TEXT,
      employees INTEGER,
      annual_revenue REAL,
      source TEXT,
      owner TEXT,
      external_id TEXT,
      stage TEXT NOT NULL,
      -- The furthest funnel step (1 lead … 4 customer) the history has ever taken this lead to, kept up to
      -- date with each history row, so that the funnel report reads one column instead of all the history.
      reached_rank INTEGER NOT NULL DEFAULT 0,
      score REAL,
      follow_up_on TEXT,
      custom TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      stage_changed_at TEXT NOT NULL,
      forgotten_at TEXT
    ) STRICT;
    -- Few indexes on purpose: each one slows every imported row, and imports are measured against the
    -- sqlite3 shell. Partial indexes leave out the many leads without an email or an external id.
    CREATE UNIQUE INDEX leads_by_email ON leads (email) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX leads_by_external_id ON leads (external_id) WHERE external_id IS NOT NULL;
    CREATE INDEX leads_forgotten ON leads (forgotten_at) WHERE forgotten_at IS NOT NULL;

    -- How many leads entered their current stage on each day, kept up to date with every stage change, so
    -- that the aging report reads a few hundred rows instead of sorting every lead by day.
    CREATE TABLE stage_days (
      stage TEXT NOT NULL,
      day TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (stage, day)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE stage_history (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads (id),
      from_stage TEXT,
      to_stage TEXT NOT NULL,
      at TEXT NOT NULL,
      by TEXT,
      reason TEXT,
      cause TEXT NOT NULL
    ) STRICT;
    -- Only lead_id: a covering (lead_id, to_stage) would spare the funnel report ~0.2 s on 3M rows, but
    -- costs imports about as much, and imports are the closer target (see npm run bench).
    CREATE INDEX stage_history_by_lead ON stage_history (lead_id);

    -- The history is append-only. The one exception is forgetting a person, which erases the free-text reason
    -- (it may name them) and keeps the anonymous move.
    CREATE TRIGGER stage_history_no_delete BEFORE DELETE ON stage_history
    BEGIN SELECT RAISE(ABORT, 'stage_history is append-only'); END;
    CREATE TRIGGER stage_history_only_erase BEFORE UPDATE ON stage_history
    WHEN NOT (NEW.reason IS NULL AND NEW.id = OLD.id AND NEW.lead_id = OLD.lead_id
              AND NEW.from_stage IS OLD.from_stage AND NEW.to_stage = OLD.to_stage AND NEW.at = OLD.at
              AND NEW.by IS OLD.by AND NEW.cause = OLD.cause)
    BEGIN SELECT RAISE(ABORT, 'stage_history is append-only'); END;
  `,
};
