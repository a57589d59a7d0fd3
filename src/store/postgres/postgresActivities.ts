// Activities, and what scoring reads and writes, in PostgreSQL.

import type { Activity } from '../../domain/activity.js';
import { activityRowToActivity, withActivities, type ActivityRow, type LeadToScoreRow } from '../rows.js';
import type { ActivityReads, ActivityWrites, LeadToScore, NewActivity, ScoresToWrite, ScoringReads, ScoringWrites } from '../store.js';
import type { PgConnection } from './PostgresStore.js';

const ACTIVITY_COLUMNS = 'id, lead_id, type, occurred_at, source, properties';

export class PostgresActivities implements ActivityReads, ActivityWrites {
  constructor(private readonly pg: PgConnection) {}

  async forLead(leadId: number): Promise<Activity[]> {
    const rows = await this.pg.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id = $1 ORDER BY occurred_at, id`, [leadId]);
    return rows.map(activityRowToActivity);
  }

  async add(activity: NewActivity, at: string): Promise<{ activity: Activity; added: boolean }> {
    // Looked for first: an INSERT that meets the unique index would still use up a number of the sequence,
    // and the same commands must number activities alike on both engines.
    const existing = await this.byEvent(activity.leadId, activity.eventKey);
    if (existing) return { activity: existing, added: false };
    const [row] = await this.pg.query<ActivityRow>(
      `INSERT INTO activities (lead_id, type, occurred_at, source, properties, event_key, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (lead_id, event_key) DO NOTHING RETURNING ${ACTIVITY_COLUMNS}`,
      [activity.leadId, activity.type, activity.occurredAt, activity.source, JSON.stringify(activity.properties), activity.eventKey, at],
    );
    // Another writer stored the same event between the look and the write.
    if (!row) return { activity: (await this.byEvent(activity.leadId, activity.eventKey))!, added: false };
    return { activity: activityRowToActivity(row), added: true };
  }

  private async byEvent(leadId: number, eventKey: number): Promise<Activity | undefined> {
    const [row] = await this.pg.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id = $1 AND event_key = $2`, [leadId, eventKey]);
    return row && activityRowToActivity(row);
  }
}

/** Only a nurturing lead needs its last qualification (re-engagement is counted from it). */
const LEAD_TO_SCORE = `l.*, CASE WHEN l.stage = 'nurturing' THEN (SELECT max(q.decided_at) FROM qualifications q WHERE q.lead_id = l.id AND q.status = 'done') END AS last_qualified_at`;

export class PostgresScoring implements ScoringReads, ScoringWrites {
  constructor(private readonly pg: PgConnection) {}

  async leadsToScore(ids: readonly number[]): Promise<LeadToScore[]> {
    if (ids.length === 0) return [];
    const leads = await this.pg.query<LeadToScoreRow>(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id = ANY($1::integer[]) AND l.forgotten_at IS NULL ORDER BY l.id`, [ids]);
    const activities = await this.pg.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id = ANY($1::integer[]) ORDER BY lead_id`, [ids]);
    return withActivities(leads, activities);
  }

  async pageToScore(afterId: number, limit: number): Promise<LeadToScore[]> {
    const leads = await this.pg.query<LeadToScoreRow>(`SELECT ${LEAD_TO_SCORE} FROM leads l WHERE l.id > $1 AND l.forgotten_at IS NULL ORDER BY l.id LIMIT $2`, [afterId, limit]);
    if (leads.length === 0) return [];
    const activities = await this.pg.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE lead_id BETWEEN $1 AND $2 ORDER BY lead_id`, [
      leads[0]!.id,
      leads.at(-1)!.id,
    ]);
    return withActivities(leads, activities);
  }

  /** One statement for the whole batch: the scores travel as arrays, one per column. */
  async writeScores(scores: readonly ScoresToWrite[]): Promise<void> {
    if (scores.length === 0) return;
    await this.pg.run(
      `UPDATE leads l SET fit_score = s.fit, engagement_score = s.engagement, score = s.total, scored_at = s.scored_at, reengaged_at = s.reengaged_at
       FROM unnest($1::integer[], $2::float8[], $3::float8[], $4::float8[], $5::text[], $6::text[]) AS s(id, fit, engagement, total, scored_at, reengaged_at)
       WHERE l.id = s.id`,
      [
        scores.map((s) => s.id),
        scores.map((s) => s.fit),
        scores.map((s) => s.engagement),
        scores.map((s) => s.total),
        scores.map((s) => s.scoredAt),
        scores.map((s) => s.reengagedAt),
      ],
    );
  }
}
