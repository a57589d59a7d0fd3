// `bant import`: reads a lead list and writes it in one transaction. Every row ends up counted once as
// created, updated, skipped (a duplicate) or rejected (with its line and reason), so the counts add up.
// The file is parsed and checked by LeadRowParser (in a worker thread for large files, so that parsing
// and the database's work overlap) and written here, through the store.

import { addDays } from '../domain/dates.js';
import { BantError, cancelled, invalidInput, usageError } from '../domain/errors.js';
import { LEAD_FIELDS } from '../domain/lead.js';
import { DEFAULT_NURTURE_DAYS, planStageChange } from '../domain/planStageChange.js';
import type { ScoringModel } from '../domain/scoringModel.js';
import { isStage, type Stage } from '../domain/stages.js';
import { prepareScoring, rescoreLeads, rescorePage, type RescoreTarget, type Scoring, type ScoringMoment } from '../scoring/rescoreLeads.js';
import { shippedScoringModel } from '../scoring/loadScoringModel.js';
import type { ExistingLead, ImportCounts, LeadImportWriter, LeadToCreate, Store, StoreTx } from '../store/store.js';
import { parseMapOption, suggestIdentityMap, type ColumnPlan } from './mapHeaders.js';
import { inImportTransaction } from './importTransaction.js';
import { withNewLeadDefaults, type NewLeadDefaults } from './newLeadDefaults.js';
import { parseInline, parseInWorker } from './parseInWorker.js';
import { LeadRowParser, PACKED, PACKED_STRIDE, packedFieldValues, type ParsedBatch, type ParseOptions } from './parseLeadRows.js';
import type { DuplicatePolicy, EncodingOption } from './importChoices.js';
import type { DateOrder, DateOrderReason } from './readCreationDate.js';

export interface ImportOptions {
  map?: string;
  delimiter?: string;
  encoding?: EncodingOption;
  onDuplicate: DuplicatePolicy;
  /** Stage of new leads whose row gives none. */
  stage: string;
  /** Source and owner of new leads whose row gives none. */
  source?: string;
  owner?: string;
  nullValues: string[];
  /** The order of numeric creation dates (03/04/2026), when the user says it. */
  dateOrder?: DateOrder;
  /** Hand skipped duplicates to onSkip with the lead they duplicate (a rejects file lists them). */
  listSkipped?: boolean;
  dryRun: boolean;
  /** Parse in a worker thread (worth it from a few megabytes on). */
  parallel?: boolean;
  /** The scoring model new and updated leads are scored with; the shipped one when not given. */
  scoring?: ScoringModel;
}

export interface Rejection {
  line: number;
  error: BantError;
}

/** A row skipped because its lead is already known: by this id, email or external id. */
export interface SkippedDuplicate {
  line: number;
  duplicateOf: { id: number; email: string | null; externalId: string | null };
}

export interface ImportHooks {
  /** Called once the header is read: the rejects file starts with it. */
  onHeader?(headers: string[], delimiter: string, plan: ColumnPlan): void;
  onReject?(fields: string[], rejection: Rejection): void;
  /** Only with `listSkipped`: each row skipped as a duplicate, with its original fields. */
  onSkip?(fields: string[], skipped: SkippedDuplicate): void;
  onProgress?(rows: number, bytesRead: number): void;
  /** Called just before the import commits: a rejects file that cannot be written stops the import. */
  beforeCommit?(): void;
  signal?: AbortSignal;
}

export interface ImportResult extends ImportCounts {
  importId: number | null;
  dryRun: boolean;
  /** The first rejections, to show; all of them go to onReject. */
  firstRejections: Rejection[];
  /** How each column was understood, and how numeric creation dates were read: the preview of a dry run. */
  headers: string[];
  plan: ColumnPlan;
  dateOrder?: { order: DateOrder; reason: DateOrderReason };
}

const REJECTIONS_KEPT = 20;
/** Where the person name and company sit among a packed row's field values. */
const NAME_INDEXES = (['first_name', 'last_name', 'company'] as const).map((name) => LEAD_FIELDS.findIndex((field) => field.name === name));

export async function importLeads(
  store: Store,
  input: AsyncIterable<Uint8Array>,
  sourceName: string,
  options: ImportOptions,
  who: { at: string; by: string; today: string },
  hooks: ImportHooks = {},
): Promise<ImportResult> {
  const defaultStage = options.stage;
  if (!isStage(defaultStage)) throw usageError('stage.unknown', { stage: defaultStage });
  parseMapOption(options.map); // a bad --map is a usage error before anything is read
  const model = options.scoring ?? shippedScoringModel();
  const parseOptions: ParseOptions = {
    delimiter: options.delimiter,
    encoding: options.encoding,
    map: options.map,
    nullValues: options.nullValues,
    // Rows are kept as they were only where a later look may need them: updates meet conflicts in the
    // database, and a rejects file lists skipped duplicates under the original header.
    keepRawFields: options.onDuplicate === 'update' || Boolean(options.listSkipped),
    now: who.at,
    dateOrder: options.dateOrder,
    scoring: model,
  };
  return inImportTransaction(store, options.dryRun, async (tx) => {
    const writer = new ImportWriter(tx, sourceName, options, defaultStage, who, hooks, prepareScoring(model));
    // New leads as text rows where the store takes them so: the parser writes them complete, defaults and all
    // (an update looks at each row first, so it takes values).
    if (tx.imports.newLeadsAs === 'text-rows' && options.onDuplicate === 'skip') {
      parseOptions.textRows = writer.newLeadDefaults;
    }
    // Beside this module in dist/: the build makes the worker its own entry point.
    const batches = options.parallel
      ? parseInWorker<ParsedBatch>(new URL('./parseLeadRowsWorker.js', import.meta.url), input, parseOptions)
      : parseInline(new LeadRowParser(parseOptions), input);
    for await (const batch of batches) await writer.write(batch);
    return writer.finish();
  });
}

/** The database half: the rows of each batch through the store's import writer, and the counts. */
class ImportWriter {
  private readonly counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  private readonly firstRejections: Rejection[] = [];
  private started: { writer: LeadImportWriter; headers: string[]; plan: ColumnPlan } | undefined;
  private dateOrder: ImportResult['dateOrder'];
  /** What a new lead gets that its row does not say. */
  readonly newLeadDefaults: NewLeadDefaults;
  /** Batches of text rows handed to the store, counted once written, oldest first. */
  private readonly inFlight: Promise<void>[] = [];
  private rowsHandedOver = 0;
  private readonly moment: ScoringMoment;
  /**
   * New leads whose score alone crosses the MQL threshold (a model with points for who a lead is, or for what
   * it never did): promoted once their creation is in the history, so that the promotion comes after it.
   * Rare, and kept small: their ids, or the identities of rows created in bulk.
   */
  private readonly promoteLater: { ids: Set<number>; rows: { email: string | null; externalId: string | null; nameKey: string | null }[] } = { ids: new Set(), rows: [] };

  constructor(
    private readonly tx: StoreTx,
    private readonly sourceName: string,
    private readonly options: ImportOptions,
    defaultStage: Stage,
    private readonly who: { at: string; by: string; today: string },
    private readonly hooks: ImportHooks,
    private readonly scoring: Scoring,
  ) {
    this.newLeadDefaults = { stage: defaultStage, source: options.source, owner: options.owner, followUpOn: addDays(who.today, DEFAULT_NURTURE_DAYS), at: who.at, by: who.by };
    this.moment = { asOf: who.at, ...who };
  }

  async write(batch: ParsedBatch): Promise<void> {
    if (batch.header) await this.start(batch);
    if (!this.started) return;
    if (batch.dateOrder) this.dateOrder = batch.dateOrder;
    if (this.hooks.signal?.aborted) throw cancelled('import.cancelled');
    if (batch.text) return this.handOver(batch);
    this.countRejections(batch);
    const { packed } = batch;
    if (this.options.onDuplicate === 'skip') await this.createOrSkip(packed);
    else {
      for (let offset = 0; offset < packed.length; offset += PACKED_STRIDE) {
        this.counts.rows++;
        await this.createOrUpdate(packed, offset);
      }
    }
    this.hooks.onProgress?.(this.counts.rows, batch.bytesRead);
  }

  async finish(): Promise<ImportResult> {
    if (!this.started) throw invalidInput('import.noHeader');
    const { writer, headers, plan } = this.started;
    // Every batch handed to the store is written by then: their counts follow.
    await writer.finishCreations();
    for (const counted of this.inFlight.splice(0)) await counted;
    if (this.counts.rows > 0 && this.counts.rejected === this.counts.rows) {
      // Nothing to import is a mistake to fix (a wrong column, a wrong delimiter), not a success; the
      // transaction is rolled back by the error.
      throw invalidInput('import.allRejected', { count: this.counts.rows, columns: listHeaders(headers) });
    }
    await this.promoteNewLeads(writer);
    await writer.finish(this.counts, new Date().toISOString());
    // Still inside the transaction: a rejects file that cannot be written stops the import.
    this.hooks.beforeCommit?.();
    return {
      ...this.counts,
      importId: this.options.dryRun ? null : writer.importId,
      dryRun: this.options.dryRun,
      firstRejections: this.firstRejections,
      headers,
      plan,
      dateOrder: this.dateOrder,
    };
  }

  /** The new leads whose own score makes them MQLs, now that their creation is in the history. */
  private async promoteNewLeads(writer: LeadImportWriter): Promise<void> {
    const ids = new Set(this.promoteLater.ids);
    for (const row of this.promoteLater.rows) {
      const found = row.nameKey !== null ? await writer.findByNameKey(row.nameKey) : await this.findExisting(writer, row.email, row.externalId);
      if (found && !(found instanceof BantError)) ids.add(found.id);
    }
    await rescoreLeads(this.scoringTarget(writer), [...ids].sort((a, b) => a - b), this.scoring, this.moment);
  }

  /** Scores are written beside the import's rows; stage changes go through its writer, which numbers its own history rows. */
  private scoringTarget(writer: LeadImportWriter): RescoreTarget {
    return {
      read: (ids) => this.tx.scoring.leadsToScore(ids),
      writeScores: (scores) => this.tx.scoring.writeScores(scores),
      move: async (plan) => {
        // A lead this import created and whose creation row is still to come: promoted after it.
        if (writer.creationPending(plan.leadId)) this.promoteLater.ids.add(plan.leadId);
        else await writer.move(plan);
      },
    };
  }

  private async start(batch: ParsedBatch): Promise<void> {
    const imports = this.tx.imports;
    const header = batch.header!;
    if (!header.identity) {
      throw invalidInput('import.noIdentityColumn', { columns: listHeaders(header.headers), map: suggestIdentityMap(header.headers) });
    }
    this.hooks.onHeader?.(header.headers, header.delimiter, header.plan);
    const { parallel: _parallel, scoring: _scoring, ...recorded } = this.options;
    const { id, version } = this.scoring.model;
    const writer = await imports.begin({
      source: this.sourceName,
      at: this.who.at,
      by: this.who.by,
      options: { ...recorded, delimiter: header.delimiter, encoding: header.encoding, scoring: { id, version } },
      dryRun: this.options.dryRun,
    });
    this.started = { writer, headers: header.headers, plan: header.plan };
  }

  private countRejections(batch: ParsedBatch): void {
    for (const rejection of batch.rejections) {
      this.counts.rows++;
      this.reject(rejection.fields, rejection.line, new BantError(rejection.kind, rejection.key, rejection.params));
    }
  }

  /**
   * Text rows go to the store without waiting for the batches before them to be written: the file is read
   * while the database writes. Each batch is counted once written, in the order of the file, so that
   * rejections and skipped rows are told in the same order as ever.
   */
  private async handOver(batch: ParsedBatch): Promise<void> {
    const rows = batch.text!;
    const listing = Boolean(this.options.listSkipped && this.hooks.onSkip);
    for (const identity of batch.promote!) this.promoteLater.rows.push(identity);
    const { written, taken } = this.started!.writer.createOrSkipTextRows!(rows, { describeDuplicates: listing });
    const counted = written.then((skipped) => {
      this.countRejections(batch);
      this.counts.rows += rows.count;
      this.counts.created += rows.count - skipped.length;
      this.counts.skipped += skipped.length;
      if (listing) {
        const indexes = new Map(Array.from(rows.lines, (line, index) => [line, index]));
        for (const { line, duplicateOf } of skipped) {
          if (duplicateOf) this.hooks.onSkip!(JSON.parse(batch.rawFields![indexes.get(line)!]!) as string[], { line, duplicateOf });
        }
      }
    });
    // Read is what the progress tells: the rows are counted as created or skipped once written.
    this.rowsHandedOver += rows.count + batch.rejections.length;
    this.hooks.onProgress?.(this.rowsHandedOver, batch.bytesRead);
    // Its failure is told by the await that reaches it; until then it must not count as unhandled.
    counted.catch(() => undefined);
    this.inFlight.push(counted);
    await taken;
  }

  private reject(fields: string[], line: number, error: BantError): void {
    this.counts.rejected++;
    const rejection = { line, error };
    if (this.firstRejections.length < REJECTIONS_KEPT) this.firstRejections.push(rejection);
    this.hooks.onReject?.(fields, rejection);
  }

  /**
   * --on-duplicate skip: the store finds duplicates (email, else external id) in bulk; the lead each skipped
   * row duplicates is looked up only when asked (a rejects file lists them).
   */
  private async createOrSkip(packed: ParsedBatch['packed']): Promise<void> {
    const rows: LeadToCreate[] = [];
    for (let offset = 0; offset < packed.length; offset += PACKED_STRIDE) {
      const row = this.leadToCreate(packed, offset);
      rows.push(row);
      if (this.promotedByOwnScore(packed, offset, row.stage)) {
        this.promoteLater.rows.push({ email: packed[offset + PACKED.email] as string | null, externalId: packed[offset + PACKED.externalId] as string | null, nameKey: row.nameKey });
      }
    }
    const listing = Boolean(this.options.listSkipped && this.hooks.onSkip);
    const skipped = await this.started!.writer.createOrSkip(rows, { describeDuplicates: listing });
    this.counts.rows += rows.length;
    this.counts.created += rows.length - skipped.length;
    this.counts.skipped += skipped.length;
    if (!listing) return;
    const offsets = new Map(rows.map((row, index) => [row.line, index * PACKED_STRIDE]));
    for (const { line, duplicateOf } of skipped) {
      if (duplicateOf) this.hooks.onSkip!(this.rowFields(packed, offsets.get(line)!), { line, duplicateOf });
    }
  }

  /** --on-duplicate update: the lead with the same email, else external id, is filled and moved. */
  private async createOrUpdate(packed: ParsedBatch['packed'], offset: number): Promise<void> {
    const { writer } = this.started!;
    const row = this.leadToCreate(packed, offset);
    const email = packed[offset + PACKED.email] as string | null;
    const externalId = packed[offset + PACKED.externalId] as string | null;
    const key = row.nameKey;
    const match = key === null ? await this.findExisting(writer, email, externalId) : await writer.findByNameKey(key);
    if (match instanceof BantError) return this.reject(this.rowFields(packed, offset), row.line, match);
    if (!match) {
      const id = await writer.create(row);
      if (this.promotedByOwnScore(packed, offset, row.stage)) this.promoteLater.ids.add(id);
      this.counts.created++;
      return;
    }
    const stage = packed[offset + PACKED.stage] as Stage | null;
    const followUpOn = packed[offset + PACKED.followUpOn] as string | null;
    let plan;
    if (stage && stage !== match.stage) {
      plan = planStageChange(match, stage, { at: this.who.at, by: this.who.by, cause: 'import', followUpOn, today: this.who.today });
      if (plan instanceof BantError) return this.reject(this.rowFields(packed, offset), row.line, plan);
    }
    // A lead found by its name keeps its own spelling of that name: the name is what made them one lead.
    const values = [...row.values];
    if (key !== null) for (const index of NAME_INDEXES) values[index] = null;
    await writer.update(match.id, { ...row, values, followUpOn: plan ? plan.followUpOn : followUpOn }, this.who.at);
    if (plan) await writer.move(plan);
    // Its fields changed: its score too, with the activities it has.
    await rescorePage(this.scoringTarget(writer), await this.tx.scoring.leadsToScore([match.id]), this.scoring, this.moment, { scored: 0, changed: 0, toLead: 0, toMql: 0, reengaged: 0 });
    this.counts.updated++;
  }

  /** Whether the parser found that this new row's own score crosses the MQL threshold, at a stage scoring moves on. */
  private promotedByOwnScore(packed: ParsedBatch['packed'], offset: number, stage: Stage): boolean {
    return packed[offset + PACKED.mql] !== null && (stage === 'prospect' || stage === 'lead');
  }

  /** A packed row as the store takes it; the import's defaults fill what the row does not say. */
  private leadToCreate(packed: ParsedBatch['packed'], offset: number): LeadToCreate {
    const lead = withNewLeadDefaults(
      packedFieldValues(packed, offset),
      {
        stage: packed[offset + PACKED.stage] as Stage | null,
        followUpOn: packed[offset + PACKED.followUpOn] as string | null,
        createdAt: packed[offset + PACKED.createdAt] as string | null,
      },
      this.newLeadDefaults,
    );
    return {
      line: packed[offset + PACKED.line] as number,
      ...lead,
      scores: packed[offset + PACKED.score] === null ? null : {
        fit: packed[offset + PACKED.fitScore] as number,
        engagement: packed[offset + PACKED.engagementScore] as number,
        total: packed[offset + PACKED.score] as number,
        at: this.who.at,
      },
      customJson: packed[offset + PACKED.customJson] as string,
      nameKey: packed[offset + PACKED.nameKey] as string | null,
    };
  }

  /** A duplicate is the lead with the same email, else the same external id; an external id held by another lead is a conflict. */
  private async findExisting(writer: LeadImportWriter, email: string | null, externalId: string | null): Promise<ExistingLead | BantError | undefined> {
    const byEmail = email ? await writer.findByEmail(email) : undefined;
    if (byEmail) {
      if (externalId && byEmail.externalId !== externalId) {
        const holder = await writer.findByExternalId(externalId);
        if (holder && holder.id !== byEmail.id) return invalidInput('import.externalIdTaken', { externalId, id: holder.id, email: email! });
      }
      return byEmail;
    }
    return externalId ? writer.findByExternalId(externalId) : undefined;
  }

  private rowFields(packed: ParsedBatch['packed'], offset: number): string[] {
    return JSON.parse(packed[offset + PACKED.rawFields] as string) as string[];
  }
}

/** The columns a file has, for messages: "Lead Number", "Country"… (the first dozen). */
function listHeaders(headers: readonly string[]): string {
  const named = headers.map((header) => header.trim()).filter(Boolean);
  const shown = named.slice(0, 12).map((header) => `"${header}"`).join(', ');
  return named.length > 12 ? `${shown}…` : shown;
}
