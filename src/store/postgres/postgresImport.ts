// An import in PostgreSQL: each batch of rows goes by COPY into a temporary table, then into leads in one
// INSERT … SELECT that skips what is taken (ON CONFLICT DO NOTHING). Each staged row gets its lead id from
// the leads' own sequence before it is inserted, so that the rows skipped are known by id, and their lines
// can be told to the user.

import { LEAD_FIELDS } from '../../domain/lead.js';
import type { StageChangePlan } from '../../domain/planStageChange.js';
import { funnelRank } from '../../domain/stages.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate } from '../store.js';
import { copyRows } from './postgresCopy.js';
import { Params } from './postgresLeads.js';
import type { PgConnection } from './PostgresStore.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const STAGED_COLUMNS = ['line', ...FIELD_COLUMNS, 'stage', 'reached_rank', 'follow_up_on', 'score', 'custom', 'created_at'];
const EXISTING = 'SELECT id, stage, email, external_id AS "externalId", stage_changed_at AS "stageChangedAt" FROM leads';

export class PostgresImports implements ImportWrites {
  constructor(private readonly pg: PgConnection) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown> }): Promise<LeadImportWriter> {
    const [row] = await this.pg.query<{ id: number }>('INSERT INTO imports (source, started_at, by, options) VALUES ($1, $2, $3, $4) RETURNING id', [
      record.source, record.at, record.by, JSON.stringify(record.options),
    ]);
    const [{ sequence }] = (await this.pg.query<{ sequence: string }>("SELECT pg_get_serial_sequence('leads', 'id') AS sequence")) as [{ sequence: string }];
    // Temporary (no WAL, gone at the end of the transaction); each staged row draws its lead id as it arrives.
    await this.pg.run(
      `CREATE TEMPORARY TABLE import_rows (id integer NOT NULL DEFAULT nextval('${sequence}'), line integer NOT NULL,
         ${FIELD_COLUMNS.map((column) => `${column} ${column === 'employees' ? 'bigint' : column === 'annual_revenue' ? 'double precision' : 'text COLLATE "C"'}`).join(', ')},
         stage text NOT NULL, reached_rank integer NOT NULL, follow_up_on text, score double precision, custom text NOT NULL, created_at text NOT NULL)
       ON COMMIT DROP`,
    );
    return new PostgresLeadImport(this.pg, row!.id, record.at, record.by);
  }
}

class PostgresLeadImport implements LeadImportWriter {
  /** New leads per stage, added to stage_days once at the end (they all entered their stage at the import's time). */
  private readonly createdByStage = new Map<string, number>();
  /** The smallest id this import gave a lead: where its creation history starts looking. */
  private firstId: number | undefined;

  constructor(
    private readonly pg: PgConnection,
    readonly importId: number,
    private readonly at: string,
    private readonly by: string,
  ) {}

  async createOrSkip(rows: readonly LeadToCreate[]): Promise<{ line: number; duplicateOf: number }[]> {
    if (rows.length === 0) return [];
    await copyRows(this.pg, 'import_rows', STAGED_COLUMNS, rows.map(stagedRow));
    // In line order, so that of two rows with the same email the first one is created.
    const inserted = await this.pg.query<{ id: number }>(
      `INSERT INTO leads (id, ${FIELD_COLUMNS.join(', ')}, stage, reached_rank, follow_up_on, score, custom, created_at, import_id, updated_at, stage_changed_at)
       SELECT id, ${FIELD_COLUMNS.join(', ')}, stage, reached_rank, follow_up_on, score, custom, created_at, $1, $2, $2 FROM import_rows ORDER BY line
       ON CONFLICT DO NOTHING RETURNING id`,
      [this.importId, this.at],
    );
    let skipped: { line: number; duplicateOf: number }[] = [];
    if (inserted.length < rows.length) {
      skipped = await this.pg.query<{ line: number; duplicateOf: number }>(
        `SELECT r.line, coalesce(byEmail.id, byExternalId.id, 0) AS "duplicateOf" FROM import_rows r
         LEFT JOIN leads byEmail ON byEmail.email = r.email LEFT JOIN leads byExternalId ON byExternalId.external_id = r.external_id
         WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = r.id) ORDER BY r.line`,
      );
    }
    const skippedLines = new Set(skipped.map((row) => row.line));
    for (const row of rows) if (!skippedLines.has(row.line)) this.countCreation(row.stage);
    for (const { id } of inserted) this.noteCreated(id);
    await this.pg.run('TRUNCATE import_rows');
    return skipped;
  }

  async create(row: LeadToCreate): Promise<number> {
    const params = new Params();
    const [created] = await this.pg.query<{ id: number }>(
      `INSERT INTO leads (${FIELD_COLUMNS.join(', ')}, stage, reached_rank, follow_up_on, score, custom, created_at, import_id, updated_at, stage_changed_at)
       VALUES (${row.values.map((value) => params.add(value)).join(', ')}, ${params.add(row.stage)}, ${params.add(funnelRank(row.stage))}, ${params.add(row.followUpOn)},
               ${params.add(row.score)}, ${params.add(row.customJson)}, ${params.add(row.createdAt)}, ${params.add(this.importId)}, ${params.add(this.at)}, ${params.add(this.at)})
       RETURNING id`,
      params.values,
    );
    this.countCreation(row.stage);
    this.noteCreated(created!.id);
    return created!.id;
  }

  async findByEmail(email: string): Promise<ExistingLead | undefined> {
    return (await this.pg.query<ExistingLead>(`${EXISTING} WHERE email = $1`, [email]))[0];
  }

  async findByExternalId(externalId: string): Promise<ExistingLead | undefined> {
    return (await this.pg.query<ExistingLead>(`${EXISTING} WHERE external_id = $1`, [externalId]))[0];
  }

  async update(id: number, row: LeadToCreate, at: string): Promise<void> {
    // Custom fields are merged here rather than in SQL: PostgreSQL's JSON merge does not keep their order.
    const [current] = await this.pg.query<{ custom: string }>('SELECT custom FROM leads WHERE id = $1 FOR UPDATE', [id]);
    const custom = JSON.stringify({ ...(JSON.parse(current!.custom) as object), ...(JSON.parse(row.customJson) as object) });
    const params = new Params();
    const sets = FIELD_COLUMNS.map((column, index) => `${column} = coalesce(${params.add(row.values[index])}, ${column})`);
    await this.pg.run(
      `UPDATE leads SET ${sets.join(', ')}, follow_up_on = coalesce(${params.add(row.followUpOn)}, follow_up_on), score = coalesce(${params.add(row.score)}::float8, score),
         custom = ${params.add(custom)}, updated_at = ${params.add(at)} WHERE id = ${params.add(id)}`,
      params.values,
    );
  }

  async move(plan: StageChangePlan): Promise<void> {
    const [moved] = await this.pg.query<{ import_id: number | null }>(
      'UPDATE leads SET stage = $1, reached_rank = greatest(reached_rank, $2), follow_up_on = $3, stage_changed_at = $4, updated_at = $4 WHERE id = $5 RETURNING import_id',
      [plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.leadId],
    );
    // A lead created by this same import gets its one history row in `finish`, at the stage it ends at.
    if (moved!.import_id !== this.importId) {
      await this.pg.run('INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        plan.leadId, plan.from, plan.to, plan.at, plan.by, plan.reason, plan.cause,
      ]);
    }
    for (const { stage, day, delta } of plan.stageDays) await this.addStageDays(stage, day, delta);
  }

  async finish(counts: ImportCounts, at: string): Promise<void> {
    for (const [stage, count] of this.createdByStage) await this.addStageDays(stage, this.at.slice(0, 10), count);
    if (this.firstId !== undefined) {
      await this.pg.run(
        `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause)
         SELECT id, NULL, stage, $1, $2, NULL, 'import' FROM leads WHERE import_id = $3 AND id >= $4 ORDER BY id`,
        [this.at, this.by, this.importId, this.firstId],
      );
    }
    await this.pg.run('UPDATE imports SET finished_at = $1, rows = $2, created = $3, updated = $4, skipped = $5, rejected = $6 WHERE id = $7', [
      at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId,
    ]);
  }

  private countCreation(stage: string): void {
    this.createdByStage.set(stage, (this.createdByStage.get(stage) ?? 0) + 1);
  }

  private noteCreated(id: number): void {
    if (this.firstId === undefined || id < this.firstId) this.firstId = id;
  }

  private async addStageDays(stage: string, day: string, delta: number): Promise<void> {
    await this.pg.run('INSERT INTO stage_days (stage, day, count) VALUES ($1, $2, $3) ON CONFLICT (stage, day) DO UPDATE SET count = stage_days.count + excluded.count', [
      stage, day, delta,
    ]);
  }
}

function stagedRow(row: LeadToCreate): (string | number | null)[] {
  return [row.line, ...row.values, row.stage, funnelRank(row.stage), row.followUpOn, row.score, row.customJson, row.createdAt];
}
