import type { Migration } from './index.js';

// A qualification is an interview of one lead by one SDR: a draft while answers come in (so that Ctrl-C
// or a dropped call loses nothing), then done, with the decision, the statuses per criterion (what the
// gaps report counts) and the framework version and policy it was decided under (what `why` explains).
export const qualifications: Migration = {
  name: 'qualifications',
  up: `
    CREATE TABLE qualifications (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads (id),
      status TEXT NOT NULL,
      sdr TEXT NOT NULL,
      framework_id TEXT NOT NULL,
      framework_version INTEGER NOT NULL,
      notes TEXT NOT NULL DEFAULT '{}',
      decision TEXT,
      final_stage TEXT,
      override_reason TEXT,
      score REAL,
      follow_up_on TEXT,
      reasons TEXT,
      policy TEXT,
      started_at TEXT NOT NULL,
      decided_at TEXT,
      reached_mql_at TEXT
    ) STRICT;
    CREATE INDEX qualifications_by_lead ON qualifications (lead_id, id);
    CREATE UNIQUE INDEX qualifications_one_draft ON qualifications (lead_id, sdr) WHERE status = 'draft';

    CREATE TABLE qualification_answers (
      qualification_id INTEGER NOT NULL REFERENCES qualifications (id),
      question_id TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (qualification_id, question_id)
    ) STRICT;

    -- Kept in criterion order (WITHOUT ROWID, keyed by criterion first): the gaps report then counts each
    -- criterion's statuses in one ordered pass, with no sort (1.1 s → 0.36 s on 800,000 rows).
    CREATE TABLE qualification_criteria (
      qualification_id INTEGER NOT NULL REFERENCES qualifications (id),
      criterion TEXT NOT NULL,
      status TEXT NOT NULL,
      rule INTEGER,
      explain TEXT,
      PRIMARY KEY (criterion, qualification_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX qualification_criteria_by_qualification ON qualification_criteria (qualification_id);
  `,
};
