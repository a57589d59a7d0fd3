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
import { fillRowNumbers, HISTORY_TEXT_COLUMNS, LEAD_TEXT_COLUMN, LEAD_TEXT_COLUMNS, NewLeadTextBatch, pickRows, readTextRows, type NewLeadTextRows } from '../newLeadTextRows.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate, SkippedRow } from '../store.js';
import { copyIn, copyRows, copyText, type CopyIn } from './postgresCopy.js';
import type { PgConnection } from './PostgresStore.js';

const FIELD_COLUMNS = LEAD_FIELDS.map((field) => field.name);
const HISTORY_COLUMNS = HISTORY_TEXT_COLUMNS;
const EXISTING = 'SELECT id, stage, email, external_id AS "externalId", stage_changed_at AS "stageChangedAt" FROM leads';
/** The tables an import numbers rows of itself. */
const NUMBERED = ['imports', 'leads', 'stage_history'] as const;

export class PostgresImports implements ImportWrites {
  /** As text rows: the parser writes them in its worker, and this end only numbers and sends them (COPY). */
  readonly newLeadsAs = 'text-rows';

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

/**
 * Rows of a segment: the fast way sends new leads in segments of about this many rows, each one COPY into
 * leads and one into stage_history inside a savepoint. The server's work for a COPY grows with its rows, plus
 * a part for each COPY: the more rows per COPY the better, but a segment's rows are kept in memory until it is
 * written, in case a duplicate sends them the careful way.
 */
const SEGMENT_ROWS = 25_000;
/** Segments sent and not yet written: the server works on one while the next is filled. */
const SEGMENTS_IN_FLIGHT = 2;

/** A batch handed over, and how its result is told. */
interface HandedBatch {
  rows: NewLeadTextRows;
  written(skipped: SkippedRow[]): void;
  failed(error: unknown): void;
}

/** Batches sent the fast way together. */
interface Segment {
  batches: HandedBatch[];
  rows: number;
  firstLeadId: number;
  firstHistoryId: number;
  leads: CopyIn;
  history: Uint8Array[];
  /** How each of its statements ended, once it is closed. */
  outcome?: Promise<PromiseSettledResult<unknown>[]>;
}

class PostgresLeadImport implements LeadImportWriter {
  /** Leads created per stage and day they entered it, added to stage_days once at the end. */
  private readonly createdByStageDay = new Map<string, number>();
  /** Leads created one by one (--on-duplicate update): their history row is written at the end, at their final stage. */
  private readonly createdOneByOne = new Set<number>();
  /** Once a batch has met a duplicate, the file has some: every later batch looks before it writes. */
  private careful = false;
  /** The last segment or careful batch handed over, once settled: each settles after the one before it. */
  private lastBatch: Promise<unknown> = Promise.resolve();
  /** The segment batches go to, until it is closed. */
  private open: Segment | undefined;
  /** Segments closed and not yet settled, oldest first. */
  private readonly closed: { settled: Promise<void> }[] = [];
  /** The fault that stopped the import, if one did: nothing more is written. */
  private broken: unknown;
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

  async createOrSkip(rows: readonly LeadToCreate[], options: { describeDuplicates: boolean }): Promise<SkippedRow[]> {
    const { written } = this.createOrSkipTextRows(this.textRows(rows), options);
    await this.finishSegments();
    return written;
  }

  /** Every batch handed over written, or skipped. */
  private async finishSegments(): Promise<void> {
    this.closeSegment();
    await this.lastBatch;
    if (this.broken) throw this.broken;
  }

  private textRows(rows: readonly LeadToCreate[]): NewLeadTextRows {
    const batch = new NewLeadTextBatch(this.at, this.by);
    for (const row of rows) batch.add(row, row.line);
    return batch.take();
  }

  /**
   * The fast way, while the file has shown no duplicate: batches are numbered and streamed at once into a
   * COPY of leads (their creation history follows in a COPY of its own), a segment of them inside a
   * savepoint, without waiting for the server: it writes while the next batches are read. A duplicate (a
   * re-import, the same email twice in the file) fails its segment, and every one sent after it; back at the
   * savepoint, their batches go the careful way, in turn: the leads holding their emails and external ids are
   * looked up, and only the rows that take none are written.
   */
  createOrSkipTextRows(rows: NewLeadTextRows, _options: { describeDuplicates: boolean }): { written: Promise<SkippedRow[]>; taken: Promise<void> } {
    let batch!: HandedBatch;
    const written = new Promise<SkippedRow[]>((written, failed) => (batch = { rows, written, failed }));
    if (this.careful || (rows.count === 0 && !this.open)) {
      // One at a time: each looks at what the ones before it wrote. (A batch without rows has nothing to
      // write, and opens no segment: it is told in its turn.)
      void this.inTurn(() => this.settle([batch], async () => batch.written(await this.writeCarefully(rows)))).catch(() => undefined);
      return { written, taken: written.then(() => undefined) };
    }
    const segment = (this.open ??= this.openSegment());
    for (let index = 0; index < rows.count; index++) {
      fillRowNumbers(rows.leads, rows.leadStarts[index]!, this.nextLeadId + index, this.importId);
      fillRowNumbers(rows.history, rows.historyStarts[index]!, this.nextHistoryId + index, this.nextLeadId + index);
    }
    this.nextLeadId += rows.count;
    this.nextHistoryId += rows.count;
    segment.leads.write(rows.leads);
    segment.history.push(rows.history);
    segment.batches.push(batch);
    segment.rows += rows.count;
    if (segment.rows >= SEGMENT_ROWS) this.closeSegment();
    return { written, taken: this.roomForMore() };
  }

  /** Settles once fewer than SEGMENTS_IN_FLIGHT closed segments wait for the server. */
  private async roomForMore(): Promise<void> {
    while (this.closed.length >= SEGMENTS_IN_FLIGHT) await this.closed[0]!.settled;
  }

  private openSegment(): Segment {
    void this.pg.run('SAVEPOINT import_batch').catch(() => undefined); // its failure is the segment's: told by RELEASE
    return { batches: [], rows: 0, firstLeadId: this.nextLeadId, firstHistoryId: this.nextHistoryId, leads: copyIn(this.pg, 'leads', LEAD_TEXT_COLUMNS), history: [] };
  }

  /** No more rows for the open segment: its history and the savepoint's end follow it. */
  private closeSegment(): void {
    const segment = this.open;
    if (!segment) return;
    this.open = undefined;
    const history = copyIn(this.pg, 'stage_history', HISTORY_COLUMNS);
    for (const text of segment.history) history.write(text);
    segment.outcome = Promise.allSettled([segment.leads.end(), history.end(), this.pg.run('RELEASE SAVEPOINT import_batch')]);
    const settled = this.inTurn(() => this.settle(segment.batches, () => this.writeSegment(segment)));
    this.closed.push({ settled });
    const leave = () => void this.closed.shift();
    settled.then(leave, leave);
  }

  /** Runs `work` once every segment and careful batch handed over before it is settled. */
  private inTurn(work: () => Promise<void>): Promise<void> {
    const settled = this.lastBatch.then(work);
    this.lastBatch = settled.catch(() => undefined);
    return settled;
  }

  /** Writes batches by `write`, which tells each how it ended; after a fault, nothing is written and each batch fails with it. */
  private async settle(batches: readonly HandedBatch[], write: () => Promise<void>): Promise<void> {
    try {
      if (this.broken) throw this.broken;
      await write();
    } catch (error) {
      this.broken ??= error;
      for (const { failed } of batches) failed(this.broken);
      throw this.broken;
    }
  }

  /** A closed segment, once the server is done with it: written, or failed by a duplicate and written the careful way. */
  private async writeSegment(segment: Segment): Promise<void> {
    const failure = (await segment.outcome!).find((outcome) => outcome.status === 'rejected');
    if (!failure) {
      for (const { rows, written } of segment.batches) {
        for (const [key, count] of Object.entries(rows.stageDays)) this.createdByStageDay.set(key, (this.createdByStageDay.get(key) ?? 0) + count);
        written([]);
      }
      return;
    }
    if (!this.careful) {
      // The first segment to fail: a duplicate is why, anything else is a fault. The segments sent after it
      // fail with it (the transaction refuses everything until it is back at the savepoint).
      if ((failure.reason as { code?: string }).code !== '23505') throw failure.reason;
      this.careful = true;
      this.closeSegment();
      this.nextLeadId = segment.firstLeadId;
      this.nextHistoryId = segment.firstHistoryId;
      await this.pg.run('ROLLBACK TO SAVEPOINT import_batch');
    }
    for (const { rows, written } of segment.batches) written(await this.writeCarefully(rows));
  }

  /**
   * Which rows duplicate a lead (by email, else external id, else, for a lead known only by its name, its
   * name key) or an earlier row of the batch that is created; the others are written, numbered in the order
   * of the file.
   */
  private async writeCarefully(rows: NewLeadTextRows): Promise<SkippedRow[]> {
    if (rows.count === 0) return [];
    const values = readTextRows(rows.leads);
    const keys = (column: number) => values.map((row) => row[column]!).filter((key): key is string => key !== null);
    const holders = await this.pg.query<{ id: number; email: string | null; external_id: string | null; name_key: string | null }>(
      'SELECT id, email, external_id, name_key FROM leads WHERE email = ANY($1::text[]) OR external_id = ANY($2::text[]) OR name_key = ANY($3::text[])',
      [keys(LEAD_TEXT_COLUMN.email), keys(LEAD_TEXT_COLUMN.external_id), keys(LEAD_TEXT_COLUMN.name_key)],
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
    const survivors: number[] = [];
    const skipped: SkippedRow[] = [];
    values.forEach((row, index) => {
      const email = row[LEAD_TEXT_COLUMN.email]!;
      const externalId = row[LEAD_TEXT_COLUMN.external_id]!;
      const nameKey = row[LEAD_TEXT_COLUMN.name_key]!;
      const holder =
        (email !== null ? byEmail.get(email) : undefined) ??
        (externalId !== null ? byExternalId.get(externalId) : undefined) ??
        (nameKey !== null ? byNameKey.get(nameKey) : undefined);
      if (holder !== undefined) {
        skipped.push({ line: rows.lines[index]!, duplicateOf: holder });
        return;
      }
      hold({ id: this.nextLeadId + survivors.length, email, externalId }, nameKey);
      survivors.push(index);
    });
    if (survivors.length) {
      const leads = pickRows(rows.leads, rows.leadStarts, survivors);
      const history = pickRows(rows.history, rows.historyStarts, survivors);
      survivors.forEach((index, n) => {
        fillRowNumbers(leads.text, leads.starts[n]!, this.nextLeadId + n, this.importId);
        fillRowNumbers(history.text, history.starts[n]!, this.nextHistoryId + n, this.nextLeadId + n);
        this.countCreation(values[index]![LEAD_TEXT_COLUMN.stage]!, values[index]![LEAD_TEXT_COLUMN.created_at]!);
      });
      this.nextLeadId += survivors.length;
      this.nextHistoryId += survivors.length;
      await copyText(this.pg, 'leads', LEAD_TEXT_COLUMNS, leads.text);
      await copyText(this.pg, 'stage_history', HISTORY_COLUMNS, history.text);
    }
    return skipped;
  }

  async create(row: LeadToCreate): Promise<number> {
    await this.finishSegments();
    const id = this.nextLeadId++;
    const rows = this.textRows([row]);
    fillRowNumbers(rows.leads, 0, id, this.importId);
    await copyText(this.pg, 'leads', LEAD_TEXT_COLUMNS, rows.leads);
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
    await this.finishSegments();
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
