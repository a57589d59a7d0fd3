// `bant import`: reads a lead list and writes it in one transaction. Every row ends up counted once as
// created, updated, skipped (a duplicate) or rejected (with its line and reason), so the counts add up.
// The file is parsed and checked by LeadRowParser (in a worker thread for large files, so that parsing
// and the database's work overlap) and written here, through the store.

import { Worker } from 'node:worker_threads';
import { addDays } from '../domain/dates.js';
import { BantError, cancelled, invalidInput, usageError } from '../domain/errors.js';
import { LEAD_FIELDS } from '../domain/lead.js';
import { DEFAULT_NURTURE_DAYS, planStageChange } from '../domain/planStageChange.js';
import { isStage, type Stage } from '../domain/stages.js';
import type { ExistingLead, ImportCounts, ImportWrites, LeadImportWriter, LeadToCreate, Store } from '../store/store.js';
import { parseMapOption, suggestIdentityMap, type ColumnPlan } from './mapHeaders.js';
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
/** Chunks handed to the worker and not yet written: enough to keep both threads busy, few enough to keep memory flat. */
const CHUNKS_IN_FLIGHT = 3;

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
  };
  const batches = options.parallel ? parseInWorker(input, parseOptions) : parseInline(input, parseOptions);
  try {
    // A dry run does all the work, then rolls it back: what it reports is what the import would do.
    return await store.transaction(
      async (tx) => {
        const writer = new ImportWriter(sourceName, options, defaultStage, who, hooks);
        for await (const batch of batches) await writer.write(batch, tx.imports);
        return writer.finish();
      },
      { bulk: true, rollback: options.dryRun },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw cancelled('import.cancelled');
    throw error;
  }
}

async function* parseInline(input: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParsedBatch> {
  const parser = new LeadRowParser(options);
  for await (const chunk of input) yield parser.push(chunk);
  yield parser.end();
}

type WorkerMessage = { batch: ParsedBatch } | { done: true } | { failure: { kind?: BantError['kind']; key?: string; params?: BantError['params']; message?: string } };

async function* parseInWorker(input: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParsedBatch> {
  // Beside this module in dist/: the build makes the worker its own entry point.
  const worker = new Worker(new URL('./parseLeadRowsWorker.js', import.meta.url), {
    workerData: options,
    // A small young generation keeps the worker's garbage, and so the import's peak memory, low.
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: WorkerMessage) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ failure: { message: String(error.stack ?? error) } }));
  const receive = async (): Promise<WorkerMessage> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };
  const open = (message: WorkerMessage): ParsedBatch | undefined => {
    if ('failure' in message) {
      const { kind, key, params, message: text } = message.failure;
      throw kind && key ? new BantError(kind, key, params) : new Error(`import worker failed: ${text}`);
    }
    return 'batch' in message ? message.batch : undefined;
  };
  try {
    let inFlight = 0;
    for await (const chunk of input) {
      const copy = new Uint8Array(chunk); // its own memory, so it can be moved to the worker without copying again
      worker.postMessage({ chunk: copy }, [copy.buffer]);
      inFlight++;
      while (inFlight >= CHUNKS_IN_FLIGHT || (inbox.length > 0 && inFlight > 0)) {
        const batch = open(await receive());
        inFlight--;
        if (batch) yield batch;
      }
    }
    worker.postMessage({ end: true });
    for (;;) {
      const message = await receive();
      if ('done' in message) break;
      const batch = open(message);
      if (batch) yield batch;
    }
  } finally {
    await worker.terminate();
  }
}

/** The database half: the rows of each batch through the store's import writer, and the counts. */
class ImportWriter {
  private readonly counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  private readonly firstRejections: Rejection[] = [];
  private started: { writer: LeadImportWriter; headers: string[]; plan: ColumnPlan } | undefined;
  private dateOrder: ImportResult['dateOrder'];
  private readonly defaultFollowUp: string;

  constructor(
    private readonly sourceName: string,
    private readonly options: ImportOptions,
    private readonly defaultStage: Stage,
    private readonly who: { at: string; by: string; today: string },
    private readonly hooks: ImportHooks,
  ) {
    this.defaultFollowUp = addDays(who.today, DEFAULT_NURTURE_DAYS);
  }

  async write(batch: ParsedBatch, imports: ImportWrites): Promise<void> {
    if (batch.header) await this.start(batch, imports);
    if (!this.started) return;
    if (batch.dateOrder) this.dateOrder = batch.dateOrder;
    if (this.hooks.signal?.aborted) throw cancelled('import.cancelled');
    for (const rejection of batch.rejections) {
      this.counts.rows++;
      this.reject(rejection.fields, rejection.line, new BantError(rejection.kind, rejection.key, rejection.params));
    }
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
    if (this.counts.rows > 0 && this.counts.rejected === this.counts.rows) {
      // Nothing to import is a mistake to fix (a wrong column, a wrong delimiter), not a success; the
      // transaction is rolled back by the error.
      throw invalidInput('import.allRejected', { count: this.counts.rows, columns: listHeaders(headers) });
    }
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

  private async start(batch: ParsedBatch, imports: ImportWrites): Promise<void> {
    const header = batch.header!;
    if (!header.identity) {
      throw invalidInput('import.noIdentityColumn', { columns: listHeaders(header.headers), map: suggestIdentityMap(header.headers) });
    }
    this.hooks.onHeader?.(header.headers, header.delimiter, header.plan);
    const { parallel: _parallel, ...recorded } = this.options;
    const writer = await imports.begin({
      source: this.sourceName,
      at: this.who.at,
      by: this.who.by,
      options: { ...recorded, delimiter: header.delimiter, encoding: header.encoding },
      dryRun: this.options.dryRun,
    });
    this.started = { writer, headers: header.headers, plan: header.plan };
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
    for (let offset = 0; offset < packed.length; offset += PACKED_STRIDE) rows.push(this.leadToCreate(packed, offset));
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
      await writer.create(row);
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
    this.counts.updated++;
  }

  /** A packed row as the store takes it; the import's defaults fill what the row does not say. */
  private leadToCreate(packed: ParsedBatch['packed'], offset: number): LeadToCreate {
    const values = packedFieldValues(packed, offset);
    const sourceIndex = PACKED.source - PACKED.firstField;
    const ownerIndex = PACKED.owner - PACKED.firstField;
    if (values[sourceIndex] === null && this.options.source) values[sourceIndex] = this.options.source;
    if (values[ownerIndex] === null && this.options.owner) values[ownerIndex] = this.options.owner;
    const stage = (packed[offset + PACKED.stage] as Stage | null) ?? this.defaultStage;
    const followUpOn = stage === 'nurturing' ? ((packed[offset + PACKED.followUpOn] as string | null) ?? this.defaultFollowUp) : null;
    return {
      line: packed[offset + PACKED.line] as number,
      values,
      stage,
      followUpOn,
      score: packed[offset + PACKED.score] as number | null,
      customJson: packed[offset + PACKED.customJson] as string,
      nameKey: packed[offset + PACKED.nameKey] as string | null,
      // The file's own creation date, when it has one: the lead has been at its stage since then, as far as
      // anyone knows, so reports count its age and period from it.
      createdAt: (packed[offset + PACKED.createdAt] as string | null) ?? this.who.at,
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
