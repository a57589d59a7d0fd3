// The CPU half of an activity import: CSV records → checked events, packed into flat arrays that cross to the
// database half cheaply, as lead imports do (src/import/parseLeadRows.ts). Each event's type is put in bant's
// words (normaliseActivityType), its date read as creation dates are (the order of day and month learnt from
// the column), its other columns kept as properties, and its key computed (a lead's same event is stored once).
// Synchronous and free of I/O: the same code runs in the worker and inline.

import { normaliseActivityType } from '../domain/activity.js';
import { activityEventKey } from '../domain/activityKey.js';
import { BantError, invalidInput } from '../domain/errors.js';
import { isValidEmail, normaliseEmail } from '../domain/lead.js';
import type { EncodingOption } from '../import/importChoices.js';
import type { PackedRejection } from '../import/parseLeadRows.js';
import { checkRowShape } from '../import/parseLeadRows.js';
import { CsvReader, type CsvReading } from '../import/readCsv.js';
import { CreationDateReader, type DateOrder, type DateOrderReason } from '../import/readCreationDate.js';
import { MAX_FIELD_LENGTH } from '../import/readLeadRow.js';
import { fieldColumns, parseActivityMap, planActivityColumns, type ActivityColumnPlan, type ActivityField } from './mapActivityHeaders.js';

export interface ActivityParseOptions {
  delimiter?: string;
  encoding?: EncodingOption;
  map?: string;
  nullValues: string[];
  /** The import's time (ISO 8601): an event later than that has not happened. */
  now: string;
  dateOrder?: DateOrder;
  /** Where events come from when the row does not say (`--source`). */
  source?: string;
  /** Keep each row's original fields (as JSON), for a rejects file. */
  keepRawFields?: boolean;
}

export interface ActivityParsedHeader extends CsvReading {
  plan: ActivityColumnPlan;
  /** The column of each field the file has. */
  fields: Partial<Record<ActivityField, number>>;
}

export interface ActivityParsedBatch {
  header?: ActivityParsedHeader;
  dateOrder?: { order: DateOrder; reason: DateOrderReason };
  packed: (string | number | null)[];
  rejections: PackedRejection[];
  bytesRead: number;
}

/** Positions in a packed event. */
export const ACTIVITY_PACKED = {
  line: 0,
  email: 1,
  externalId: 2,
  bantId: 3,
  type: 4,
  occurredAt: 5,
  source: 6,
  propertiesJson: 7,
  eventKey: 8,
  rawFields: 9,
} as const;
export const ACTIVITY_PACKED_STRIDE = 10;

/** Rows held back while the dates' day/month order is learnt from the column. */
const DATE_SAMPLE_ROWS = 1000;
/** A file names a few dozen event types, a million times over: each is worked out once. */
const TYPE_CACHE_LIMIT = 1000;

export class ActivityRowParser {
  private readonly reader: CsvReader;
  private readonly dates: CreationDateReader;
  private readonly nullValues: ReadonlySet<string>;
  private readonly keepRawFields: boolean;
  private readonly defaultSource: string | null;
  private readonly types = new Map<string, string>();
  private plan: ActivityColumnPlan | undefined;
  private fields: Partial<Record<ActivityField, number>> = {};
  /** Property columns, in the file's order. */
  private propertyColumns: { index: number; name: string }[] = [];
  private headers: string[] = [];
  private headerLength = 0;
  private learning: { fields: string[]; line: number }[] | undefined;
  private batch: ActivityParsedBatch = { packed: [], rejections: [], bytesRead: 0 };

  constructor(options: ActivityParseOptions) {
    const overrides = parseActivityMap(options.map);
    this.dates = new CreationDateReader(options.now, options.dateOrder);
    this.nullValues = new Set(options.nullValues.map((value) => value.trim().toLowerCase()).filter(Boolean));
    this.keepRawFields = Boolean(options.keepRawFields);
    this.defaultSource = options.source?.trim() || null;
    this.reader = new CsvReader(options, {
      header: (reading) => {
        this.plan = planActivityColumns(reading.headers, overrides);
        this.headers = reading.headers;
        this.headerLength = reading.headers.length;
        this.fields = fieldColumns(this.plan);
        this.propertyColumns = this.plan.columns.flatMap((column) => ('property' in column.target ? [{ index: column.index, name: column.target.property }] : []));
        this.batch.header = { ...reading, plan: this.plan, fields: this.fields };
        if (this.fields.occurred_at !== undefined && !this.dates.order) this.learning = [];
        else if (this.dates.order) this.batch.dateOrder = { order: this.dates.order, reason: this.dates.orderReason! };
      },
      record: (fields, line) => (this.learning ? this.hold(fields, line) : this.record(fields, line)),
      undecodable: (fields, line, problem) => {
        const column = this.headers[problem.column] || `#${problem.column + 1}`;
        this.batch.rejections.push({ line, fields, kind: 'invalidInput', key: 'import.notUtf8Row', params: { bytes: problem.bytes, column } });
      },
    });
  }

  push(bytes: Uint8Array): ActivityParsedBatch {
    this.reader.push(bytes);
    return this.take();
  }

  end(): ActivityParsedBatch {
    this.reader.end();
    this.release();
    return this.take();
  }

  private take(): ActivityParsedBatch {
    const batch = this.batch;
    batch.bytesRead = this.reader.bytesRead;
    this.batch = { packed: [], rejections: [], bytesRead: 0 };
    return batch;
  }

  /** Until a date in the column says day or month first (or enough rows said nothing), rows wait. */
  private hold(fields: string[], line: number): void {
    this.learning!.push({ fields, line });
    const decided = this.dates.learn(fields[this.fields.occurred_at!] ?? '');
    if (decided || this.learning!.length >= DATE_SAMPLE_ROWS) this.release();
  }

  private release(): void {
    const held = this.learning;
    if (!held) return;
    this.learning = undefined;
    this.dates.decide();
    if (this.dates.numericSeen) this.batch.dateOrder = { order: this.dates.order!, reason: this.dates.orderReason! };
    for (const { fields, line } of held) this.record(fields, line);
  }

  private record(fields: string[], line: number): void {
    const problem = checkRowShape(fields, this.headerLength) ?? this.pack(fields, line);
    if (problem) this.batch.rejections.push({ line, fields, kind: problem.kind, key: problem.key, params: problem.params });
  }

  /** The cell's text, trimmed; null when empty or one of the values that mean empty. */
  private cell(fields: readonly string[], index: number | undefined): string | null | BantError {
    if (index === undefined) return null;
    const raw = fields[index];
    if (raw === undefined) return null;
    if (raw.length > MAX_FIELD_LENGTH) return invalidInput('import.fieldTooLong', { column: this.headers[index] ?? '', length: raw.length, max: MAX_FIELD_LENGTH });
    const text = raw.trim();
    if (text === '' || (this.nullValues.size > 0 && this.nullValues.has(text.toLowerCase()))) return null;
    return text;
  }

  /** Packs the event, or says why the row is rejected. */
  private pack(fields: string[], line: number): BantError | undefined {
    const { email: emailAt, external_id: externalIdAt, bant_id: bantIdAt, type: typeAt, occurred_at: dateAt, source: sourceAt } = this.fields;
    const emailText = this.cell(fields, emailAt);
    const externalId = this.cell(fields, externalIdAt);
    const bantIdText = this.cell(fields, bantIdAt);
    const typeText = this.cell(fields, typeAt);
    const dateText = this.cell(fields, dateAt);
    const sourceText = this.cell(fields, sourceAt);
    for (const value of [emailText, externalId, bantIdText, typeText, dateText, sourceText]) if (value instanceof BantError) return value;

    let email: string | null = null;
    if (emailText !== null) {
      email = normaliseEmail(emailText as string);
      if (!isValidEmail(email)) return invalidInput('lead.invalidEmail', { value: emailText as string });
    }
    let bantId: number | null = null;
    if (bantIdText !== null) {
      if (!/^\d{1,15}$/.test(bantIdText as string)) return invalidInput('activity.badBantId', { value: bantIdText as string, column: this.headers[bantIdAt!]! });
      bantId = Number(bantIdText);
    }
    if (email === null && externalId === null && bantId === null) return invalidInput('activity.noIdentity');

    if (typeText === null) return invalidInput('activity.noType');
    const type = this.typeOf(typeText as string);
    if (type === '') return invalidInput('activity.badType', { value: typeText as string });

    if (dateText === null) return invalidInput('activity.noDate');
    const occurredAt = this.dates.read(dateText as string);
    if (occurredAt === 'unreadable') return invalidInput('activity.badDate', { value: dateText as string, column: this.headers[dateAt!]! });
    if (occurredAt === 'future') return invalidInput('activity.futureDate', { value: dateText as string, column: this.headers[dateAt!]! });

    const properties: Record<string, string> = {};
    for (const { index, name } of this.propertyColumns) {
      const value = this.cell(fields, index);
      if (value instanceof BantError) return value;
      if (value !== null) properties[name] = value;
    }
    const out = this.batch.packed;
    out.push(line, email, externalId as string | null, bantId, type, occurredAt, (sourceText as string | null) ?? this.defaultSource);
    out.push(JSON.stringify(properties), activityEventKey(type, occurredAt, properties), this.keepRawFields ? JSON.stringify(fields) : null);
    return undefined;
  }

  private typeOf(text: string): string {
    let type = this.types.get(text);
    if (type === undefined) {
      type = normaliseActivityType(text);
      if (this.types.size < TYPE_CACHE_LIMIT) this.types.set(text, type);
    }
    return type;
  }
}
