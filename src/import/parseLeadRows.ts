// The CPU half of an import: CSV records → checked lead drafts, packed into flat arrays that cross to
// the database half cheaply (a worker thread's messages copy flat arrays of strings and numbers much faster
// than objects). Synchronous and free of I/O: the same code runs in the worker and inline.

import { checkMql, describeMqlCrossing } from '../domain/checkMql.js';
import { BantError, invalidInput } from '../domain/errors.js';
import { LEAD_FIELDS, type CustomFields } from '../domain/lead.js';
import { compileScoringModel, type LeadScorer, type ScorableLead } from '../domain/scoreLead.js';
import type { ScoringModel } from '../domain/scoringModel.js';
import { NewLeadTextBatch, type NewLeadTextRows, textRowsBuffers } from '../store/newLeadTextRows.js';
import { parseMapOption, planColumns, type ColumnPlan } from './mapHeaders.js';
import { CsvReader, type CsvReading } from './readCsv.js';
import { CreationDateReader, type DateOrder, type DateOrderReason } from './readCreationDate.js';
import { readLeadRow, type LeadDraft, type RowOptions } from './readLeadRow.js';
import type { EncodingOption } from './importChoices.js';
import { withNewLeadDefaults, type NewLeadDefaults } from './newLeadDefaults.js';

export interface ParseOptions {
  delimiter?: string;
  encoding?: EncodingOption;
  map?: string;
  nullValues: string[];
  /** Keep each row's original fields (as JSON) beside its values, for rejections and duplicates found later. */
  keepRawFields?: boolean;
  /** The import's time (ISO 8601): a creation date later than that is suspect. */
  now: string;
  /** The order of numeric creation dates (03/04/2026), when the user says it. */
  dateOrder?: DateOrder;
  /**
   * The scoring model: a new lead's score is computed here, in the worker, from its fields (it has no
   * activities yet), and written with the row. Without it, rows carry no score.
   */
  scoring?: ScoringModel;
  /**
   * New leads as text rows (the store takes them so, src/store/newLeadTextRows.ts), complete with the import's
   * defaults, rather than packed values: written here, in the worker, for the database half to send as they are.
   */
  textRows?: NewLeadDefaults;
}

export interface ParsedHeader extends CsvReading {
  plan: ColumnPlan;
  /** Whether any column gives an email, an external id or a name. */
  identity: boolean;
}

export interface PackedRejection {
  line: number;
  fields: string[];
  kind: BantError['kind'];
  key: string;
  params: BantError['params'];
}

/** What one chunk of the file gave: rows packed PACKED_STRIDE values apiece, and rows rejected. */
export interface ParsedBatch {
  header?: ParsedHeader;
  /** Set once, when the order of the file's numeric creation dates is decided. */
  dateOrder?: { order: DateOrder; reason: DateOrderReason };
  packed: (string | number | null)[];
  /** With `textRows`: the new leads, instead of `packed`. */
  text?: NewLeadTextRows;
  /** With `textRows`: the new leads whose own score crosses the MQL threshold, to promote once created. */
  promote?: NewLeadIdentity[];
  /** With `textRows` and `keepRawFields`: each text row's original fields, as JSON. */
  rawFields?: string[];
  rejections: PackedRejection[];
  bytesRead: number;
}

export interface NewLeadIdentity {
  email: string | null;
  externalId: string | null;
  nameKey: string | null;
}

/** The memory of a batch that can move to another thread rather than be copied. */
export function parsedBatchBuffers(batch: ParsedBatch): ArrayBuffer[] {
  return batch.text ? textRowsBuffers(batch.text) : [];
}

// line, the lead fields in LEAD_FIELDS order, stage, follow_up_on, created_at, custom fields as JSON, the
// name key (for a lead known only by its name), the scores of the lead as new (fit, engagement, total, and the
// MQL threshold it crosses, or null), the row's original fields as JSON (or null)
const FIELD_COUNT = LEAD_FIELDS.length;
export const PACKED_STRIDE = 1 + FIELD_COUNT + 10;
const IDENTITY_FIELDS: readonly string[] = ['email', 'external_id', 'first_name', 'last_name', 'full_name', 'company'];
/** Rows held back while the creation dates' day/month order is learnt from the column. */
const DATE_SAMPLE_ROWS = 1000;

export class LeadRowParser {
  private readonly reader: CsvReader;
  private readonly rowOptions: RowOptions;
  private readonly keepRawFields: boolean;
  private readonly scoring: { model: ScoringModel; scorer: LeadScorer; asOf: string } | undefined;
  private plan: ColumnPlan | undefined;
  private headers: string[] = [];
  private headerLength = 0;
  /** The creation date column, while its numeric dates' order is still being learnt. */
  private learningDates: { index: number; held: { fields: string[]; line: number }[] } | undefined;
  private batch: ParsedBatch;
  private readonly textRows: { defaults: NewLeadDefaults; batch: NewLeadTextBatch } | undefined;

  constructor(options: ParseOptions) {
    const overrides = parseMapOption(options.map);
    const creationDates = new CreationDateReader(options.now, options.dateOrder);
    this.rowOptions = { nullValues: new Set(options.nullValues.map((value) => value.trim().toLowerCase()).filter(Boolean)), creationDates };
    this.keepRawFields = Boolean(options.keepRawFields);
    if (options.scoring) this.scoring = { model: options.scoring, scorer: compileScoringModel(options.scoring), asOf: options.now };
    if (options.textRows) this.textRows = { defaults: options.textRows, batch: new NewLeadTextBatch(options.textRows.at, options.textRows.by) };
    this.batch = this.newBatch();
    this.reader = new CsvReader(options, {
      header: (reading) => {
        this.plan = planColumns(reading.headers, overrides);
        this.headers = reading.headers;
        this.headerLength = reading.headers.length;
        const identity = this.plan.columns.some((column) => 'field' in column.target && IDENTITY_FIELDS.includes(column.target.field));
        this.batch.header = { ...reading, plan: this.plan, identity };
        const dateColumn = this.plan.columns.find((column) => 'field' in column.target && column.target.field === 'created_at');
        if (dateColumn && !creationDates.order) this.learningDates = { index: dateColumn.index, held: [] };
        else if (creationDates.order) this.batch.dateOrder = { order: creationDates.order, reason: creationDates.orderReason! };
      },
      record: (fields, line) => (this.learningDates ? this.hold(fields, line) : this.record(fields, line)),
      undecodable: (fields, line, problem) => {
        const column = this.headers[problem.column] || `#${problem.column + 1}`;
        this.batch.rejections.push({ line, fields, kind: 'invalidInput', key: 'import.notUtf8Row', params: { bytes: problem.bytes, column } });
      },
    });
  }

  /** Until a date in the column says day or month first (or enough rows said nothing), rows wait. */
  private hold(fields: string[], line: number): void {
    const learning = this.learningDates!;
    learning.held.push({ fields, line });
    const decided = this.rowOptions.creationDates!.learn(fields[learning.index] ?? '');
    if (decided || learning.held.length >= DATE_SAMPLE_ROWS) this.release();
  }

  private release(): void {
    const learning = this.learningDates;
    if (!learning) return;
    this.learningDates = undefined;
    const creationDates = this.rowOptions.creationDates!;
    creationDates.decide();
    if (creationDates.numericSeen) this.batch.dateOrder = { order: creationDates.order!, reason: creationDates.orderReason! };
    for (const { fields, line } of learning.held) this.record(fields, line);
  }

  push(bytes: Uint8Array): ParsedBatch {
    this.reader.push(bytes);
    return this.take();
  }

  end(): ParsedBatch {
    this.reader.end();
    this.release();
    return this.take();
  }

  private take(): ParsedBatch {
    const batch = this.batch;
    batch.bytesRead = this.reader.bytesRead;
    if (this.textRows) batch.text = this.textRows.batch.take();
    this.batch = this.newBatch();
    return batch;
  }

  private newBatch(): ParsedBatch {
    return this.textRows ? { packed: [], promote: [], rawFields: this.keepRawFields ? [] : undefined, rejections: [], bytesRead: 0 } : { packed: [], rejections: [], bytesRead: 0 };
  }

  private record(fields: string[], line: number): void {
    const shapeError = checkRowShape(fields, this.headerLength);
    const draft = shapeError ?? readLeadRow(fields, this.plan!, this.rowOptions);
    if (draft instanceof BantError) {
      this.batch.rejections.push({ line, fields, kind: draft.kind, key: draft.key, params: draft.params });
      return;
    }
    if (this.textRows) return this.writeTextRow(draft, line, fields);
    const out = this.batch.packed;
    packDraft(draft, line, out);
    if (this.scoring) {
      const { model, scorer, asOf } = this.scoring;
      const score = scorer(scorableDraft(draft.values, draft.custom), NO_ACTIVITIES, asOf);
      out.push(score.fit, score.engagement, score.total, score.mql ? describeMqlCrossing(checkMql(model.mql, score)) : null);
    } else out.push(null, null, null, null);
    out.push(this.keepRawFields ? JSON.stringify(fields) : null);
  }

  private writeTextRow(draft: LeadDraft, line: number, fields: string[]): void {
    const { defaults, batch } = this.textRows!;
    // Scored before the import's defaults fill in the source and owner: as the packed rows are.
    const score = this.scoring && this.scoring.scorer(scorableDraft(draft.values, draft.custom), NO_ACTIVITIES, this.scoring.asOf);
    const { values, stage, followUpOn, createdAt } = withNewLeadDefaults(
      draft.values,
      { stage: draft.stage ?? null, followUpOn: draft.followUpOn ?? null, createdAt: draft.createdAt ?? null },
      defaults,
    );
    const nameKey = draft.nameKey ?? null;
    const scores = score ? { fit: score.fit, engagement: score.engagement, total: score.total, at: defaults.at } : null;
    batch.add({ values, stage, followUpOn, createdAt, nameKey, scores, customJson: JSON.stringify(draft.custom) }, line);
    if (score?.mql && (stage === 'prospect' || stage === 'lead')) {
      this.batch.promote!.push({ email: values[PACKED.email - PACKED.firstField] as string | null, externalId: values[PACKED.externalId - PACKED.firstField] as string | null, nameKey });
    }
    this.batch.rawFields?.push(JSON.stringify(fields));
  }
}

/**
 * Extra empty fields at the end of a row (a trailing delimiter) are harmless; any other length mismatch is not.
 * Nor is a NUL character: PostgreSQL cannot store one in a text, so neither engine takes the row (a file that
 * starts with NULs is refused whole as binary; one further down would otherwise fail a PostgreSQL import).
 */
export function checkRowShape(fields: string[], headerLength: number): BantError | undefined {
  for (let index = 0; index < fields.length; index++) {
    if (fields[index]!.includes('\u0000')) return invalidInput('import.nulCharacter', { position: index + 1 });
  }
  if (fields.length === headerLength) return undefined;
  if (fields.length > headerLength && fields.slice(headerLength).every((field) => field.trim() === '')) return undefined;
  return invalidInput('import.wrongFieldCount', { found: fields.length, expected: headerLength });
}

function packDraft(draft: LeadDraft, line: number, out: (string | number | null)[]): void {
  out.push(line);
  for (const value of draft.values) out.push(value);
  out.push(draft.stage ?? null, draft.followUpOn ?? null, draft.createdAt ?? null);
  out.push(JSON.stringify(draft.custom), draft.nameKey ?? null);
}

const NO_ACTIVITIES: readonly never[] = [];

/**
 * A lead as scoring reads it, from a row's values: one object literal written out, which V8 builds and reads
 * fast (a spread or properties added one by one make an object it keeps as a dictionary), and this runs for
 * every row of a lead import.
 */
const scorableDraft = new Function(
  'values',
  'custom',
  `return { ${LEAD_FIELDS.map((field, index) => `${field.prop}: values[${index}]`).join(', ')}, custom };`,
) as (values: readonly (string | number | null)[], custom: CustomFields) => ScorableLead;

/** Positions in a packed row, for the database half. */
export const PACKED = {
  line: 0,
  firstField: 1,
  email: 1 + LEAD_FIELDS.findIndex((field) => field.name === 'email'),
  externalId: 1 + LEAD_FIELDS.findIndex((field) => field.name === 'external_id'),
  source: 1 + LEAD_FIELDS.findIndex((field) => field.name === 'source'),
  owner: 1 + LEAD_FIELDS.findIndex((field) => field.name === 'owner'),
  stage: 1 + FIELD_COUNT,
  followUpOn: 2 + FIELD_COUNT,
  createdAt: 3 + FIELD_COUNT,
  customJson: 4 + FIELD_COUNT,
  nameKey: 5 + FIELD_COUNT,
  fitScore: 6 + FIELD_COUNT,
  engagementScore: 7 + FIELD_COUNT,
  score: 8 + FIELD_COUNT,
  /** The MQL threshold the new lead's score crosses by itself (`total 64 ≥ 60`), or null. */
  mql: 9 + FIELD_COUNT,
  rawFields: 10 + FIELD_COUNT,
} as const;

/** The lead field values of a packed row in LEAD_FIELDS order (null where the row has none). */
export function packedFieldValues(packed: readonly (string | number | null)[], offset: number): (string | number | null)[] {
  return packed.slice(offset + PACKED.firstField, offset + PACKED.firstField + FIELD_COUNT);
}
