// What learning a scoring model reads, in PostgreSQL: leads with a known outcome, a page at a time, each with
// the activities that happened before its outcome.

import type { ActivityRow } from '../rows.js';
import { COUNT_WITHOUT_OUTCOME, outcomePageSql, outcomeOf, withActivitiesBefore, type OutcomeRow } from '../outcomeRows.js';
import type { LeadOutcome, LearningReads } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

export class PostgresLearning implements LearningReads {
  constructor(private readonly pg: PgConnection) {}

  async outcomesPage(afterId: number, limit: number): Promise<LeadOutcome[]> {
    // Before the tables have statistics (just after a db copy), the planner costs each look-up of a lead's
    // history high enough to compile the page's query just in time: a second of compiling for a few
    // milliseconds of work, two hundred times over on 100,000 leads (78 s instead of 15). Pages are small
    // queries; JIT is off for the rest of the transaction (the learning reads run in one).
    await this.pg.run('SET LOCAL jit = off');
    const rows = await this.pg.query<OutcomeRow>(outcomePageSql('$1', '$2'), [afterId, limit]);
    if (rows.length === 0) return [];
    // The page's leads and their outcome moments travel as two arrays: only the activities before each
    // lead's moment are read, by the (lead_id, event_key) index. LATERAL keeps it a look-up per lead even
    // before the table has statistics (just after a db copy, a plain join hashed the whole table per page).
    const activities = await this.pg.query<ActivityRow>(
      `SELECT a.id, a.lead_id, a.type, a.occurred_at, a.source, a.properties
       FROM unnest($1::integer[], $2::text[]) AS p(id, at)
       CROSS JOIN LATERAL (SELECT * FROM activities x WHERE x.lead_id = p.id AND x.occurred_at < p.at COLLATE "C") a`,
      [rows.map((row) => row.id), rows.map((row) => outcomeOf(row).outcomeAt)],
    );
    return withActivitiesBefore(rows, activities);
  }

  async countWithoutOutcome(): Promise<number> {
    const [row] = await this.pg.query<{ count: number | string }>(COUNT_WITHOUT_OUTCOME);
    return Number(row!.count);
  }
}
