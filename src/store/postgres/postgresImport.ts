// An import in PostgreSQL, by COPY: a batch of new leads goes straight into leads, and their creation
// history straight into stage_history. Only a batch with a duplicate takes the slower, careful way.

import { LEAD_FIELDS } from '../../domain/lead.js';
import type { StageChangePlan } from '../../domain/planStageChange.js';
import { funnelRank } from '../../domain/stages.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate } from '../store.js';
import { copyRows } from './postgresCopy.js';
import { Params } from './postgresLeads.js';
import type { PgConnection } from './PostgresStore.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const STAGED_COLUMNS = ['line', ...FIELD_COLUMNS, 'stage', 'reached_rank', 'follow_up_on', 'score', 'custom', 'created_at'];
/** The columns a COPY into leads fills: the staged ones (without the line), and the import's own. */
const LEAD_COLUMNS = ['id', ...FIELD_COLUMNS, 'stage', 'reached_rank', 'follow_up_on', 'score', 'custom', 'created_at', 'import_id', 'updated_at', 'stage_changed_at'];
const EXISTING = 'SELECT id, stage, email, external_id AS "externalId", stage_changed_at AS "stageChangedAt" FROM leads';

export class PostgresImports implements ImportWrites {
  constructor(private readonly pg: PgConnection) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown> }): Promise<LeadImportWriter> {
    const [row] = await this.pg.query<{ id: number }>('INSERT INTO imports (source, started_at, by, options) VALUES ($1, $2, $3, $4) RETURNING id', [
      record.source, record.at, record.by, JSON.stringify(record.options),
    ]);
    const [{ sequence }] = (await this.pg.query<{ sequence: string }>("SELECT pg_get_serial_sequence('leads', 'id') AS sequence")) as [{ sequence: string }];
    // Where a batch with duplicates is staged: temporary (no WAL, gone at the end of the transaction).
    await this.pg.run(
      `CREATE TEMPORARY TABLE import_rows (id integer NOT NULL, line integer NOT NULL,
         ${FIELD_COLUMNS.map((column) => `${column} ${column === 'employees' ? 'bigint' : column === 'annual_revenue' ? 'double precision' : 'text COLLATE "C"'}`).join(', ')},
         stage text NOT NULL, reached_rank integer NOT NULL, follow_up_on text, score double precision, custom text NOT NULL, created_at text NOT NULL)
       ON COMMIT DROP`,
    );
    return new PostgresLeadImport(this.pg, row!.id, record.at, record.by, sequence);
  }
}

class PostgresLeadImport implements LeadImportWriter {
  /** New leads per stage, added to stage_days once at the end (they all entered their stage at the import's time). */
  private readonly createdByStage = new Map<string, number>();
  /** Leads created one by one (--on-duplicate update): their history row is written at the end, at their final stage. */
  private readonly createdOneByOne: number[] = [];

  constructor(
    private readonly pg: PgConnection,
    readonly importId: number,
    private readonly at: string,
    private readonly by: string,
    private readonly sequence: string,
  ) {}

  /**
   * Each lead gets its id from the leads' sequence first. The batch is then COPied straight into leads, the
   * fast way, inside a savepoint; if any row takes an email or external id already taken (a re-import, a
   * duplicate in the file), the savepoint is undone and the batch goes the careful way: COPY into a staging
   * table, INSERT … ON CONFLICT DO NOTHING, and the skipped rows told by the ids that did not arrive.
   */
  async createOrSkip(rows: readonly LeadToCreate[]): Promise<{ line: number; duplicateOf: number }[]> {
    if (rows.length === 0) return [];
    const ids = (await this.pg.query<{ id: number }>(`SELECT nextval('${this.sequence}')::integer AS id FROM generate_series(1, $1)`, [rows.length])).map((row) => row.id);
    const staged = rows.map((row, index) => [ids[index]!, ...stagedRow(row), this.importId, this.at, this.at]);
    let skipped: { line: number; duplicateOf: number }[] = [];
    await this.pg.run('SAVEPOINT import_batch');
    try {
      await copyRows(this.pg, 'leads', LEAD_COLUMNS, staged.map((row) => row.slice(0, 1).concat(row.slice(2))));
      await this.pg.run('RELEASE SAVEPOINT import_batch');
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await this.pg.run('ROLLBACK TO SAVEPOINT import_batch');
      skipped = await this.createOrSkipCarefully(staged);
    }
    const skippedLines = new Set(skipped.map((row) => row.line));
    const history: (string | number | null)[][] = [];
    rows.forEach((row, index) => {
      if (skippedLines.has(row.line)) return;
      this.countCreation(row.stage);
      history.push([ids[index]!, row.stage, this.at, this.by, 'import']);
    });
    await copyRows(this.pg, 'stage_history', ['lead_id', 'to_stage', 'at', 'by', 'cause'], history);
    return skipped;
  }

  private async createOrSkipCarefully(staged: (string | number | null)[][]): Promise<{ line: number; duplicateOf: number }[]> {
    await copyRows(this.pg, 'import_rows', ['id', ...STAGED_COLUMNS], staged.map((row) => row.slice(0, STAGED_COLUMNS.length + 1)));
    // In line order, so that of two rows with the same email the first one is created.
    const inserted = await this.pg.query<{ id: number }>(
      `INSERT INTO leads (${LEAD_COLUMNS.join(', ')})
       SELECT id, ${FIELD_COLUMNS.join(', ')}, stage, reached_rank, follow_up_on, score, custom, created_at, $1, $2, $2 FROM import_rows ORDER BY line
       ON CONFLICT DO NOTHING RETURNING id`,
      [this.importId, this.at],
    );
    const skipped = await this.pg.query<{ line: number; duplicateOf: number }>(
      `SELECT r.line, coalesce(byEmail.id, byExternalId.id, 0) AS "duplicateOf" FROM import_rows r
       LEFT JOIN leads byEmail ON byEmail.email = r.email LEFT JOIN leads byExternalId ON byExternalId.external_id = r.external_id
       WHERE r.id <> ALL($1::integer[]) ORDER BY r.line`,
      [inserted.map((row) => row.id)],
    );
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
    this.createdOneByOne.push(created!.id);
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
    if (this.createdOneByOne.length) {
      await this.pg.run(
        `INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by, reason, cause)
         SELECT id, NULL, stage, $1, $2, NULL, 'import' FROM leads WHERE id = ANY($3::integer[]) ORDER BY id`,
        [this.at, this.by, this.createdOneByOne],
      );
    }
    await this.pg.run('UPDATE imports SET finished_at = $1, rows = $2, created = $3, updated = $4, skipped = $5, rejected = $6 WHERE id = $7', [
      at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId,
    ]);
  }

  private countCreation(stage: string): void {
    this.createdByStage.set(stage, (this.createdByStage.get(stage) ?? 0) + 1);
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
