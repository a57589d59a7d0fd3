// Activities, and what scoring reads and writes, in SQLite.

import type { Activity } from '../../domain/activity.js';
import { activityRowToActivity, withActivities, type ActivityRow, type LeadToScoreRow } from '../rows.js';
import type { ActivityReads, ActivityWrites, LeadToScore, NewActivity, ScoresToWrite, ScoringReads, ScoringWrites } from '../store.js';
import type { Db } from './openSqliteDatabase.js';

const ACTIVITY_COLUMNS = 'id, lead_id, type, occurred_at, source, properties';

export class SqliteActivities implements ActivityReads, ActivityWrites {
  private readonly insertStatement;
  private readonly byEventStatement;
  private readonly forLeadStatement;

  constructor(private readonly db: Db) {
    // A lead's same event is there already: nothing to write (the unique index says so, no look-up first).
    this.insertStatement = db.prepare(
      `INSERT OR IGNORE INTO activities (lead_id, type, occurred_at, source, properties, event_key, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byEventStatement = db.prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id = ? AND event_key = ?`);
    this.forLeadStatement = db.prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id = ? ORDER BY occurred_at, id`);
  }

  async forLead(leadId: number): Promise<Activity[]> {
    return (this.forLeadStatement.all(leadId) as ActivityRow[]).map(activityRowToActivity);
  }

  async add(activity: NewActivity, at: string): Promise<{ activity: Activity; added: boolean }> {
    const { changes } = this.insertStatement.run(
      activity.leadId, activity.type, activity.occurredAt, activity.source, JSON.stringify(activity.properties), activity.eventKey, at,
    );
    const row = this.byEventStatement.get(activity.leadId, activity.eventKey) as ActivityRow;
    return { activity: activityRowToActivity(row), added: changes > 0 };
  }
}

/** Leads with their activities, a page at a time; scores written back. */
export class SqliteScoring implements ScoringReads, ScoringWrites {
  private readonly writeStatement;

  constructor(private readonly db: Db) {
    this.writeStatement = db.prepare('UPDATE leads SET fit_score = ?, engagement_score = ?, score = ?, scored_at = ?, reengaged_at = ? WHERE id = ?');
  }

  async leadsToScore(ids: readonly number[]): Promise<LeadToScore[]> {
    if (ids.length === 0) return [];
    const list = JSON.stringify([...ids]);
    const leads = this.db.prepare(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id IN (SELECT value FROM json_each(?)) AND l.forgotten_at IS NULL ORDER BY l.id`).all(list) as LeadToScoreRow[];
    const activities = this.db
      .prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id`)
      .all(list) as ActivityRow[];
    return withActivities(leads, activities);
  }

  async pageToScore(afterId: number, limit: number): Promise<LeadToScore[]> {
    const leads = this.db.prepare(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id > ? AND l.forgotten_at IS NULL ORDER BY l.id LIMIT ?`).all(afterId, limit) as LeadToScoreRow[];
    if (leads.length === 0) return [];
    // One range of the (lead_id, event_key) index for the whole page, rather than a look-up per lead.
    const activities = this.db
      .prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id`)
      .all(leads[0]!.id, leads.at(-1)!.id) as ActivityRow[];
    return withActivities(leads, activities);
  }

  async writeScores(scores: readonly ScoresToWrite[]): Promise<void> {
    for (const s of scores) this.writeStatement.run(s.fit, s.engagement, s.total, s.scoredAt, s.reengagedAt, s.id);
  }
}

/** Only a nurturing lead needs its last qualification (re-engagement is counted from it). */
const LEAD_TO_SCORE = `l.*, CASE WHEN l.stage = 'nurturing' THEN (SELECT max(q.decided_at) FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done') END AS last_qualified_at`;

