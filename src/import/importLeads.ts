// `bant import`: reads a lead list and writes it in one transaction. Every row ends up counted once as
// created, updated, skipped (a duplicate) or rejected (with its line and reason), so the counts add up.
// The file is parsed and checked by LeadRowParser (in a worker thread for large files, so that parsing
// and SQLite's work overlap) and written here, on the thread that owns the database connection.

import { Worker } from 'node:worker_threads';
import { ImportRepository, type ExistingLead, type ImportCounts } from '../db/importRepository.js';
import type { Db } from '../db/openDatabase.js';
import { addDays } from '../domain/dates.js';
import { BantError, cancelled, invalidInput, usageError } from '../domain/errors.js';
import { LEAD_FIELDS } from '../domain/lead.js';
import { canMoveManually, isStage, type Stage } from '../domain/stages.js';
import { DEFAULT_NURTURE_DAYS } from '../leads/changeLeadStage.js';
import { parseMapOption, type ColumnPlan } from './mapHeaders.js';
import { LeadRowParser, PACKED, PACKED_STRIDE, packedFieldValues, type ParsedBatch, type ParseOptions } from './parseLeadRows.js';
import type { DuplicatePolicy, EncodingOption } from './importChoices.js';

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
  dryRun: boolean;
  /** Parse in a worker thread (worth it from a few megabytes on). */
  parallel?: boolean;
}

export interface Rejection {
  line: number;
  error: BantError;
}

export interface ImportHooks {
  /** Called once the header is read: the rejects file starts with it. */
  onHeader?(headers: string[], delimiter: string, plan: ColumnPlan): void;
  onReject?(fields: string[], rejection: Rejection): void;
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
  recognised: { identity: boolean };
}

const REJECTIONS_KEPT = 20;
/** Where the person name and company sit among a packed row's field values. */
const NAME_INDEXES = (['first_name', 'last_name', 'company'] as const).map((name) => LEAD_FIELDS.findIndex((field) => field.name === name));
/** Chunks handed to the worker and not yet written: enough to keep both threads busy, few enough to keep memory flat. */
const CHUNKS_IN_FLIGHT = 3;

export async function importLeads(
  db: Db,
  input: AsyncIterable<Uint8Array>,
  sourceName: string,
  options: ImportOptions,
  who: { at: string; by: string; today: string },
  hooks: ImportHooks = {},
): Promise<ImportResult> {
  if (!isStage(options.stage)) throw usageError('stage.unknown', { stage: options.stage });
  parseMapOption(options.map); // a bad --map is a usage error before anything is read
  const parseOptions: ParseOptions = {
    delimiter: options.delimiter,
    encoding: options.encoding,
    map: options.map,
    nullValues: options.nullValues,
    // Only updates meet conflicts in the database, and a rejected row goes to the rejects file as it was.
    keepRawFields: options.onDuplicate === 'update',
  };
  const writer = new ImportWriter(new ImportRepository(db), sourceName, options, options.stage, who, hooks);
  try {
    const batches = options.parallel ? parseInWorker(input, parseOptions) : parseInline(input, parseOptions);
    for await (const batch of batches) writer.write(batch);
    return writer.finish();
  } catch (error) {
    writer.abandon();
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

/** The database half: one transaction, opened when the header arrives, and the counts. */
class ImportWriter {
  private readonly counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  private readonly firstRejections: Rejection[] = [];
  private started: { importId: number; lastIdBefore: number; identity: boolean; bytesRead: number } | undefined;
  private readonly defaultFollowUp: string;

  constructor(
    private readonly repo: ImportRepository,
    private readonly sourceName: string,
    private readonly options: ImportOptions,
    private readonly defaultStage: Stage,
    private readonly who: { at: string; by: string; today: string },
    private readonly hooks: ImportHooks,
  ) {
    this.defaultFollowUp = addDays(who.today, DEFAULT_NURTURE_DAYS);
  }

  write(batch: ParsedBatch): void {
    if (batch.header) this.start(batch);
    if (!this.started) return;
    if (this.hooks.signal?.aborted) throw cancelled('import.cancelled');
    for (const rejection of batch.rejections) {
      this.counts.rows++;
      this.reject(rejection.fields, rejection.line, new BantError(rejection.kind, rejection.key, rejection.params));
    }
    const { packed } = batch;
    for (let offset = 0; offset < packed.length; offset += PACKED_STRIDE) {
      this.counts.rows++;
      if (this.options.onDuplicate === 'skip') this.createOrSkip(packed, offset);
      else this.createOrUpdate(packed, offset);
    }
    this.started.bytesRead = batch.bytesRead;
    this.hooks.onProgress?.(this.counts.rows, batch.bytesRead);
  }

  finish(): ImportResult {
    if (!this.started) throw invalidInput('import.noHeader');
    const { importId, lastIdBefore, identity } = this.started;
    this.repo.recordCreations(importId, lastIdBefore, this.who.at, this.who.by);
    this.repo.finishImport(importId, this.counts, new Date().toISOString());
    this.hooks.beforeCommit?.();
    if (this.options.dryRun) this.repo.rollback();
    else this.repo.commit();
    return {
      ...this.counts,
      importId: this.options.dryRun ? null : importId,
      dryRun: this.options.dryRun,
      firstRejections: this.firstRejections,
      recognised: { identity },
    };
  }

  abandon(): void {
    this.repo.rollback();
  }

  private start(batch: ParsedBatch): void {
    const header = batch.header!;
    this.hooks.onHeader?.(header.headers, header.delimiter, header.plan);
    this.repo.begin({ by: this.who.by, at: this.who.at });
    const { parallel: _parallel, ...recorded } = this.options;
    const importId = this.repo.recordImport(this.sourceName, this.who.at, this.who.by, { ...recorded, delimiter: header.delimiter, encoding: header.encoding });
    this.started = { importId, lastIdBefore: this.repo.lastLeadId(), identity: header.identity, bytesRead: 0 };
  }

  private reject(fields: string[], line: number, error: BantError): void {
    this.counts.rejected++;
    const rejection = { line, error };
    if (this.firstRejections.length < REJECTIONS_KEPT) this.firstRejections.push(rejection);
    this.hooks.onReject?.(fields, rejection);
  }

  /** --on-duplicate skip: the unique indexes find duplicates (email, else external id) faster than a look-up. */
  private createOrSkip(packed: ParsedBatch['packed'], offset: number): void {
    if (this.insert(packed, offset, true) === undefined) this.counts.skipped++;
    else this.counts.created++;
  }

  private createOrUpdate(packed: ParsedBatch['packed'], offset: number): void {
    const line = packed[offset + PACKED.line] as number;
    const email = packed[offset + PACKED.email] as string | null;
    const externalId = packed[offset + PACKED.externalId] as string | null;
    const key = packed[offset + PACKED.nameKey] as string | null;
    const match = key === null ? this.findExisting(email, externalId) : this.repo.findByNameKey(key);
    if (match instanceof BantError) return this.reject(this.rowFields(packed, offset), line, match);
    if (!match) {
      this.insert(packed, offset, false);
      this.counts.created++;
      return;
    }
    const stage = packed[offset + PACKED.stage] as Stage | null;
    const move = stage && stage !== match.stage ? stage : undefined;
    if (move && !canMoveManually(match.stage, move)) {
      return this.reject(this.rowFields(packed, offset), line, invalidInput('import.forbiddenMove', { id: match.id, from: match.stage, to: move }));
    }
    const followUpOn = (packed[offset + PACKED.followUpOn] as string | null) ?? (move === 'nurturing' ? this.defaultFollowUp : null);
    const score = packed[offset + PACKED.score] as number | null;
    const values = packedFieldValues(packed, offset);
    // A lead found by its name keeps its own spelling of that name: the name is what made them one lead.
    if (key !== null) for (const index of NAME_INDEXES) values[index] = null;
    this.repo.updateLead(match.id, values, packed[offset + PACKED.customJson] as string, { followUpOn, score }, this.who.at);
    // A lead created earlier in this same file gets its single history row at the end, at its final stage.
    if (move) this.repo.moveLead(match, move, this.who.at, this.who.by, match.id <= this.started!.lastIdBefore);
    this.counts.updated++;
  }

  private insert(packed: ParsedBatch['packed'], offset: number, ignoreDuplicate: boolean): number | undefined {
    const values = packedFieldValues(packed, offset);
    const sourceIndex = PACKED.source - PACKED.firstField;
    const ownerIndex = PACKED.owner - PACKED.firstField;
    if (values[sourceIndex] === null && this.options.source) values[sourceIndex] = this.options.source;
    if (values[ownerIndex] === null && this.options.owner) values[ownerIndex] = this.options.owner;
    const stage = (packed[offset + PACKED.stage] as Stage | null) ?? this.defaultStage;
    const followUpOn = stage === 'nurturing' ? ((packed[offset + PACKED.followUpOn] as string | null) ?? this.defaultFollowUp) : null;
    return this.repo.createLead(
      {
        values,
        stage,
        followUpOn,
        score: packed[offset + PACKED.score] as number | null,
        customJson: packed[offset + PACKED.customJson] as string,
        nameKey: packed[offset + PACKED.nameKey] as string | null,
        createdAt: (packed[offset + PACKED.createdAt] as string | null) ?? this.who.at,
      },
      this.started!.importId,
      this.who.at,
      ignoreDuplicate,
    );
  }

  /** A duplicate is the lead with the same email, else the same external id; an external id held by another lead is a conflict. */
  private findExisting(email: string | null, externalId: string | null): ExistingLead | BantError | undefined {
    const byEmail = email ? this.repo.findByEmail(email) : undefined;
    if (byEmail) {
      if (externalId && byEmail.externalId !== externalId) {
        const holder = this.repo.findByExternalId(externalId);
        if (holder && holder.id !== byEmail.id) return invalidInput('import.externalIdTaken', { externalId, id: holder.id, email: email! });
      }
      return byEmail;
    }
    return externalId ? this.repo.findByExternalId(externalId) : undefined;
  }

  private rowFields(packed: ParsedBatch['packed'], offset: number): string[] {
    return JSON.parse(packed[offset + PACKED.rawFields] as string) as string[];
  }
}
