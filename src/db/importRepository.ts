// The SQL of `bant import`: statements prepared once and run for every row, inside one transaction that
// the import opens and closes itself (its loop awaits the file, which a better-sqlite3 transaction
// function cannot do). Speed matters here (PRODUCT.md compares it with the sqlite3 shell), hence
// INSERT OR IGNORE instead of a look-up per row, and the creation history written in one statement.

import { LEAD_FIELDS } from '../domain/lead.js';
import { funnelRank, type Stage } from '../domain/stages.js';
import type { Db } from './openDatabase.js';
import { stageDaysAdjuster } from './stageDays.js';
import { leaveWriterNote, removeWriterNote } from './writerNote.js';

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

export interface ExistingLead {
  id: number;
  stage: Stage;
  email: string | null;
  externalId: string | null;
  stageChangedAt: string;
}

/** A lead as the import hands it over: field values in LEAD_FIELDS order, custom fields already as JSON. */
export interface LeadToCreate {
  values: (string | number | null)[];
  /** Set for a lead known only by its name: its folded person name and company. */
  nameKey: string | null;
  stage: Stage;
  followUpOn: string | null;
  score: number | null;
  customJson: string;
  createdAt: string;
}

const COLUMNS = LEAD_FIELDS.map((field) => field.name);

export class ImportRepository {
  private readonly insertLeadStatement;
  private readonly insertOrIgnoreLeadStatement;
  private readonly insertHistoryStatement;
  private readonly byEmailStatement;
  private readonly byExternalIdStatement;
  private readonly byNameKeyStatement;
  private readonly updateStatement;
  private readonly moveStatement;
  private readonly adjustStageDays;
  /** New leads per stage, added to stage_days once at the end (they all entered their stage at the import's time). */
  private readonly createdByStage = new Map<string, number>();

  constructor(private readonly db: Db) {
    const insert = `INTO leads (${COLUMNS.join(', ')}, name_key, stage, reached_rank, follow_up_on, score, custom, import_id, created_at, updated_at, stage_changed_at)
       VALUES (${COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.insertLeadStatement = db.prepare(`INSERT ${insert}`);
    // A lead whose email, external id or (known only by its name) name key is already taken is left
    // alone: that is --on-duplicate skip.
    this.insertOrIgnoreLeadStatement = db.prepare(`INSERT OR IGNORE ${insert}`);
    this.insertHistoryStatement = db.prepare(
      `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES (?, ?, ?, ?, ?, NULL, 'import')`,
    );
    this.byEmailStatement = db.prepare('SELECT id, stage, email, external_id AS externalId, stage_changed_at AS stageChangedAt FROM leads WHERE email = ?');
    this.byExternalIdStatement = db.prepare(
      'SELECT id, stage, email, external_id AS externalId, stage_changed_at AS stageChangedAt FROM leads WHERE external_id = ?',
    );
    this.byNameKeyStatement = db.prepare('SELECT id, stage, email, external_id AS externalId, stage_changed_at AS stageChangedAt FROM leads WHERE name_key = ?');
    this.adjustStageDays = stageDaysAdjuster(db);
    // Fills and overwrites with the values the row has; a missing value (NULL) never blanks a field.
    this.updateStatement = db.prepare(
      `UPDATE leads SET ${COLUMNS.map((column) => `${column} = coalesce(?, ${column})`).join(', ')},
         follow_up_on = coalesce(?, follow_up_on), score = coalesce(?, score), custom = json_patch(custom, ?), updated_at = ?
       WHERE id = ?`,
    );
    // Only a nurturing lead keeps a follow-up date (the row's, or the default set just before).
    this.moveStatement = db.prepare(
      `UPDATE leads SET stage = @to, reached_rank = max(reached_rank, @rank), follow_up_on = CASE WHEN @to = 'nurturing' THEN follow_up_on END,
         stage_changed_at = @at, updated_at = @at
       WHERE id = @id`,
    );
  }

  /** Takes the write lock for the whole import, and says so beside the database for whoever waits on it. */
  begin(who: { by: string; at: string }): void {
    // The import writes each lead before its history and under a recorded import, so the foreign keys
    // hold by construction; checking them costs a look-up per row (about 0.5 s per million). The pragma
    // only changes outside a transaction, hence here, and back in commit/rollback.
    this.db.pragma('foreign_keys = OFF');
    this.db.exec('BEGIN IMMEDIATE');
    leaveWriterNote(this.db.name, { what: 'import', by: who.by, since: who.at });
    // A bigger page cache keeps the unique indexes in memory during a large import.
    this.db.pragma('cache_size = -32768');
  }

  commit(): void {
    this.db.exec('COMMIT');
    this.db.pragma('foreign_keys = ON');
    removeWriterNote(this.db.name);
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.pragma('foreign_keys = ON');
    removeWriterNote(this.db.name);
  }

  /** Leads created from now on have a greater id: SQLite gives a new row the largest id plus one. */
  lastLeadId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM leads').get() as { id: number }).id;
  }

  recordImport(source: string, at: string, by: string, options: Record<string, unknown>): number {
    return Number(
      this.db.prepare('INSERT INTO imports (source, started_at, by, options) VALUES (?, ?, ?, ?)').run(source, at, by, JSON.stringify(options)).lastInsertRowid,
    );
  }

  finishImport(id: number, counts: ImportCounts, at: string): void {
    this.db
      .prepare('UPDATE imports SET finished_at = ?, rows = ?, created = ?, updated = ?, skipped = ?, rejected = ? WHERE id = ?')
      .run(at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, id);
  }

  findByEmail(email: string): ExistingLead | undefined {
    return this.byEmailStatement.get(email) as ExistingLead | undefined;
  }

  findByExternalId(externalId: string): ExistingLead | undefined {
    return this.byExternalIdStatement.get(externalId) as ExistingLead | undefined;
  }

  findByNameKey(key: string): ExistingLead | undefined {
    return this.byNameKeyStatement.get(key) as ExistingLead | undefined;
  }

  /**
   * Inserts a lead; with `ignoreDuplicate`, returns undefined instead when its email or external id is
   * already taken. Its history row is written by `recordCreations`, once for the whole import.
   */
  createLead(lead: LeadToCreate, importId: number, at: string, ignoreDuplicate: boolean): number | undefined {
    const statement = ignoreDuplicate ? this.insertOrIgnoreLeadStatement : this.insertLeadStatement;
    const result = statement.run(...lead.values, lead.nameKey, lead.stage, funnelRank(lead.stage), lead.followUpOn, lead.score, lead.customJson, importId, lead.createdAt, at, at);
    if (!result.changes) return undefined;
    this.createdByStage.set(lead.stage, (this.createdByStage.get(lead.stage) ?? 0) + 1);
    return Number(result.lastInsertRowid);
  }

  /** One history row per lead this import created, at the stage it ended the import at; and their stage days. */
  recordCreations(importId: number, afterId: number, at: string, by: string): void {
    for (const [stage, count] of this.createdByStage) this.adjustStageDays(stage, at, count);
    this.createdByStage.clear();
    this.db
      .prepare(
        `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause)
         SELECT id, NULL, stage, ?, ?, NULL, 'import' FROM leads WHERE id > ? AND import_id = ? ORDER BY id`,
      )
      .run(at, by, afterId, importId);
  }

  /** `values` in LEAD_FIELDS order; a null keeps the lead's value. Custom fields are merged (RFC 7396). */
  updateLead(id: number, values: (string | number | null)[], customJson: string, extra: { followUpOn: string | null; score: number | null }, at: string): void {
    this.updateStatement.run(...values, extra.followUpOn, extra.score, customJson, at, id);
  }

  /** A lead created by this same import gets no history row here: `recordCreations` will show its final stage. */
  moveLead(lead: ExistingLead, to: Stage, at: string, by: string, withHistory: boolean): void {
    this.moveStatement.run({ to, rank: funnelRank(to), at, id: lead.id });
    if (withHistory) this.insertHistoryStatement.run(lead.id, lead.stage, to, at, by);
    this.adjustStageDays(lead.stage, lead.stageChangedAt, -1);
    this.adjustStageDays(to, at, 1);
  }
}
