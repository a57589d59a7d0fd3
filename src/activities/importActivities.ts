// `bant activity import`: a file of events (one row per event: who, what, when, and anything else) written in
// one transaction, then every lead it gave a new event rescored in that same transaction (promotions with
// cause `scoring`, re-engaged nurturing leads marked). Every row ends up counted once as created (a new
// event), skipped (an event its lead has already: importing a file twice stores nothing the second time) or
// rejected (with its line and reason): the same arithmetic as a lead import, `updated` always 0.

import { BantError, cancelled, invalidInput } from '../domain/errors.js';
import { planLeadCreation } from '../domain/planStageChange.js';
import { NO_LEAD_FIELDS } from '../domain/lead.js';
import type { DateOrder, EncodingOption } from '../import/importChoices.js';
import type { DateOrderReason } from '../import/readCreationDate.js';
import { inImportTransaction } from '../import/importTransaction.js';
import { parseInline, parseInWorker } from '../import/parseInWorker.js';
import { suggestIdentityMap } from '../import/mapHeaders.js';
import type { Rejection } from '../import/importLeads.js';
import { emptyCounts, rescoreLeads, type RescoreCounts, type RescoreTarget, type Scoring, type ScoringMoment } from '../scoring/rescoreLeads.js';
import type { ActivityImportWriter, ActivityToCreate, ImportCounts, Store, StoreTx } from '../store/store.js';
import { parseActivityMap, type ActivityColumnPlan } from './mapActivityHeaders.js';
import { ACTIVITY_PACKED as P, ACTIVITY_PACKED_STRIDE, ActivityRowParser, type ActivityParsedBatch, type ActivityParseOptions } from './parseActivityRows.js';

export interface ActivityImportOptions {
  map?: string;
  delimiter?: string;
  encoding?: EncodingOption;
  nullValues: string[];
  dateOrder?: DateOrder;
  /** Where events come from when the row does not say. */
  source?: string;
  /** An event of a lead bant does not know creates that lead (at stage `lead`) instead of being rejected. */
  createLeads: boolean;
  /** Hand skipped events to onSkip (a rejects file lists them). */
  listSkipped?: boolean;
  dryRun: boolean;
  parallel?: boolean;
}

export interface ActivityImportHooks {
  onHeader?(headers: string[], delimiter: string, plan: ActivityColumnPlan): void;
  onReject?(fields: string[], rejection: Rejection): void;
  onSkip?(fields: string[], line: number): void;
  onProgress?(rows: number, bytesRead: number): void;
  /** The leads the import touched are being rescored: how many so far, of how many. */
  onRescoring?(done: number, total: number): void;
  beforeCommit?(): void;
  signal?: AbortSignal;
}

export interface ActivityImportResult extends ImportCounts {
  importId: number | null;
  dryRun: boolean;
  firstRejections: Rejection[];
  headers: string[];
  plan: ActivityColumnPlan;
  dateOrder?: { order: DateOrder; reason: DateOrderReason };
  /** Leads created for events of leads bant did not know (--create-leads). */
  leadsCreated: number;
  /** New events of types no engagement rule of the model scores, per type: stored, counted, never dropped. */
  unscored: Record<string, number>;
  /** The rescoring of the leads that got new events. */
  scoring: RescoreCounts;
}

const REJECTIONS_KEPT = 20;
/** Leads looked up by email or external id, remembered for the next rows; bounded, so memory stays flat. */
const LEAD_CACHE_LIMIT = 200_000;

export async function importActivities(
  store: Store,
  input: AsyncIterable<Uint8Array>,
  sourceName: string,
  options: ActivityImportOptions,
  who: { at: string; by: string; today: string },
  scoring: Scoring,
  hooks: ActivityImportHooks = {},
): Promise<ActivityImportResult> {
  parseActivityMap(options.map); // a bad --map is a usage error before anything is read
  const parseOptions: ActivityParseOptions = {
    delimiter: options.delimiter,
    encoding: options.encoding,
    map: options.map,
    nullValues: options.nullValues,
    now: who.at,
    dateOrder: options.dateOrder,
    source: options.source,
    keepRawFields: Boolean(options.listSkipped),
  };
  const batches = options.parallel
    ? parseInWorker<ActivityParsedBatch>(new URL('./parseActivityRowsWorker.js', import.meta.url), input, parseOptions)
    : parseInline(new ActivityRowParser(parseOptions), input);
  return inImportTransaction(store, options.dryRun, async (tx) => {
    const importer = new ActivityImporter(tx, sourceName, options, who, scoring, hooks);
    for await (const batch of batches) await importer.write(batch);
    return importer.finish();
  });
}

/** Which leads got a new event: a bit per lead id, so a million of them cost 125 KB. */
class LeadSet {
  private bits = new Uint8Array(1024);
  size = 0;

  add(id: number): void {
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      const bigger = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      bigger.set(this.bits);
      this.bits = bigger;
    }
    const mask = 1 << (id & 7);
    if (!(this.bits[byte]! & mask)) {
      this.bits[byte]! |= mask;
      this.size++;
    }
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let byte = 0; byte < this.bits.length; byte++) {
      const value = this.bits[byte]!;
      if (value === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (value & (1 << bit)) yield byte * 8 + bit;
    }
  }
}

/** The database half: leads found (or created), events written, counts kept, the touched leads rescored. */
class ActivityImporter {
  private readonly counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  private readonly firstRejections: Rejection[] = [];
  private started: { writer: ActivityImportWriter; headers: string[]; plan: ActivityColumnPlan } | undefined;
  private dateOrder: ActivityImportResult['dateOrder'];
  private readonly touched = new LeadSet();
  private readonly byEmail = new Map<string, number>();
  private readonly byExternalId = new Map<string, number>();
  private readonly byId = new Map<number, number>();
  private leadsCreated = 0;
  private readonly unscored = new Map<string, number>();
  private readonly scoredTypes: Set<string>;
  private readonly moment: ScoringMoment;

  constructor(
    private readonly tx: StoreTx,
    private readonly sourceName: string,
    private readonly options: ActivityImportOptions,
    private readonly who: { at: string; by: string; today: string },
    private readonly scoring: Scoring,
    private readonly hooks: ActivityImportHooks,
  ) {
    this.scoredTypes = new Set(scoring.model.engagement.rules.flatMap((rule) => (typeof rule.type === 'string' ? [rule.type] : rule.type)));
    this.moment = { asOf: who.at, ...who };
  }

  async write(batch: ActivityParsedBatch): Promise<void> {
    if (batch.header) await this.start(batch);
    if (!this.started) return;
    if (batch.dateOrder) this.dateOrder = batch.dateOrder;
    if (this.hooks.signal?.aborted) throw cancelled('import.cancelled');
    for (const rejection of batch.rejections) {
      this.counts.rows++;
      this.reject(rejection.fields, rejection.line, new BantError(rejection.kind, rejection.key, rejection.params));
    }
    const { packed } = batch;
    await this.findLeads(packed);
    const rows: ActivityToCreate[] = [];
    const rowOffsets = new Map<number, number>();
    for (let offset = 0; offset < packed.length; offset += ACTIVITY_PACKED_STRIDE) {
      this.counts.rows++;
      let leadId = this.knownLead(packed, offset);
      if (leadId === 'create') leadId = await this.createLead(packed, offset);
      if (leadId instanceof BantError) {
        this.reject(this.rawFields(packed, offset), packed[offset + P.line] as number, leadId);
        continue;
      }
      const row: ActivityToCreate = {
        line: packed[offset + P.line] as number,
        leadId,
        type: packed[offset + P.type] as string,
        occurredAt: packed[offset + P.occurredAt] as string,
        source: packed[offset + P.source] as string | null,
        propertiesJson: packed[offset + P.propertiesJson] as string,
        eventKey: packed[offset + P.eventKey] as number,
      };
      rows.push(row);
      rowOffsets.set(row.line, offset);
    }
    const skipped = new Set(await this.started.writer.insertOrSkip(rows));
    for (const row of rows) {
      if (skipped.has(row.line)) {
        this.counts.skipped++;
        this.hooks.onSkip?.(this.rawFields(packed, rowOffsets.get(row.line)!), row.line);
        continue;
      }
      this.counts.created++;
      this.touched.add(row.leadId);
      if (!this.scoredTypes.has(row.type)) this.unscored.set(row.type, (this.unscored.get(row.type) ?? 0) + 1);
    }
    this.hooks.onProgress?.(this.counts.rows, batch.bytesRead);
  }

  async finish(): Promise<ActivityImportResult> {
    if (!this.started) throw invalidInput('import.noHeader');
    const { writer, headers, plan } = this.started;
    if (this.counts.rows > 0 && this.counts.rejected === this.counts.rows) {
      throw invalidInput('import.allRejected', { count: this.counts.rows, columns: listHeaders(headers) });
    }
    // Every lead with a new event, scored again with all its events, in this same transaction; its moves go
    // through the import's writer, which numbers the history rows it writes.
    const target: RescoreTarget = {
      read: (ids) => this.tx.scoring.leadsToScore(ids),
      writeScores: (scores) => this.tx.scoring.writeScores(scores),
      move: (plan) => writer.move(plan),
    };
    const total = this.touched.size;
    let done = 0;
    const scoring = total === 0 ? emptyCounts() : await rescoreLeads(target, this.touched, this.scoring, this.moment, () => {
      if (++done % 1000 === 0) this.hooks.onRescoring?.(done, total);
    });
    await writer.finish(this.counts, new Date().toISOString());
    this.hooks.beforeCommit?.();
    return {
      ...this.counts,
      importId: this.options.dryRun ? null : writer.importId,
      dryRun: this.options.dryRun,
      firstRejections: this.firstRejections,
      headers,
      plan,
      dateOrder: this.dateOrder,
      leadsCreated: this.leadsCreated,
      unscored: Object.fromEntries([...this.unscored].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
      scoring,
    };
  }

  private async start(batch: ActivityParsedBatch): Promise<void> {
    const header = batch.header!;
    const { fields } = header;
    const columns = listHeaders(header.headers);
    if (fields.email === undefined && fields.external_id === undefined && fields.bant_id === undefined) {
      throw invalidInput('activity.noIdentityColumn', { columns, map: suggestIdentityMap(header.headers) });
    }
    if (fields.type === undefined) throw invalidInput('activity.noTypeColumn', { columns });
    if (fields.occurred_at === undefined) throw invalidInput('activity.noDateColumn', { columns });
    this.hooks.onHeader?.(header.headers, header.delimiter, header.plan);
    const { parallel: _parallel, listSkipped: _listed, ...recorded } = this.options;
    const { id, version } = this.scoring.model;
    const writer = await this.tx.activityImports.begin({
      source: this.sourceName,
      at: this.who.at,
      by: this.who.by,
      options: { ...recorded, delimiter: header.delimiter, encoding: header.encoding, scoring: { id, version } },
      dryRun: this.options.dryRun,
    });
    this.started = { writer, headers: header.headers, plan: header.plan };
  }

  /** The leads a batch names, looked up together; known ones are remembered for the rows that follow. */
  private async findLeads(packed: ActivityParsedBatch['packed']): Promise<void> {
    if (this.byEmail.size + this.byExternalId.size + this.byId.size > LEAD_CACHE_LIMIT) {
      this.byEmail.clear();
      this.byExternalId.clear();
      this.byId.clear();
    }
    const emails = new Set<string>();
    const externalIds = new Set<string>();
    const ids = new Set<number>();
    for (let offset = 0; offset < packed.length; offset += ACTIVITY_PACKED_STRIDE) {
      const bantId = packed[offset + P.bantId] as number | null;
      const email = packed[offset + P.email] as string | null;
      const externalId = packed[offset + P.externalId] as string | null;
      if (bantId !== null && !this.byId.has(bantId)) ids.add(bantId);
      if (email !== null && !this.byEmail.has(email)) emails.add(email);
      if (externalId !== null && !this.byExternalId.has(externalId)) externalIds.add(externalId);
    }
    if (emails.size + externalIds.size + ids.size === 0) return;
    const found = await this.started!.writer.findLeads({ emails: [...emails], externalIds: [...externalIds], ids: [...ids] });
    // 0: looked for, not there (so a batch of events of an unknown lead asks once).
    for (const email of emails) this.byEmail.set(email, found.byEmail.get(email) ?? 0);
    for (const externalId of externalIds) this.byExternalId.set(externalId, found.byExternalId.get(externalId) ?? 0);
    for (const id of ids) this.byId.set(id, found.byId.has(id) ? id : 0);
  }

  /**
   * The row's lead: by bant's id, else its email, else its external id (a row whose email bant does not know
   * but whose external id it does is that lead's). 'create' for a lead to create (--create-leads).
   */
  private knownLead(packed: ActivityParsedBatch['packed'], offset: number): number | BantError | 'create' {
    const bantId = packed[offset + P.bantId] as number | null;
    const email = packed[offset + P.email] as string | null;
    const externalId = packed[offset + P.externalId] as string | null;
    if (bantId !== null) return this.byId.get(bantId) || invalidInput('activity.unknownLead', { lead: `#${bantId}` });
    const known = (email !== null ? this.byEmail.get(email) : 0) || (externalId !== null ? this.byExternalId.get(externalId) : 0);
    if (known) return known;
    return this.options.createLeads ? 'create' : invalidInput('activity.unknownLead', { lead: email ?? externalId! });
  }

  /** A lead for an event of an email or external id bant does not know, at stage `lead`, scored by who it is. */
  private async createLead(packed: ActivityParsedBatch['packed'], offset: number): Promise<number> {
    const email = packed[offset + P.email] as string | null;
    const externalId = packed[offset + P.externalId] as string | null;
    const { scorer } = this.scoring;
    const scores = scorer({ ...NO_LEAD_FIELDS, email, externalId, custom: {} }, [], this.who.at);
    const plan = planLeadCreation('lead', { at: this.who.at, by: this.who.by, cause: 'import', today: this.who.today });
    const id = await this.started!.writer.createLead({ email, externalId, scores: { fit: scores.fit, engagement: scores.engagement, total: scores.total, at: this.who.at } }, plan);
    this.leadsCreated++;
    if (email !== null) this.byEmail.set(email, id);
    if (externalId !== null) this.byExternalId.set(externalId, id);
    this.touched.add(id);
    return id;
  }

  private reject(fields: string[], line: number, error: BantError): void {
    this.counts.rejected++;
    const rejection = { line, error };
    if (this.firstRejections.length < REJECTIONS_KEPT) this.firstRejections.push(rejection);
    this.hooks.onReject?.(fields, rejection);
  }

  private rawFields(packed: ActivityParsedBatch['packed'], offset: number): string[] {
    const raw = packed[offset + P.rawFields] as string | null;
    return raw === null ? [] : (JSON.parse(raw) as string[]);
  }
}

/** The columns a file has, for messages (the first dozen). */
function listHeaders(headers: readonly string[]): string {
  const named = headers.map((header) => header.trim()).filter(Boolean);
  const shown = named.slice(0, 12).map((header) => `"${header}"`).join(', ');
  return named.length > 12 ? `${shown}…` : shown;
}
