import type { Migration } from './index.js';

// What the reports read, so that none of them goes through every row of a big table (PRODUCT.md: every report
// on 1,000,000 leads under a second, on both engines):
//
// - `qualifications.hours_to_decision`: hours from the lead reaching mql to the decision (the sdr report's
//   median), computed once when the decision is recorded instead of from two dates at every report. Kept in
//   an index per SDR in order of hours: the median is read off it, nothing sorted.
// - `criterion_days`: how many criteria of the qualifications decided each day (per framework) had each
//   status, apart for the decisions that sent the lead to nurturing. Kept by every decision; the gaps report
//   sums a few thousand rows instead of joining every criterion to its qualification.
//
// The PostgreSQL step also indexes leads for the funnel, pipeline and aging reports. SQLite reads its rows
// fast enough without them, and its lead import is measured against the sqlite3 shell's: no new index on
// leads here.
export const whatReportsRead: Migration = {
  name: 'what the reports read: hours to decision, criterion days',
  up: `
    ALTER TABLE qualifications ADD COLUMN hours_to_decision REAL;
    -- The same hours as recordDecision computes (sqliteQualifications.ts, HOURS_TO_DECISION).
    UPDATE qualifications SET hours_to_decision = round((julianday(decided_at) - julianday(reached_mql_at)) * 86400000) / 3600000.0
      WHERE status = 'done' AND reached_mql_at IS NOT NULL;
    CREATE INDEX qualifications_by_sdr ON qualifications (sdr, hours_to_decision, decided_at, final_stage, framework_id, lead_id) WHERE status = 'done';

    CREATE TABLE criterion_days (
      framework_id TEXT NOT NULL,
      day TEXT NOT NULL,
      criterion TEXT NOT NULL,
      status TEXT NOT NULL,
      nurturing INTEGER NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (framework_id, day, criterion, status, nurturing)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO criterion_days (framework_id, day, criterion, status, nurturing, count)
      SELECT q.framework_id, substr(q.decided_at, 1, 10), c.criterion, c.status, q.final_stage = 'nurturing', count(*)
      FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id WHERE q.status = 'done' GROUP BY 1, 2, 3, 4, 5;
  `,
};
