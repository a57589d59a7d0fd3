// An activity import in PostgreSQL: each batch of events COPied straight into activities inside a savepoint;
// once a batch meets an event stored already (a file imported again), every later batch looks first and
// writes only the new events. Rows are numbered by the import itself, as a lead import does
// (src/store/postgres/postgresImport.ts): a dry run, or events stored already, use up no numbers.

import type { CreationPlan, StageChangePlan } from '../../domain/planStageChange.js';
import type { ActivityImportWriter, ActivityImportWrites, ActivityToCreate, ImportCounts, LeadFromActivity } from '../store.js';
import { copyRows } from './postgresCopy.js';
import type { PgConnection } from './PostgresStore.js';

const ACTIVITY_COLUMNS = ['id', 'lead_id', 'type', 'occurred_at', 'source', 'properties', 'import_id', 'event_key', 'recorded_at'];
/** The tables an activity import numbers rows of itself: events, and the leads and history rows it creates. */
const NUMBERED = ['imports', 'leads', 'stage_history', 'activities'] as const;

export class PostgresActivityImports implements ActivityImportWrites {
  constructor(private readonly pg: PgConnection) {}

  async begin(record: { source: string; at: string; by: string; options: Record<string, unknown>; dryRun: boolean }): Promise<ActivityImportWriter> {
    await this.pg.run(`LOCK TABLE ${NUMBERED.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    const [next] = await this.pg.query<{ importId: number; leadId: number; historyId: number; activityId: number }>(
      `SELECT (SELECT coalesce(max(id), 0) + 1 FROM imports) AS "importId", (SELECT coalesce(max(id), 0) + 1 FROM leads) AS "leadId",
              (SELECT coalesce(max(id), 0) + 1 FROM stage_history) AS "historyId", (SELECT coalesce(max(id), 0) + 1 FROM activities) AS "activityId"`,
    );
    await this.pg.run("INSERT INTO imports (id, kind, source, started_at, by, options) VALUES ($1, 'activities', $2, $3, $4, $5)", [
      next!.importId, record.source, record.at, record.by, JSON.stringify(record.options),
    ]);
    return new PostgresActivityImport(this.pg, next!, record.at, record.dryRun);
  }
}

class PostgresActivityImport implements ActivityImportWriter {
  readonly importId: number;
  private nextLeadId: number;
  private nextHistoryId: number;
  private nextActivityId: number;
  /** Once a batch has met an event stored already, every later batch looks before it writes. */
  private careful = false;

  constructor(
    private readonly pg: PgConnection,
    next: { importId: number; leadId: number; historyId: number; activityId: number },
    private readonly at: string,
    private readonly dryRun: boolean,
  ) {
    this.importId = next.importId;
    this.nextLeadId = next.leadId;
    this.nextHistoryId = next.historyId;
    this.nextActivityId = next.activityId;
  }

  async findLeads(refs: { emails: readonly string[]; externalIds: readonly string[]; ids: readonly number[] }) {
    const byEmail = new Map<string, number>();
    const byExternalId = new Map<string, number>();
    const byId = new Set<number>();
    if (refs.emails.length) {
      for (const row of await this.pg.query<{ key: string; id: number }>('SELECT email AS key, id FROM leads WHERE email = ANY($1::text[]) AND forgotten_at IS NULL', [refs.emails])) {
        byEmail.set(row.key, row.id);
      }
    }
    if (refs.externalIds.length) {
      const rows = await this.pg.query<{ key: string; id: number }>('SELECT external_id AS key, id FROM leads WHERE external_id = ANY($1::text[]) AND forgotten_at IS NULL', [
        refs.externalIds,
      ]);
      for (const row of rows) byExternalId.set(row.key, row.id);
    }
    // An id beyond PostgreSQL's integer names no lead.
    const ids = refs.ids.filter((id) => id <= 2_147_483_647);
    if (ids.length) {
      for (const row of await this.pg.query<{ id: number }>('SELECT id FROM leads WHERE id = ANY($1::integer[]) AND forgotten_at IS NULL', [ids])) byId.add(row.id);
    }
    return { byEmail, byExternalId, byId };
  }

  async createLead(lead: LeadFromActivity, plan: CreationPlan): Promise<number> {
    const id = this.nextLeadId++;
    const { scores } = lead;
    await this.pg.run(
      `INSERT INTO leads (id, email, external_id, stage, reached_rank, follow_up_on, custom, import_id, fit_score, engagement_score, score, scored_at, created_at, updated_at, stage_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8, $9, $10, $11, $12, $12, $12)`,
      [id, lead.email, lead.externalId, plan.stage, plan.reachedRank, plan.followUpOn, this.importId, scores.fit, scores.engagement, scores.total, scores.at, plan.at],
    );
    await this.history(id, null, plan.stage, plan);
    for (const { stage, day, delta } of plan.stageDays) await this.addStageDays(stage, day, delta);
    return id;
  }

  async insertOrSkip(rows: readonly ActivityToCreate[]): Promise<number[]> {
    if (rows.length === 0) return [];
    if (!this.careful) {
      await this.pg.run('SAVEPOINT activity_batch');
      try {
        await this.copy(rows);
        await this.pg.run('RELEASE SAVEPOINT activity_batch');
        this.nextActivityId += rows.length;
        return [];
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await this.pg.run('ROLLBACK TO SAVEPOINT activity_batch');
        this.careful = true;
      }
    }
    // The events of this batch its leads have already, and those repeated inside the batch, are skipped.
    const stored = await this.pg.query<{ lead_id: number; event_key: number }>(
      `SELECT a.lead_id, a.event_key FROM activities a JOIN unnest($1::integer[], $2::bigint[]) AS b(lead_id, event_key)
       ON a.lead_id = b.lead_id AND a.event_key = b.event_key`,
      [rows.map((row) => row.leadId), rows.map((row) => row.eventKey)],
    );
    const seen = new Set(stored.map((row) => `${row.lead_id} ${row.event_key}`));
    const fresh: ActivityToCreate[] = [];
    const skipped: number[] = [];
    for (const row of rows) {
      const key = `${row.leadId} ${row.eventKey}`;
      if (seen.has(key)) skipped.push(row.line);
      else {
        seen.add(key);
        fresh.push(row);
      }
    }
    await this.copy(fresh);
    this.nextActivityId += fresh.length;
    return skipped;
  }

  private async copy(rows: readonly ActivityToCreate[]): Promise<void> {
    const first = this.nextActivityId;
    await copyRows(
      this.pg,
      'activities',
      ACTIVITY_COLUMNS,
      rows.map((row, index) => [first + index, row.leadId, row.type, row.occurredAt, row.source, row.propertiesJson, this.importId, row.eventKey, this.at]),
    );
  }

  async move(plan: StageChangePlan): Promise<void> {
    const moved = await this.pg.run(
      `UPDATE leads SET stage = $1, reached_rank = greatest(reached_rank, $2), follow_up_on = $3, stage_changed_at = $4, updated_at = $4, reengaged_at = NULL
       WHERE id = $5 AND stage = $6 AND stage_changed_at = $7`,
      [plan.to, plan.reachedRank, plan.followUpOn, plan.at, plan.leadId, plan.from, plan.fromSince],
    );
    // The import holds the leads table: the lead is where scoring read it, unless a bug says otherwise.
    if (moved === 0) throw new Error(`lead ${plan.leadId} is not where scoring read it`);
    await this.history(plan.leadId, plan.from, plan.to, plan);
    for (const { stage, day, delta } of plan.stageDays) await this.addStageDays(stage, day, delta);
  }

  async finish(counts: ImportCounts, at: string): Promise<void> {
    await this.pg.run('UPDATE imports SET finished_at = $1, rows = $2, created = $3, updated = $4, skipped = $5, rejected = $6 WHERE id = $7', [
      at, counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, this.importId,
    ]);
    // As a lead import: the sequences move past this import's rows only when it is to be committed.
    if (this.dryRun) return;
    for (const table of NUMBERED) {
      await this.pg.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
    }
  }

  private async history(leadId: number, from: string | null, to: string, change: { at: string; by: string | null; reason: string | null; cause: string }): Promise<void> {
    await this.pg.run('INSERT INTO stage_history (id, lead_id, from_stage, to_stage, at, by, reason, cause) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      this.nextHistoryId++, leadId, from, to, change.at, change.by, change.reason, change.cause,
    ]);
  }

  private async addStageDays(stage: string, day: string, delta: number): Promise<void> {
    await this.pg.run('INSERT INTO stage_days (stage, day, count) VALUES ($1, $2, $3) ON CONFLICT (stage, day) DO UPDATE SET count = stage_days.count + excluded.count', [
      stage, day, delta,
    ]);
  }
}
