// An activity import in SQLite: statements prepared once and run for every event. INSERT OR IGNORE on the
// (lead_id, event_key) unique index stores an event the lead already has zero times, with no look-up first.

import type { CreationPlan, StageChangePlan } from '../../domain/planStageChange.js';
import type { ActivityImportWriter, ActivityImportWrites, ActivityToCreate, ImportCounts, LeadFromActivity } from '../store.js';
import type { Db } from './openSqliteDatabase.js';
import { NEXT_ACTIVITY_ID } from './sqliteActivities.js';
import { leaveWriterNote, removeWriterNote } from './writerNote.js';

export class SqliteActivityImports implements ActivityImportWrites {
  constructor(
    private readonly db: Db,
    /** Runs once the transaction has ended, committed or not. */
    private readonly atTransactionEnd: (work: () => void) => void,
  ) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown> }): Promise<ActivityImportWriter> {
    leaveWriterNote(this.db.name, { what: 'import', by: record.by, since: record.at });
    this.atTransactionEnd(() => removeWriterNote(this.db.name));
    // Activities are stored by lead (migration 8): each imported event lands on its lead's page, anywhere in
    // the table. A cache too small for those pages writes them out and reads them back again and again: on
    // 5,000,000 events, 32 MB took 214 s, 256 MB 127 s. The cache is bounded, and ends with the command.
    this.db.pragma('cache_size = -262144');
    const importId = Number(
      this.db
        .prepare("INSERT INTO imports (kind, source, started_at, by, options) VALUES ('activities', ?, ?, ?, ?)")
        .run(record.source, record.at, record.by, JSON.stringify(record.options)).lastInsertRowid,
    );
    return new SqliteActivityImport(this.db, importId, record.at);
  }
}

class SqliteActivityImport implements ActivityImportWriter {
  private readonly insertStatement;
  private readonly byEmailStatement;
  private readonly byExternalIdStatement;
  private readonly byIdStatement;
  private readonly createLeadStatement;
  private readonly moveStatement;
  private readonly historyStatement;
  private readonly stageDaysStatement;

  constructor(
    private readonly db: Db,
    readonly importId: number,
    private readonly at: string,
  ) {
    this.insertStatement = db.prepare(
      `INSERT OR IGNORE INTO activities (id, lead_id, type, occurred_at, source, properties, import_id, event_key, recorded_at) VALUES (${NEXT_ACTIVITY_ID}, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The leads a batch names, in one statement per kind of identity rather than one per row.
    // Forgetting a lead erases its email and external id: these two need no look at the lead itself, only at
    // the index (which holds the id), so a lead's page is never read to learn its id.
    this.byEmailStatement = db.prepare('SELECT email AS key, id FROM leads WHERE email IN (SELECT value FROM json_each(?))').raw(true);
    this.byExternalIdStatement = db.prepare('SELECT external_id AS key, id FROM leads WHERE external_id IN (SELECT value FROM json_each(?))').raw(true);
    this.byIdStatement = db.prepare('SELECT id FROM leads WHERE id IN (SELECT value FROM json_each(?)) AND forgotten_at IS NULL').pluck(true);
    this.createLeadStatement = db.prepare(
      `INSERT INTO leads (email, external_id, stage, reached_rank, follow_up_on, custom, import_id, fit_score, engagement_score, score, scored_at, created_at, updated_at, stage_changed_at)
       VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.moveStatement = db.prepare(
      `UPDATE leads SET stage = ?, reached_rank = max(reached_rank, ?), follow_up_on = ?, stage_changed_at = ?, updated_at = ?, reengaged_at = NULL
       WHERE id = ? AND stage = ? AND stage_changed_at = ?`,
    );
    this.historyStatement = db.prepare('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.stageDaysStatement = db.prepare('INSERT INTO stage_days (stage, day, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count');
  }

  async findLeads(refs: { emails: readonly string[]; externalIds: readonly string[]; ids: readonly number[] }) {
    const byEmail = new Map<string, number>(refs.emails.length ? (this.byEmailStatement.all(JSON.stringify(refs.emails)) as [string, number][]) : []);
    const byExternalId = new Map<string, number>(refs.externalIds.length ? (this.byExternalIdStatement.all(JSON.stringify(refs.externalIds)) as [string, number][]) : []);
    const byId = new Set<number>(refs.ids.length ? (this.byIdStatement.all(JSON.stringify(refs.ids)) as number[]) : []);
    return { byEmail, byExternalId, byId };
  }

  async createLead(lead: LeadFromActivity, plan: CreationPlan): Promise<number> {
    const { scores } = lead;
    const id = Number(
      this.createLeadStatement.run(
        lead.email, lead.externalId, plan.stage, plan.reachedRank, plan.followUpOn, this.importId, scores.fit, scores.engagement, scores.total, scores.at, plan.at, plan.at, plan.at,
      ).lastInsertRowid,
    );
    this.historyStatement.run(id, null, plan.stage, plan.at, plan.by, plan.reason, plan.cause);
    for (const { stage, day, delta } of plan.stageDays) this.stageDaysStatement.run(stage, day, delta);
    return id;
  }

  async insertOrSkip(rows: readonly ActivityToCreate[]): Promise<number[]> {
    const skipped: number[] = [];
    for (const row of rows) {
      const { changes } = this.insertStatement.run(row.leadId, row.type, row.occurredAt, row.source, row.propertiesJson, this.importId, row.eventKey, this.at);
      if (changes === 0) skipped.push(row.line);
    }
    return skipped;
  }

  async move(plan: StageChangePlan): Promise<void> {
    // The import holds the write lock: the lead is where scoring read it, unless a bug says otherwise.
    const { changes } = this.moveStatement.run(plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.at, plan.leadId, plan.from, plan.fromSince);
    if (changes === 0) throw new Error(`lead ${plan.leadId} is not where scoring read it`);
    this.historyStatement.run(plan.leadId, plan.from, plan.to, plan.at, plan.by, plan.reason, plan.cause);
    for (const { stage, day, delta } of plan.stageDays) this.stageDaysStatement.run(stage, day, delta);
  }

  async finish(counts: ImportCounts, at: string): Promise<void> {
    this.db
      .prepare('UPDATE imports SET finished_at = ?, rows = ?, created = ?, updated = ?, skipped = ?, rejected = ? WHERE id = ?')
      .run(at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId);
  }
}
