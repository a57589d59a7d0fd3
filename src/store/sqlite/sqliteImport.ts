// The SQL of an import in SQLite: statements prepared once and run for every row. Speed matters here
// (PRODUCT.md compares it with the sqlite3 shell), hence INSERT OR IGNORE instead of a look-up per row, and
// the creation history written in one statement at the end.

import { LEAD_FIELDS } from '../../domain/lead.js';
import type { StageChangePlan } from '../../domain/planStageChange.js';
import { funnelRank } from '../../domain/stages.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate, SkippedRow } from '../store.js';
import type { Db } from './openSqliteDatabase.js';
import { leaveWriterNote, removeWriterNote } from './writerNote.js';

const COLUMNS = LEAD_FIELDS.map((field) => field.name);

export class SqliteImports implements ImportWrites {
  /** Values: better-sqlite3 binds them to a prepared statement, nothing to gain from text. */
  readonly newLeadsAs = 'values';

  constructor(
    private readonly db: Db,
    /** Runs once the transaction has ended, committed or not. */
    private readonly atTransactionEnd: (work: () => void) => void,
  ) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown> }): Promise<LeadImportWriter> {
    // An import holds the write lock for its whole file: a note beside the database says who holds it, so
    // that another bant kept waiting can say what it waits for.
    leaveWriterNote(this.db.name, { what: 'import', by: record.by, since: record.at });
    this.atTransactionEnd(() => removeWriterNote(this.db.name));
    // A bigger page cache keeps the unique indexes in memory during a large import.
    this.db.pragma('cache_size = -32768');
    const importId = Number(
      this.db.prepare('INSERT INTO imports (source, started_at, by, options) VALUES (?, ?, ?, ?)').run(record.source, record.at, record.by, JSON.stringify(record.options))
        .lastInsertRowid,
    );
    return new SqliteLeadImport(this.db, importId, record.at, record.by);
  }
}

class SqliteLeadImport implements LeadImportWriter {
  private readonly insertStatement;
  private readonly insertOrIgnoreStatement;
  private readonly byEmailStatement;
  private readonly byExternalIdStatement;
  private readonly byNameKeyStatement;
  private readonly updateStatement;
  private readonly moveStatement;
  private readonly historyStatement;
  private readonly stageDaysStatement;
  /** Leads created from now on have a greater id: SQLite gives a new row the largest id plus one. */
  private readonly lastIdBefore: number;
  /** Leads created per stage and day they entered it, added to stage_days once at the end. */
  private readonly createdByStageDay = new Map<string, number>();
  private creationsWritten = false;

  constructor(
    private readonly db: Db,
    readonly importId: number,
    private readonly at: string,
    private readonly by: string,
  ) {
    const insert = `INTO leads (${COLUMNS.join(', ')}, name_key, stage, reached_rank, follow_up_on, fit_score, engagement_score, score, scored_at, custom, import_id,
         created_at, updated_at, stage_changed_at)
       VALUES (${COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.insertStatement = db.prepare(`INSERT ${insert}`);
    // A lead whose email, external id or (known only by its name) name key is already taken is left
    // alone: that is --on-duplicate skip.
    this.insertOrIgnoreStatement = db.prepare(`INSERT OR IGNORE ${insert}`);
    const existing = 'SELECT id, stage, email, external_id AS externalId, stage_changed_at AS stageChangedAt FROM leads';
    this.byEmailStatement = db.prepare(`${existing} WHERE email = ?`);
    this.byExternalIdStatement = db.prepare(`${existing} WHERE external_id = ?`);
    this.byNameKeyStatement = db.prepare(`${existing} WHERE name_key = ?`);
    // Fills and overwrites with the values the row has; a missing value (NULL) never blanks a field.
    this.updateStatement = db.prepare(
      `UPDATE leads SET ${COLUMNS.map((column) => `${column} = coalesce(?, ${column})`).join(', ')},
         follow_up_on = coalesce(?, follow_up_on), custom = json_patch(custom, ?), updated_at = ?
       WHERE id = ?`,
    );
    this.moveStatement = db.prepare(
      'UPDATE leads SET stage = ?, reached_rank = max(reached_rank, ?), follow_up_on = ?, stage_changed_at = ?, updated_at = ?, reengaged_at = NULL WHERE id = ?',
    );
    this.historyStatement = db.prepare('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.stageDaysStatement = db.prepare('INSERT INTO stage_days (stage, day, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count');
    this.lastIdBefore = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM leads').get() as { id: number }).id;
  }

  async createOrSkip(rows: readonly LeadToCreate[], options: { describeDuplicates: boolean }): Promise<SkippedRow[]> {
    const skipped: SkippedRow[] = [];
    for (const row of rows) {
      if (this.insert(row, true)) continue;
      skipped.push(options.describeDuplicates ? { line: row.line, duplicateOf: this.duplicateOf(row) } : { line: row.line });
    }
    return skipped;
  }

  async create(row: LeadToCreate): Promise<number> {
    this.insert(row, false);
    return (this.db.prepare('SELECT last_insert_rowid() AS id').get() as { id: number }).id;
  }

  async findByEmail(email: string): Promise<ExistingLead | undefined> {
    return this.byEmailStatement.get(email) as ExistingLead | undefined;
  }

  async findByExternalId(externalId: string): Promise<ExistingLead | undefined> {
    return this.byExternalIdStatement.get(externalId) as ExistingLead | undefined;
  }

  async findByNameKey(nameKey: string): Promise<ExistingLead | undefined> {
    return this.byNameKeyStatement.get(nameKey) as ExistingLead | undefined;
  }

  async update(id: number, row: LeadToCreate, at: string): Promise<void> {
    this.updateStatement.run(...row.values, row.followUpOn, row.customJson, at, id);
  }

  async move(plan: StageChangePlan): Promise<void> {
    this.moveStatement.run(plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.at, plan.leadId);
    if (!this.creationPending(plan.leadId)) this.historyStatement.run(plan.leadId, plan.from, plan.to, plan.at, plan.by, plan.reason, plan.cause);
    for (const { stage, day, delta } of plan.stageDays) this.stageDaysStatement.run(stage, day, delta);
  }

  creationPending(id: number): boolean {
    return !this.creationsWritten && id > this.lastIdBefore;
  }

  async finishCreations(): Promise<void> {
    if (this.creationsWritten) return;
    this.creationsWritten = true;
    for (const [key, count] of this.createdByStageDay) {
      const [stage, day] = key.split(' ') as [string, string];
      this.stageDaysStatement.run(stage, day, count);
    }
    this.db
      .prepare(
        `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause)
         SELECT id, NULL, stage, ?, ?, NULL, 'import' FROM leads WHERE id > ? AND import_id = ? ORDER BY id`,
      )
      .run(this.at, this.by, this.lastIdBefore, this.importId);
  }

  async finish(counts: ImportCounts, at: string): Promise<void> {
    await this.finishCreations();
    this.db
      .prepare('UPDATE imports SET finished_at = ?, rows = ?, created = ?, updated = ?, skipped = ?, rejected = ? WHERE id = ?')
      .run(at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId);
  }

  /** Inserts a lead; with `ignoreDuplicate`, says false instead when its email or external id is taken. */
  private insert(row: LeadToCreate, ignoreDuplicate: boolean): boolean {
    const statement = ignoreDuplicate ? this.insertOrIgnoreStatement : this.insertStatement;
    // A lead the file dates itself (a creation date column) has been at its stage since then, as far as anyone knows.
    const scores = row.scores;
    const result = statement.run(
      ...row.values, row.nameKey, row.stage, funnelRank(row.stage), row.followUpOn, scores?.fit ?? null, scores?.engagement ?? null, scores?.total ?? null, scores?.at ?? null,
      row.customJson, this.importId, row.createdAt, this.at, row.createdAt,
    );
    if (!result.changes) return false;
    const key = `${row.stage} ${row.createdAt.slice(0, 10)}`;
    this.createdByStageDay.set(key, (this.createdByStageDay.get(key) ?? 0) + 1);
    return true;
  }

  /** Only for the rows that were skipped: the lead whose email, else external id, the row repeats. */
  private duplicateOf(row: LeadToCreate): SkippedRow['duplicateOf'] {
    const email = row.values[EMAIL] as string | null;
    const externalId = row.values[EXTERNAL_ID] as string | null;
    const match = ((email ? this.byEmailStatement.get(email) : undefined) ??
      (externalId ? this.byExternalIdStatement.get(externalId) : undefined) ??
      (row.nameKey ? this.byNameKeyStatement.get(row.nameKey) : undefined)) as ExistingLead | undefined;
    return match && { id: match.id, email: match.email, externalId: match.externalId };
  }
}

const EMAIL = LEAD_FIELDS.findIndex((field) => field.name === 'email');
const EXTERNAL_ID = LEAD_FIELDS.findIndex((field) => field.name === 'external_id');
