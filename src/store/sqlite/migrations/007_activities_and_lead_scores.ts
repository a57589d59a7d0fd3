import type { Migration } from './index.js';

// What leads did (activities) and the lead score computed from it (PRODUCT.md, "Activities and lead scoring").
//
// - `activities`: append-only events of a lead. The same event imported twice is stored once: `event_key` is a
//   53-bit hash of its type, time and properties (src/domain/activityKey.ts), unique per lead. A hash rather
//   than the properties themselves keeps the unique index small: it is written for every imported event.
// - `imports.kind`: an import is of leads or of activities; both are recorded, with the same counts.
// - Leads keep their lead score in three columns: fit, engagement, and `score` (the total, for sorting), with
//   `scored_at`, the moment they were computed as of (`score why` explains that moment). `reengaged_at`: a
//   nurturing lead brought back over the threshold by what it did since its last qualification.
// - `score` meant two things until now (a score column of an imported file, then the BANT score of the lead's
//   latest qualification, which each qualification keeps anyway): neither is a lead score, so it is cleared.
//   The next `bant score` (or any write to a lead) computes the real one.
export const activitiesAndLeadScores: Migration = {
  name: 'activities, and the lead score apart from the BANT score',
  up: `
    ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'leads';
    ALTER TABLE leads ADD COLUMN fit_score REAL;
    ALTER TABLE leads ADD COLUMN engagement_score REAL;
    ALTER TABLE leads ADD COLUMN scored_at TEXT;
    ALTER TABLE leads ADD COLUMN reengaged_at TEXT;
    UPDATE leads SET score = NULL WHERE score IS NOT NULL;

    -- One index only (the unique one, lead first): it finds a lead's activities in time order for scoring,
    -- and refuses an event stored twice. Each more index slows every imported event.
    CREATE TABLE activities (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads (id),
      type TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      source TEXT,
      properties TEXT NOT NULL DEFAULT '{}',
      import_id INTEGER REFERENCES imports (id),
      event_key INTEGER NOT NULL,
      recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX activities_by_event ON activities (lead_id, event_key);

    -- Append-only, like the stage history; forgetting a person erases the properties (a subject line, a page
    -- address may name them) and keeps the anonymous event.
    CREATE TRIGGER activities_no_delete BEFORE DELETE ON activities
    BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
    CREATE TRIGGER activities_only_erase BEFORE UPDATE ON activities
    WHEN NOT (NEW.properties = '{}' AND NEW.id = OLD.id AND NEW.lead_id = OLD.lead_id AND NEW.type = OLD.type AND NEW.occurred_at = OLD.occurred_at
              AND NEW.source IS OLD.source AND NEW.import_id IS OLD.import_id AND NEW.event_key = OLD.event_key AND NEW.recorded_at = OLD.recorded_at)
    BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
  `,
};
