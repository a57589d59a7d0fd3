// What learning a scoring model reads, in SQLite: leads with a known outcome, a page at a time, each with
// the activities that happened before its outcome.

import type { ActivityRow } from '../rows.js';
import { COUNT_WITHOUT_OUTCOME, outcomePageSql, outcomeOf, withActivitiesBefore, type OutcomeRow } from '../outcomeRows.js';
import type { LeadOutcome, LearningReads } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

export class SqliteLearning implements LearningReads {
  private readonly pageStatement;
  private readonly activitiesStatement;
  private readonly countStatement;

  constructor(db: Db) {
    this.pageStatement = db.prepare(outcomePageSql('?', '?'));
    // The page's leads and their outcome moments go in as one JSON array of [id, moment]: each lead's
    // activities are found by the (lead_id, event_key) index, and only those before its moment are read.
    this.activitiesStatement = db.prepare(
      `SELECT a.id, a.lead_id, a.type, a.occurred_at, a.source, a.properties
       FROM json_each(?) p JOIN activities a ON a.lead_id = json_extract(p.value, '$[0]') AND a.occurred_at < json_extract(p.value, '$[1]')`,
    );
    this.countStatement = db.prepare(COUNT_WITHOUT_OUTCOME);
  }

  async outcomesPage(afterId: number, limit: number): Promise<LeadOutcome[]> {
    const rows = this.pageStatement.all(afterId, limit) as OutcomeRow[];
    if (rows.length === 0) return [];
    const moments = JSON.stringify(rows.map((row) => [row.id, outcomeOf(row).outcomeAt]));
    return withActivitiesBefore(rows, this.activitiesStatement.all(moments) as ActivityRow[]);
  }

  async countWithoutOutcome(): Promise<number> {
    return (this.countStatement.get() as { count: number }).count;
  }
}
