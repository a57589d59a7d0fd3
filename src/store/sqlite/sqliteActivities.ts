// Activities, and what scoring reads and writes, in SQLite.

import type { Activity } from '../../domain/activity.js';
import { activityRowToActivity, withActivities, type ActivityRow, type LeadToScoreRow } from '../rows.js';
import type { ActivityReads, ActivityWrites, LeadToScore, NewActivity, ScoresToWrite, ScoringReads, ScoringWrites } from '../store.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './openSqliteDatabase.js';

const ACTIVITY_COLUMNS = 'id, lead_id, type, occurred_at, source, properties';

/**
 * An activity's id, in an INSERT: the largest so far plus one (activities are stored by lead, without a rowid
 * to number them: migration 8), read from the end of the id index. A lead's same event is there already: the
 * primary key (lead_id, event_key) makes INSERT OR IGNORE store nothing, and no id is used up.
 */
export const NEXT_ACTIVITY_ID = '(SELECT coalesce(max(id), 0) + 1 FROM activities)';

export class SqliteActivities implements ActivityReads, ActivityWrites {
  private readonly insertStatement;
  private readonly byEventStatement;
  private readonly forLeadStatement;

  constructor(private readonly db: Db) {
    this.insertStatement = db.prepare(`INSERT OR IGNORE INTO activities (id, lead_id, type, occurred_at, source, properties, event_key, recorded_at) VALUES (${NEXT_ACTIVITY_ID}, ?, ?, ?, ?, ?, ?, ?)`);
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

  // No memory map: with a lead's activities side by side (migration 8), scoring reads the file in order, and
  // mapping it made no difference but to the process's resident memory (1.3 GB on a 1.4 GB file).
  constructor(private readonly db: Db) {
    this.writeStatement = db.prepare('UPDATE leads SET fit_score = ?, engagement_score = ?, score = ?, scored_at = ?, reengaged_at = ? WHERE id = ?');
  }

  async leadsToScore(ids: readonly number[]): Promise<LeadToScore[]> {
    if (ids.length === 0) return [];
    const list = JSON.stringify([...ids]);
    const leads = allRows<LeadToScoreRow>(this.db.prepare(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id IN (SELECT value FROM json_each(?)) AND l.forgotten_at IS NULL ORDER BY l.id`), list);
    const activities = allRows<ActivityRow>(this.db.prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id`), list);
    return withActivities(leads, activities);
  }

  async pageToScore(afterId: number, limit: number): Promise<LeadToScore[]> {
    const leads = allRows<LeadToScoreRow>(this.db.prepare(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id > ? AND l.forgotten_at IS NULL ORDER BY l.id LIMIT ?`), afterId, limit);
    if (leads.length === 0) return [];
    // One range of the table (stored by lead) for the whole page, rather than a look-up per lead.
    const activities = allRows<ActivityRow>(this.db.prepare(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id`), leads[0]!.id, leads.at(-1)!.id);
    return withActivities(leads, activities);
  }

  async writeScores(scores: readonly ScoresToWrite[]): Promise<void> {
    for (const s of scores) this.writeStatement.run(s.fit, s.engagement, s.total, s.scoredAt, s.reengagedAt, s.id);
  }
}

/**
 * The rows of a statement as objects, read as arrays and shaped by a function made for its columns: with the
 * thirty-odd columns of a lead, better-sqlite3's own objects cost twice the time of reading the rows
 * (score --all reads a million leads and five million activities).
 */
function allRows<Row>(statement: Statement, ...params: unknown[]): Row[] {
  let shape = ROW_SHAPES.get(statement.source);
  if (!shape) {
    const names = statement.columns().map((column) => column.name);
    // Object literals of one shape: V8 makes them fast, which a loop setting keys one by one is not.
    shape = new Function('r', `return { ${names.map((name, index) => `${JSON.stringify(name)}: r[${index}]`).join(', ')} };`) as (raw: unknown[]) => unknown;
    ROW_SHAPES.set(statement.source, shape);
  }
  const raws = statement.raw(true).all(...params) as unknown[][];
  return raws.map(shape) as Row[];
}
const ROW_SHAPES = new Map<string, (raw: unknown[]) => unknown>();

/** Only a nurturing lead needs its last qualification (re-engagement is counted from it). */
const LEAD_TO_SCORE = `l.*, CASE WHEN l.stage = 'nurturing' THEN (SELECT max(q.decided_at) FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done') END AS last_qualified_at`;

