// What both engines share to read outcomes for learning (bant score learn): the SQL, in words both dialects
// accept, and the one mapping from its rows to `LeadOutcome`.

import type { Activity } from '../domain/activity.js';
import { activityRowToActivity, leadRowToLead, type ActivityRow, type LeadRow } from './rows.js';
import type { LeadOutcome } from './store.js';

/** A lead row with the three moments its outcome is decided from (null: never happened). */
export type OutcomeRow = LeadRow & { converted_at: string | null; disqualified_at: string | null; qualified_at: string | null };

/**
 * The leads (not forgotten) after the id `after` that have an outcome, in id order, with its moments: the
 * first history row into sql or customer, the first into disqualified, the first decided qualification.
 * `after` and `limit` are the dialect's placeholders. The index on leads' id walks them in order and stops
 * at the limit; each moment is a look-up in the lead's history (indexed by lead).
 */
export function outcomePageSql(after: string, limit: string): string {
  return `SELECT * FROM (
    SELECT l.*,
      (SELECT min(h.at) FROM stage_history h WHERE h.lead_id = l.id AND h.to_stage IN ('sql', 'customer')) AS converted_at,
      (SELECT min(h.at) FROM stage_history h WHERE h.lead_id = l.id AND h.to_stage = 'disqualified') AS disqualified_at,
      (SELECT min(q.decided_at) FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done') AS qualified_at
    FROM leads l WHERE l.id > ${after} AND l.forgotten_at IS NULL
  ) o WHERE converted_at IS NOT NULL OR disqualified_at IS NOT NULL OR qualified_at IS NOT NULL ORDER BY id LIMIT ${limit}`;
}

/** Leads (not forgotten) none of whose moments happened: no outcome yet. */
export const COUNT_WITHOUT_OUTCOME = `SELECT count(*) AS count FROM leads l WHERE l.forgotten_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.lead_id = l.id AND h.to_stage IN ('sql', 'customer', 'disqualified'))
  AND NOT EXISTS (SELECT 1 FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done')`;

/** Converted at its first sql or customer; else not, at the first of its disqualification and its first qualification. */
export function outcomeOf(row: OutcomeRow): { converted: boolean; outcomeAt: string } {
  if (row.converted_at !== null) return { converted: true, outcomeAt: row.converted_at };
  const moments = [row.disqualified_at, row.qualified_at].filter((at): at is string => at !== null).sort();
  return { converted: false, outcomeAt: moments[0]! };
}

/**
 * Pairs the page's leads with the activities the engine found before each one's outcome (in any order): each
 * lead's oldest first, by time then id, and counted per type.
 */
export function withActivitiesBefore(rows: readonly OutcomeRow[], activityRows: readonly ActivityRow[]): LeadOutcome[] {
  const byLead = new Map<number, Activity[]>();
  for (const row of activityRows) {
    let list = byLead.get(row.lead_id);
    if (!list) byLead.set(row.lead_id, (list = []));
    list.push(activityRowToActivity(row));
  }
  return rows.map((row) => {
    const activities = (byLead.get(row.id) ?? []).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id - b.id));
    const activityCounts: Record<string, number> = {};
    for (const activity of activities) activityCounts[activity.type] = (activityCounts[activity.type] ?? 0) + 1;
    return { lead: leadRowToLead(row), ...outcomeOf(row), activities, activityCounts };
  });
}
