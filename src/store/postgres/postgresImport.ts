// An import in PostgreSQL, by COPY: a batch of new leads goes straight into leads, and their creation history
// straight into stage_history.
//
// Numbers: a sequence is not transactional, so an import numbered from sequences would use up numbers even
// when it writes nothing (a dry run, a refused or cancelled import, skipped duplicates), and the same commands
// would number imports and leads differently on PostgreSQL and on SQLite. So an import takes the tables it
// numbers for itself (other writers wait, as they do on SQLite's single file), numbers its rows after the
// largest ids, and moves the sequences past them only when it commits.

import { LEAD_FIELDS } from '../../domain/lead.js';
import type { StageChangePlan } from '../../domain/planStageChange.js';
import { funnelRank } from '../../domain/stages.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate, SkippedRow } from '../store.js';
import { copyRows } from './postgresCopy.js';
import type { PgConnection } from './PostgresStore.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const EMAIL = LEAD_FIELDS.findIndex((field) => field.name === 'email');
const EXTERNAL_ID = LEAD_FIELDS.findIndex((field) => field.name === 'external_id');
const LEAD_COLUMNS = [
  'id', ...FIELD_COLUMNS, 'name_key', 'stage', 'reached_rank', 'follow_up_on', 'fit_score', 'engagement_score', 'score', 'scored_at', 'custom', 'created_at', 'import_id',
  'updated_at', 'stage_changed_at',
];
const HISTORY_COLUMNS = ['id', 'lead_id', 'from_stage', 'to_stage', 'at', 'by', 'reason', 'cause'];
const EXISTING = 'SELECT id, stage, email, external_id AS "externalId", stage_changed_at AS "stageChangedAt" FROM leads';
/** The tables an import numbers rows of itself. */
const NUMBERED = ['imports', 'leads', 'stage_history'] as const;

export class PostgresImports implements ImportWrites {
  constructor(private readonly pg: PgConnection) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown>; dryRun?: boolean }): Promise<LeadImportWriter> {
    await this.pg.run(`LOCK TABLE ${NUMBERED.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    const [next] = await this.pg.query<{ importId: number; leadId: number; historyId: number }>(
      `SELECT (SELECT coalesce(max(id), 0) + 1 FROM imports) AS "importId", (SELECT coalesce(max(id), 0) + 1 FROM leads) AS "leadId",
              (SELECT coalesce(max(id), 0) + 1 FROM stage_history) AS "historyId"`,
    );
    await this.pg.run('INSERT INTO imports (id, source, started_at, by, options) VALUES ($1, $2, $3, $4, $5)', [
      next!.importId, record.source, record.at, record.by, JSON.stringify(record.options),
    ]);
    return new PostgresLeadImport(this.pg, next!.importId, next!.leadId, next!.historyId, record, Boolean(record.dryRun));
  }
}

class PostgresLeadImport implements LeadImportWriter {
  /** Leads created per stage and day they entered it, added to stage_days once at the end. */
  private readonly createdByStageDay = new Map<string, number>();
  /** Leads created one by one (--on-duplicate update): their history row is written at the end, at their final stage. */
  private readonly createdOneByOne = new Set<number>();
  /** Once a batch has met a duplicate, the file has some: every later batch looks before it writes. */
  private careful = false;
  private creationsWritten = false;
  private readonly at: string;
  private readonly by: string;

  constructor(
    private readonly pg: PgConnection,
    readonly importId: number,
    private nextLeadId: number,
    private nextHistoryId: number,
    record: { at: string; by: string },
    private readonly dryRun: boolean,
  ) {
    this.at = record.at;
    this.by = record.by;
  }

  /**
   * The fast way: the batch COPied straight into leads inside a savepoint. A duplicate (a re-import, the same
   * email twice in the file) undoes the savepoint, and the batch goes the careful way: the leads holding its
   * emails and external ids are looked up, and only the rows that take none are written.
   */
  async createOrSkip(rows: readonly LeadToCreate[]): Promise<SkippedRow[]> {
    if (rows.length === 0) return [];
    if (!this.careful) {
      await this.pg.run('SAVEPOINT import_batch');
      try {
        await this.insertLeads(rows, this.nextLeadId);
        await this.pg.run('RELEASE SAVEPOINT import_batch');
        await this.created(rows, this.nextLeadId);
        return [];
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await this.pg.run('ROLLBACK TO SAVEPOINT import_batch');
        this.careful = true;
      }
    }
    const { survivors, skipped } = await this.sortOutDuplicates(rows);
    await this.insertLeads(survivors, this.nextLeadId);
    await this.created(survivors, this.nextLeadId);
    return skipped;
  }

  /**
   * Which rows duplicate a lead (by email, else external id, else, for a lead known only by its name, its
   * name key) or an earlier row of the batch that is created; the others are written, numbered in the order
   * of the file.
   */
  private async sortOutDuplicates(rows: readonly LeadToCreate[]): Promise<{ survivors: LeadToCreate[]; skipped: SkippedRow[] }> {
    const emails = rows.map((row) => row.values[EMAIL] as string | null).filter((email): email is string => email !== null);
    const externalIds = rows.map((row) => row.values[EXTERNAL_ID] as string | null).filter((id): id is string => id !== null);
    const nameKeys = rows.map((row) => row.nameKey).filter((key): key is string => key !== null);
    const holders = await this.pg.query<{ id: number; email: string | null; external_id: string | null; name_key: string | null }>(
      'SELECT id, email, external_id, name_key FROM leads WHERE email = ANY($1::text[]) OR external_id = ANY($2::text[]) OR name_key = ANY($3::text[])',
      [emails, externalIds, nameKeys],
    );
    type Holder = NonNullable<SkippedRow['duplicateOf']>;
    const byEmail = new Map<string, Holder>();
    const byExternalId = new Map<string, Holder>();
    const byNameKey = new Map<string, Holder>();
    const hold = (holder: Holder, nameKey: string | null) => {
      if (holder.email !== null) byEmail.set(holder.email, holder);
      if (holder.externalId !== null) byExternalId.set(holder.externalId, holder);
      if (nameKey !== null) byNameKey.set(nameKey, holder);
    };
    for (const holder of holders) hold({ id: holder.id, email: holder.email, externalId: holder.external_id }, holder.name_key);
    const survivors: LeadToCreate[] = [];
    const skipped: SkippedRow[] = [];
    for (const row of rows) {
      const email = row.values[EMAIL] as string | null;
      const externalId = row.values[EXTERNAL_ID] as string | null;
      const holder =
        (email !== null ? byEmail.get(email) : undefined) ??
        (externalId !== null ? byExternalId.get(externalId) : undefined) ??
        (row.nameKey !== null ? byNameKey.get(row.nameKey) : undefined);
      if (holder !== undefined) {
        skipped.push({ line: row.line, duplicateOf: holder });
        continue;
      }
      hold({ id: this.nextLeadId + survivors.length, email, externalId }, row.nameKey);
      survivors.push(row);
    }
    return { survivors, skipped };
  }

  private async insertLeads(rows: readonly LeadToCreate[], firstId: number): Promise<void> {
    await copyRows(
      this.pg,
      'leads',
      LEAD_COLUMNS,
      rows.map((row, index) => [
        firstId + index, ...row.values, row.nameKey, row.stage, funnelRank(row.stage), row.followUpOn, row.scores?.fit ?? null, row.scores?.engagement ?? null,
        row.scores?.total ?? null, row.scores?.at ?? null, row.customJson, row.createdAt, this.importId, this.at, row.createdAt,
      ]),
    );
  }

  /** Rows written as leads from `firstId` on: their creation history, and their count per stage and day. */
  private async created(rows: readonly LeadToCreate[], firstId: number): Promise<void> {
    this.nextLeadId += rows.length;
    await copyRows(
      this.pg,
      'stage_history',
      HISTORY_COLUMNS,
      rows.map((row, index) => [this.nextHistoryId++, firstId + index, null, row.stage, this.at, this.by, null, 'import']),
    );
    for (const row of rows) this.countCreation(row.stage, row.createdAt);
  }

  async create(row: LeadToCreate): Promise<number> {
    const id = this.nextLeadId++;
    await this.insertLeads([row], id);
    this.countCreation(row.stage, row.createdAt);
    this.createdOneByOne.add(id);
    return id;
  }

  async findByEmail(email: string): Promise<ExistingLead | undefined> {
    return (await this.pg.query<ExistingLead>(`${EXISTING} WHERE email = $1`, [email]))[0];
  }

  async findByExternalId(externalId: string): Promise<ExistingLead | undefined> {
    return (await this.pg.query<ExistingLead>(`${EXISTING} WHERE external_id = $1`, [externalId]))[0];
  }

  async findByNameKey(nameKey: string): Promise<ExistingLead | undefined> {
    return (await this.pg.query<ExistingLead>(`${EXISTING} WHERE name_key = $1`, [nameKey]))[0];
  }

  async update(id: number, row: LeadToCreate, at: string): Promise<void> {
    // Custom fields are merged here rather than in SQL: PostgreSQL's JSON merge does not keep their order.
    const [current] = await this.pg.query<{ custom: string }>('SELECT custom FROM leads WHERE id = $1', [id]);
    const custom = JSON.stringify({ ...(JSON.parse(current!.custom) as object), ...(JSON.parse(row.customJson) as object) });
    const values: unknown[] = [...row.values, row.followUpOn, custom, at, id];
    const sets = FIELD_COLUMNS.map((column, index) => `${column} = coalesce($${index + 1}, ${column})`);
    const n = FIELD_COLUMNS.length;
    await this.pg.run(
      `UPDATE leads SET ${sets.join(', ')}, follow_up_on = coalesce($${n + 1}, follow_up_on), custom = $${n + 2}, updated_at = $${n + 3} WHERE id = $${n + 4}`,
      values,
    );
  }

  async move(plan: StageChangePlan): Promise<void> {
    await this.pg.run(
      'UPDATE leads SET stage = $1, reached_rank = greatest(reached_rank, $2), follow_up_on = $3, stage_changed_at = $4, updated_at = $4, reengaged_at = NULL WHERE id = $5',
      [plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.leadId],
    );
    // A lead created one by one by this same import gets its one history row in `finishCreations`, at the stage it is at then.
    if (!this.creationPending(plan.leadId)) {
      await copyRows(this.pg, 'stage_history', HISTORY_COLUMNS, [[this.nextHistoryId++, plan.leadId, plan.from, plan.to, plan.at, plan.by, plan.reason, plan.cause]]);
    }
    for (const { stage, day, delta } of plan.stageDays) await this.addStageDays(stage, day, delta);
  }

  creationPending(id: number): boolean {
    return !this.creationsWritten && this.createdOneByOne.has(id);
  }

  async finishCreations(): Promise<void> {
    if (this.creationsWritten) return;
    this.creationsWritten = true;
    if (this.createdOneByOne.size) {
      const rows = await this.pg.query<{ id: number; stage: string }>('SELECT id, stage FROM leads WHERE id = ANY($1::integer[]) ORDER BY id', [[...this.createdOneByOne]]);
      await copyRows(this.pg, 'stage_history', HISTORY_COLUMNS, rows.map((row) => [this.nextHistoryId++, row.id, null, row.stage, this.at, this.by, null, 'import']));
    }
    for (const [key, count] of this.createdByStageDay) {
      const [stage, day] = key.split(' ') as [string, string];
      await this.addStageDays(stage, day, count);
    }
  }

  async finish(counts: ImportCounts, at: string): Promise<void> {
    await this.finishCreations();
    await this.pg.run('UPDATE imports SET finished_at = $1, rows = $2, created = $3, updated = $4, skipped = $5, rejected = $6 WHERE id = $7', [
      at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId,
    ]);
    // The next rows anyone writes come after this import's. Not after a dry run: it is rolled back, but a
    // sequence is not. Safe while the import holds its tables: nobody else can be numbering rows of them.
    if (this.dryRun) return;
    for (const table of NUMBERED) {
      await this.pg.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
    }
  }

  private countCreation(stage: string, createdAt: string): void {
    const key = `${stage} ${createdAt.slice(0, 10)}`;
    this.createdByStageDay.set(key, (this.createdByStageDay.get(key) ?? 0) + 1);
  }

  private async addStageDays(stage: string, day: string, delta: number): Promise<void> {
    await this.pg.run('INSERT INTO stage_days (stage, day, count) VALUES ($1, $2, $3) ON CONFLICT (stage, day) DO UPDATE SET count = stage_days.count + excluded.count', [
      stage, day, delta,
    ]);
  }
}
