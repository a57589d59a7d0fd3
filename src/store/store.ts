// The store: the one interface through which bant reads and writes its data, whatever the engine behind it
// (a SQLite file for one person, a PostgreSQL database for a team). Everything is async, and there is one
// way to write: `store.transaction(async (tx) => ...)`, all or nothing (Kysely's and Prisma's shape). Reads
// may run outside a transaction; writes exist only on `tx`, so the types say which code writes.
//
// Callers give and get domain objects (camelCase); rows (snake_case, as stored) and SQL stay in the engines,
// each of which keeps its own speed tricks (prepared statements and pragmas, COPY) to itself.

import type { Activity } from '../domain/activity.js';
import type { CustomFields, Lead, LeadFields, LeadRef } from '../domain/lead.js';
import type { CreationPlan, StageChange, StageChangePlan } from '../domain/planStageChange.js';
import type { Claim, DecisionToRecord, DraftAnswer, FrameworkStamp, QualificationRecord } from '../domain/qualification.js';
import type { MqlThreshold } from '../domain/scoringModel.js';
import type { Stage } from '../domain/stages.js';
import type { NewLeadTextRows } from './newLeadTextRows.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store extends StoreReads {
  readonly engine: Engine;
  /** Where the data lives, fit to print: the file's path, or the URL with its password hidden. */
  readonly location: string;
  /** The same for two stores on the same data, however they were named (a file's inode, a server's database). */
  readonly identity: string;
  /**
   * Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. Concurrent
   * writers (other processes, other SDRs) queue rather than fail. `bulk` lets the engine prepare for a large
   * write (an import, a copy); `rollback` undoes the work once it is done (a dry run); `snapshot` reads one
   * consistent state of the whole database and writes nothing (the source of a copy). Never nested.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * After an erasure (`leads forget`) is committed: rids the database of older copies of what was erased
   * (SQLite rewrites its file and empties its -wal; PostgreSQL vacuums). False when another process kept it
   * from finishing; the erasure itself stands either way.
   */
  eraseTraces(): Promise<boolean>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  bulk?: boolean;
  rollback?: boolean;
  snapshot?: boolean;
}

export interface StoreReads {
  readonly leads: LeadReads;
  readonly activities: ActivityReads;
  readonly scoring: ScoringReads;
  readonly qualifications: QualificationReads;
  readonly frameworks: FrameworkReads;
  readonly reports: ReportReads;
  readonly dump: DumpReads;
  readonly learning: LearningReads;
}

export interface StoreTx {
  readonly leads: LeadReads & LeadWrites;
  readonly activities: ActivityReads & ActivityWrites;
  readonly scoring: ScoringReads & ScoringWrites;
  readonly qualifications: QualificationReads & QualificationWrites;
  readonly frameworks: FrameworkReads & FrameworkWrites;
  readonly imports: ImportWrites;
  readonly activityImports: ActivityImportWrites;
  readonly reports: ReportReads;
  readonly dump: DumpReads;
  readonly copy: CopyWrites;
  readonly learning: LearningReads;
}

// ---- Leads and their stage history ----

export const SORTABLE_FIELDS = [
  'id', 'email', 'first_name', 'last_name', 'company', 'title', 'country', 'industry', 'employees',
  'annual_revenue', 'source', 'owner', 'stage', 'score', 'follow_up_on', 'created_at', 'updated_at',
] as const;
export type SortableField = (typeof SORTABLE_FIELDS)[number];

export interface LeadFilter {
  stages?: Stage[];
  owner?: string;
  source?: string;
  /** Name, email, company, title, external id; accents and case ignored. */
  search?: string;
  sort?: { field: SortableField; descending: boolean };
  limit?: number;
  offset?: number;
}

export interface NewLead {
  fields: Partial<LeadFields>;
  custom: CustomFields;
}

/** A lead in the qualification queue, and who is working on it now if someone else is. */
export interface QueuedLead {
  lead: Lead;
  claim: Claim | null;
}

export interface LeadReads {
  get(id: number): Promise<Lead | undefined>;
  /** A numeric ref is an id first, then an external id (HubSpot's record ids are numbers too). */
  find(ref: LeadRef): Promise<Lead | undefined>;
  /** One page of matching leads, and whether more follow (no total: counting costs more than the page). */
  list(filter: LeadFilter): Promise<{ leads: Lead[]; more: boolean }>;
  /** Every matching lead in id order, a few at a time: an export of a million leads never holds them all. */
  iterate(filter: LeadFilter): AsyncIterable<Lead>;
  /** The custom field names the matching leads use, in the order they first appear. */
  customFieldNames(filter: LeadFilter): Promise<string[]>;
  history(leadId: number): Promise<StageChange[]>;
  /**
   * MQLs, nurturing leads whose follow-up is due, and re-engaged nurturing leads whatever their follow-up date;
   * best lead score, then oldest, first.
   */
  qualificationQueue(today: string, now: string, limit: number): Promise<QueuedLead[]>;
  /** Leads in nurturing, due first; with `dueBy`, only those due by then. */
  nurturing(dueBy?: string): Promise<Lead[]>;
}

export interface LeadWrites {
  /** Creates a lead at the plan's stage with its first history row; a taken email or external id is exit 3. */
  create(lead: NewLead, plan: CreationPlan): Promise<Lead>;
  /** Sets the given fields (null clears one) and the custom fields. */
  update(id: number, fields: Partial<LeadFields>, custom: CustomFields, at: string): Promise<Lead>;
  assignOwner(ids: number[], owner: string, at: string): Promise<void>;
  /**
   * The lead as it is now, and no other writer may change it until the transaction ends (PostgreSQL locks
   * the row; SQLite's write transaction already holds the whole file).
   */
  getForUpdate(id: number): Promise<Lead | undefined>;
  /**
   * Applies a planned stage change; exit 3 (nothing written) if the lead moved since it was read. A lead that
   * changes stage is no longer re-engaged: whoever moved it saw it.
   */
  applyStageChange(plan: StageChangePlan): Promise<Lead>;
  /**
   * After a qualification: the follow-up date (a nurturing lead qualified again stays in nurturing with a new
   * one), and the lead is no longer re-engaged. The BANT score stays on the qualification, not on the lead.
   */
  setQualificationResult(id: number, followUpOn: string | null, at: string): Promise<void>;
  /**
   * Erases the person (GDPR/RGPD): their fields, custom fields, name key, the reasons of their history and the
   * properties of their activities.
   */
  forget(id: number, at: string): Promise<void>;
}

// ---- Activities: what leads did ----

/** An activity to store; the engine gives it its id. */
export interface NewActivity {
  leadId: number;
  type: string;
  occurredAt: string;
  source: string | null;
  properties: Record<string, string>;
  /** activityEventKey(type, occurredAt, properties): a lead's same event is stored once. */
  eventKey: number;
}

export interface ActivityReads {
  /** A lead's activities, oldest first (ties in the order they were stored). */
  forLead(leadId: number): Promise<Activity[]>;
}

export interface ActivityWrites {
  /** Stores the activity unless the lead has that same event already; says which, with the stored one. */
  add(activity: NewActivity, at: string): Promise<{ activity: Activity; added: boolean }>;
}

// ---- Scores: what scoring reads and writes ----

/**
 * A lead as scoring needs it: the lead, all its activities (oldest first), and when it was last qualified
 * (null if never): a nurturing lead is re-engaged by what it did after that.
 */
export interface LeadToScore {
  lead: Lead;
  activities: Activity[];
  lastQualifiedAt: string | null;
}

/** The scores of one lead as computed: what the lead keeps for sorting, and whether it came back. */
export interface ScoresToWrite {
  id: number;
  fit: number;
  engagement: number;
  total: number;
  scoredAt: string;
  reengagedAt: string | null;
}

export interface ScoringReads {
  /** These leads (in id order; forgotten ones left out), each with its activities. */
  leadsToScore(ids: readonly number[]): Promise<LeadToScore[]>;
  /**
   * The next `limit` leads (not forgotten) after the lead `afterId`, in id order, with their activities:
   * `bant score --all` walks a million leads this way, one page in memory at a time.
   */
  pageToScore(afterId: number, limit: number): Promise<LeadToScore[]>;
}

export interface ScoringWrites {
  writeScores(scores: readonly ScoresToWrite[]): Promise<void>;
}

// ---- Outcomes: what learning a scoring model reads (bant score learn) ----

/**
 * A lead whose outcome is known (PRODUCT.md, "Learning a scoring model from outcomes"), with only what was
 * known of it before that outcome: what it did after it (a customer's onboarding emails) would teach the model
 * the answer. Its fields are as they are now: bant keeps no history of field values.
 */
export interface LeadOutcome {
  lead: Lead;
  /** Reached sql or customer (at any time); else it was disqualified, or qualified and never reached sql. */
  converted: boolean;
  /**
   * When the outcome became known: the first time it reached sql or customer; for one that never did, the
   * first time it was disqualified or qualified, whichever came first (from the stage history and qualifications).
   */
  outcomeAt: string;
  /** Its activities that happened before `outcomeAt`, oldest first; later ones are never read. */
  activities: Activity[];
  /** How many of those there are of each type. */
  activityCounts: Record<string, number>;
}

export interface LearningReads {
  /**
   * The next `limit` leads with a known outcome (not forgotten) after the lead `afterId`, in id order:
   * `bant score learn` reads a million leads this way, one page in memory at a time.
   */
  outcomesPage(afterId: number, limit: number): Promise<LeadOutcome[]>;
  /** Leads (not forgotten) with no outcome yet: scored, but not learned from. */
  countWithoutOutcome(): Promise<number>;
}

// ---- Qualifications ----

export interface QualificationReads {
  findDraft(leadId: number, sdr: string): Promise<QualificationRecord | undefined>;
  /** Every decided qualification of a lead, oldest first (drafts are work in progress, not attempts). */
  listForLead(leadId: number): Promise<QualificationRecord[]>;
  /**
   * The latest decided qualification of each of the leads that have one (the one `why` explains), in a few
   * queries however many leads: a hand-off export of a whole pipeline reads them a page of leads at a time.
   */
  latestForLeads(leadIds: readonly number[]): Promise<Map<number, QualificationRecord>>;
  /** Who holds a live claim on the lead at `now`, if anyone. */
  claimOf(leadId: number, now: string): Promise<Claim | undefined>;
}

export interface QualificationWrites {
  /** The framework (its hash) must be kept first: `frameworks.keep`. */
  startDraft(leadId: number, sdr: string, framework: FrameworkStamp, at: string): Promise<number>;
  saveAnswer(qualificationId: number, questionId: string, value: DraftAnswer): Promise<void>;
  saveNote(qualificationId: number, criterion: string, note: string): Promise<void>;
  discardDraft(qualificationId: number): Promise<void>;
  /** Writes a decided qualification (the draft becomes it, or a new one); returns its id. */
  recordDecision(decision: DecisionToRecord): Promise<number>;
  /**
   * Claims the lead for `claim.sdr` unless another SDR holds a live claim: returns the claim that holds
   * the lead afterwards (the caller's, or the other SDR's).
   */
  claim(claim: Claim, now: string): Promise<Claim>;
  release(leadId: number, sdr: string): Promise<void>;
  /**
   * Erases the person's words from their qualifications (`leads forget`): drafts go entirely; decided ones
   * keep their decision, statuses and score (the reports' anonymous counts) but lose notes, the override's
   * reason and every text answer.
   */
  eraseWords(leadId: number): Promise<void>;
}

// ---- Frameworks the qualifications were decided under ----

/**
 * A framework's whole content as it was used, kept once however many qualifications were decided under it
 * (a million qualifications would otherwise carry a million copies), keyed by the hash of the content.
 */
export interface StoredFramework {
  hash: string;
  id: string;
  version: number;
  /** The framework as JSON, readable by checkFramework like a file. */
  content: string;
}

export interface FrameworkReads {
  get(hash: string): Promise<StoredFramework | undefined>;
}

export interface FrameworkWrites {
  /** Keeps the framework unless a framework with the same hash is kept already. */
  keep(framework: StoredFramework, at: string): Promise<void>;
}

// ---- Imports ----

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

/** A lead as an import hands it over: field values in LEAD_FIELDS order, custom fields already as JSON. */
export interface LeadToCreate {
  /** The row's line in the file, to say which one a skipped duplicate was. */
  line: number;
  values: (string | number | null)[];
  stage: Stage;
  followUpOn: string | null;
  /** The lead score of a new lead, computed while the row was read (a new lead has no activities yet). */
  scores: { fit: number; engagement: number; total: number; at: string } | null;
  customJson: string;
  /** Set for a lead known only by its name: its folded person name and company (src/domain/lead.ts). */
  nameKey: string | null;
  createdAt: string;
}

/** A row an import skipped, and the lead it duplicates (when asked for: it costs a look-up on SQLite). */
export interface SkippedRow {
  line: number;
  duplicateOf?: { id: number; email: string | null; externalId: string | null };
}

/** What an import needs to know of a lead already in the database. */
export interface ExistingLead {
  id: number;
  stage: Stage;
  email: string | null;
  externalId: string | null;
  stageChangedAt: string;
}

export interface ImportWrites {
  /**
   * How the engine takes the new leads of an import that skips duplicates: as values (`createOrSkip`), or as
   * text rows the import's parser writes while it reads the file (`createOrSkipTextRows`, src/store/newLeadTextRows.ts).
   */
  readonly newLeadsAs: 'values' | 'text-rows';
  /** `dryRun`: the transaction will be rolled back; the import must leave no trace (PostgreSQL's sequences). */
  begin(record: { source: string; at: string; by: string; options: Record<string, unknown>; dryRun: boolean }): Promise<LeadImportWriter>;
}

/** One import's writes, inside its transaction. */
export interface LeadImportWriter {
  readonly importId: number;
  /**
   * Creates each lead unless its email or external id is already taken (in the database, or by an earlier
   * row); returns the lines of the rows it skipped, and, when asked, the lead each duplicates.
   */
  createOrSkip(rows: readonly LeadToCreate[], options: { describeDuplicates: boolean }): Promise<SkippedRow[]>;
  /**
   * The same for new leads as text rows (only where `newLeadsAs` says so), without waiting for them to be
   * written, so that reading the file and writing it overlap: `written` settles once they are (or are skipped),
   * in the order batches were handed over, and `taken` once the store can take the next batch (it holds a few
   * at most). Every batch is written by `finishCreations` at the latest. Ids follow the order of the rows, as
   * `createOrSkip` gives them.
   */
  createOrSkipTextRows?(rows: NewLeadTextRows, options: { describeDuplicates: boolean }): { written: Promise<SkippedRow[]>; taken: Promise<void> };
  /** Creates a lead known not to exist (the update policy looked first). */
  create(row: LeadToCreate): Promise<number>;
  findByEmail(email: string): Promise<ExistingLead | undefined>;
  findByExternalId(externalId: string): Promise<ExistingLead | undefined>;
  findByNameKey(nameKey: string): Promise<ExistingLead | undefined>;
  /** Fills and overwrites with the row's values; a null keeps the lead's value; custom fields are merged. */
  update(id: number, row: LeadToCreate, at: string): Promise<void>;
  /**
   * Moves a lead. A lead created earlier by this same import gets no history row now: `finishCreations`
   * writes its one creation row at the stage it is at then. After `finishCreations`, every move has its row.
   */
  move(plan: StageChangePlan): Promise<void>;
  /** Whether a move of this lead now would be folded into its creation row (created by this import, row not written yet). */
  creationPending(id: number): boolean;
  /** The creation history of the leads this import created (and every batch of text rows written). */
  finishCreations(): Promise<void>;
  /** The import's counts; then the import is done (PostgreSQL: the numbers it used are taken). */
  finish(counts: ImportCounts, at: string): Promise<void>;
}

/** An activity as an activity import hands it over (its lead found), with the row's line for messages. */
export interface ActivityToCreate {
  line: number;
  leadId: number;
  type: string;
  occurredAt: string;
  source: string | null;
  propertiesJson: string;
  eventKey: number;
}

/** A lead an activity import creates for an event of a lead it does not know (`--create-leads`). */
export interface LeadFromActivity {
  email: string | null;
  externalId: string | null;
  scores: { fit: number; engagement: number; total: number; at: string };
}

export interface ActivityImportWrites {
  begin(record: { source: string; at: string; by: string; options: Record<string, unknown>; dryRun: boolean }): Promise<ActivityImportWriter>;
}

/** One activity import's writes, inside its transaction. */
export interface ActivityImportWriter {
  readonly importId: number;
  /** The leads (not forgotten) that these emails, external ids and bant ids name; the others are not in the maps. */
  findLeads(refs: { emails: readonly string[]; externalIds: readonly string[]; ids: readonly number[] }): Promise<{
    byEmail: Map<string, number>;
    byExternalId: Map<string, number>;
    byId: Set<number>;
  }>;
  /** Creates a lead as planned (stage `lead`), with its history row; returns its id. */
  createLead(lead: LeadFromActivity, plan: CreationPlan): Promise<number>;
  /** Stores each activity unless its lead has that event already (or an earlier row was it); returns the lines skipped. */
  insertOrSkip(rows: readonly ActivityToCreate[]): Promise<number[]>;
  /** A stage change (scoring's promotions of the leads the import touched), with its history row. */
  move(plan: StageChangePlan): Promise<void>;
  /** The import's counts; then the import is done (PostgreSQL: the numbers it used are taken). */
  finish(counts: ImportCounts, at: string): Promise<void>;
}

// ---- Reports: counts computed by the engine, never lists of leads ----

export interface ReportFilter {
  /** Inclusive start and exclusive end, as ISO dates or instants (compared as text, which ISO allows). */
  from?: string;
  to?: string;
  owner?: string;
  source?: string;
}

export const GROUP_KEYS = ['owner', 'source'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** The gaps of the qualifications decided under one framework (by id: its versions together). */
export interface FrameworkGapCounts {
  frameworkId: string;
  /** What the latest of these qualifications was decided under (its labels and order), when it was kept. */
  latestHash: string | null;
  qualifications: number;
  nurturing: number;
  criteria: { criterion: string; met: number; partial: number; unmet: number; unknown: number; sentToNurturing: number }[];
}

export interface GapCounts {
  /** One entry per framework the period's qualifications were decided under, most used first. */
  frameworks: FrameworkGapCounts[];
}

export interface SdrCounts {
  outcomes: { sdr: string; qualifications: number; sql: number; nurturing: number; disqualified: number }[];
  /**
   * Hours from the lead reaching mql to the decision: for each SDR, only the decision in the middle of theirs
   * ranked by hours, or the two in the middle when they have an even number. Their median is each SDR's median.
   */
  hoursToDecision: { sdr: string; hours: number }[];
}

export interface StaleLead {
  id: number;
  name: string;
  stage: Stage;
  since: string;
  owner: string | null;
}

/** Leads per score band: how many, how many have a known outcome, how many of those converted. */
export interface ScoreBandCounts {
  /** floor(score / width); null: not scored yet. */
  band: number | null;
  leads: number;
  withOutcome: number;
  converted: number;
}

/** A lead under the MQL threshold, and its scores. */
export interface LeadNearThreshold {
  id: number;
  name: string;
  stage: Stage;
  fit: number;
  engagement: number;
  total: number;
}

export interface ReportReads {
  /** Leads per stage (and per owner or source), among the leads created in the period. */
  stageCounts(filter: ReportFilter, by?: GroupKey): Promise<{ group: string | null; stage: Stage; count: number }[]>;
  /** Of the leads created in the period: how many, and how many reached at least each funnel step. */
  funnel(filter: ReportFilter): Promise<{ created: number; reached: number[] }>;
  gaps(filter: ReportFilter): Promise<GapCounts>;
  sdr(filter: ReportFilter): Promise<SdrCounts>;
  /** How many leads entered their current stage on each day. */
  stageEntryDays(filter: ReportFilter): Promise<{ stage: Stage; day: string; count: number }[]>;
  /** Open leads (not customer, not disqualified) in their stage since before `before`, oldest first. */
  staleLeads(filter: ReportFilter, before: string, limit: number): Promise<StaleLead[]>;
  /**
   * Leads per band of `width` points of lead score. An outcome is known when the lead reached sql (or
   * customer: converted), was disqualified, or was qualified (and never reached sql: not converted).
   */
  scoreBands(filter: ReportFilter, width: number): Promise<ScoreBandCounts[]>;
  /**
   * Prospects and leads that do not meet `threshold` but are within `margin` points of one of its ways (each
   * part of it): how many, and the `limit` closest (by total, highest first).
   */
  nearThreshold(filter: ReportFilter, threshold: MqlThreshold, margin: number, limit: number): Promise<{ count: number; leads: LeadNearThreshold[] }>;
}

// ---- A whole database, table by table (bant db copy) ----

/** The tables a copy moves, in an order that keeps references valid, with the columns both engines share. */
export const COPIED_TABLES = [
  { name: 'imports', key: ['id'], columns: ['id', 'kind', 'source', 'started_at', 'finished_at', 'by', 'options', 'rows', 'created', 'updated', 'skipped', 'rejected'] },
  {
    name: 'leads',
    key: ['id'],
    columns: [
      'id', 'email', 'first_name', 'last_name', 'company', 'title', 'phone', 'country', 'industry', 'employees', 'annual_revenue', 'source', 'owner',
      'external_id', 'stage', 'reached_rank', 'score', 'fit_score', 'engagement_score', 'scored_at', 'reengaged_at', 'follow_up_on', 'custom', 'created_at',
      'updated_at', 'stage_changed_at', 'forgotten_at', 'import_id', 'name_key',
    ],
  },
  { name: 'stage_history', key: ['id'], columns: ['id', 'lead_id', 'from_stage', 'to_stage', 'at', 'by', 'reason', 'cause'] },
  { name: 'stage_days', key: ['stage', 'day'], columns: ['stage', 'day', 'count'] },
  { name: 'frameworks', key: ['hash'], columns: ['hash', 'id', 'version', 'content', 'kept_at'] },
  {
    name: 'qualifications',
    key: ['id'],
    columns: [
      'id', 'lead_id', 'status', 'sdr', 'framework_id', 'framework_version', 'framework_hash', 'notes', 'decision', 'final_stage', 'override_reason',
      'score', 'follow_up_on', 'reasons', 'policy', 'started_at', 'decided_at', 'reached_mql_at', 'hours_to_decision',
    ],
  },
  { name: 'qualification_answers', key: ['qualification_id', 'question_id'], columns: ['qualification_id', 'question_id', 'value'] },
  { name: 'qualification_criteria', key: ['criterion', 'qualification_id'], columns: ['qualification_id', 'criterion', 'status', 'rule', 'explain'] },
  {
    name: 'criterion_days',
    key: ['framework_id', 'day', 'criterion', 'status', 'nurturing'],
    columns: ['framework_id', 'day', 'criterion', 'status', 'nurturing', 'count'],
  },
  { name: 'claims', key: ['lead_id'], columns: ['lead_id', 'sdr', 'claimed_at', 'expires_at'] },
  { name: 'activities', key: ['id'], columns: ['id', 'lead_id', 'type', 'occurred_at', 'source', 'properties', 'import_id', 'event_key', 'recorded_at'] },
] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number]['name'];

/** A row as both engines store it: numbers and texts (JSON kept as text), in COPIED_TABLES column order. */
export type PlainRow = (string | number | null)[];

export interface DumpReads {
  /** Rows per copied table. */
  counts(): Promise<Record<CopiedTable, number>>;
  /** The table's rows in key order, in batches. */
  rows(table: CopiedTable): AsyncIterable<PlainRow[]>;
}

export interface CopyWrites {
  insertRows(table: CopiedTable, rows: readonly PlainRow[]): Promise<void>;
  /** After rows were inserted with their own ids: new rows must get ids after them. */
  finishCopy(): Promise<void>;
}
