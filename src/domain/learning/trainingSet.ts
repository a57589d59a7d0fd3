// The leads a scoring model is learned from (PRODUCT.md, "Learning a scoring model from outcomes"), as plain
// data a store can stream: one row per lead whose outcome is known. `TrainingSet` keeps each row as it comes,
// column by column, as small numbers (a code per distinct text, a count, a number), so that the rows
// themselves can be let go: a store reads leads in pages, builds each row and hands it over, and memory grows
// with rows × columns of 4- and 8-byte numbers, not with lead objects.
//
// The contract for whoever builds the rows (the store, a test, a bench):
// - One row per lead with an outcome: label 1 when it reached `sql` or `customer`; 0 when it was
//   disqualified, or qualified and never reached `sql`. Leads without an outcome are not rows.
// - Only what was known before the outcome: `activityCounts` counts the activities that happened before it
//   (the moment the lead reached sql, customer or disqualified, or was qualified), and `currentScore` is the
//   current model's total as of that moment. Lead fields and custom fields have no history in bant, so they
//   are taken as they are; a field the sales team fills in after the fact (a disqualification reason...) must be
//   left out by the caller (`ignore` in the learning options).
// - `id` is the lead's id: with the seed, it decides whether the lead is learned from or held out, so the
//   split does not depend on the order rows arrive in. It is never a feature.

import { isFreeMailDomain } from '../freeMail.js';
import { fieldReader, type ScorableLead } from '../scoreLead.js';

export interface TrainingRow {
  id: number;
  lead: ScorableLead;
  /** Activity type (as bant stores it: `email_open`) → how many happened before the outcome; a type not listed is 0. */
  activityCounts: Record<string, number>;
  /** 1: reached sql or customer. 0: disqualified, or qualified and never reached sql. */
  label: 0 | 1;
  /** The current model's total for this lead before its outcome, for comparison on the held-out part. */
  currentScore?: number;
}

/** Lead fields learned from as categories (each value, rare ones pooled). */
export const CATEGORY_LEAD_FIELDS = ['title', 'country', 'industry', 'source'] as const;
/** Lead fields learned from as numbers (quantile bins). */
export const NUMBER_LEAD_FIELDS = ['employees', 'annual_revenue'] as const;
/**
 * Lead fields never learned from, and why: they name a person or a record, or say who works the lead rather
 * than who the lead is. The email address itself is one of them; only its kind (free mail or business) is used.
 */
export const EXCLUDED_LEAD_FIELDS = {
  first_name: 'identifier',
  last_name: 'identifier',
  company: 'identifier',
  phone: 'identifier',
  external_id: 'identifier',
  owner: 'setBySales',
} as const;

/**
 * One text-valued column (a lead field, a custom field, the email's kind): each distinct text is kept once,
 * and each row holds its code. Codes start at 1 so that 0, what a new typed array holds, means "no value":
 * a custom field first seen on the 500th row is simply missing on the 499 before it.
 */
export class TextColumn {
  codes: Int32Array;
  /** texts[code − 1] */
  readonly texts: string[] = [];
  private readonly codeOf = new Map<string, number>();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  set(row: number, text: string): void {
    let code = this.codeOf.get(text);
    if (code === undefined) {
      this.texts.push(text);
      code = this.texts.length;
      this.codeOf.set(text, code);
    }
    this.codes[row] = code;
  }

  grow(capacity: number): void {
    const codes = new Int32Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
  }
}

/** A number per row (NaN: no value), for the lead's numeric fields. */
export class NumberColumn {
  values: Float64Array;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity).fill(NaN);
  }

  grow(capacity: number): void {
    const values = new Float64Array(capacity).fill(NaN);
    values.set(this.values);
    this.values = values;
  }
}

/** How many activities of one type each row had (0 when the row did not list the type). */
export class CountColumn {
  counts: Float64Array;

  constructor(capacity: number) {
    this.counts = new Float64Array(capacity);
  }

  grow(capacity: number): void {
    const counts = new Float64Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
  }
}

/** The email's kind, the only thing learned from an address: its text values. */
export const EMAIL_KIND = { free: 'free', business: 'business' } as const;

export class TrainingSet {
  size = 0;
  private capacity = 1024;
  ids = new Float64Array(this.capacity);
  labels = new Uint8Array(this.capacity);
  /** NaN when the row had no current score. */
  currentScores = new Float64Array(this.capacity).fill(NaN);
  /** By model field name: `title`, `custom.Plan`, and `email` for the email's kind. */
  readonly texts = new Map<string, TextColumn>();
  /** By model field name: `employees`, `annual_revenue`. */
  readonly numbers = new Map<string, NumberColumn>();
  /** By activity type. */
  readonly counts = new Map<string, CountColumn>();

  private readonly readers = CATEGORY_LEAD_FIELDS.map((field) => ({ field, read: fieldReader(field) }));
  private readonly numberReaders = NUMBER_LEAD_FIELDS.map((field) => ({ field, read: fieldReader(field) }));
  private readonly readEmail = fieldReader('email');

  constructor() {
    for (const field of NUMBER_LEAD_FIELDS) this.numbers.set(field, new NumberColumn(this.capacity));
  }

  /** Keeps one row; the row object is not kept. */
  add(row: TrainingRow): void {
    if (this.size === this.capacity) this.grow();
    const r = this.size++;
    this.ids[r] = row.id;
    this.labels[r] = row.label;
    this.currentScores[r] = row.currentScore ?? NaN;

    // Values are read the way scoring reads them (blank is no value), so a learned rule matches what it learned from.
    for (const { field, read } of this.readers) {
      const value = read(row.lead);
      if (value !== null) this.text(field).set(r, String(value));
    }
    for (const { field, read } of this.numberReaders) {
      const value = read(row.lead);
      if (value !== null) this.numbers.get(field)!.values[r] = typeof value === 'number' ? value : NaN;
    }
    const email = this.readEmail(row.lead);
    if (email !== null) this.text('email').set(r, isFreeMailDomain(String(email)) ? EMAIL_KIND.free : EMAIL_KIND.business);
    for (const name in row.lead.custom) {
      const value = row.lead.custom[name]!;
      if (value.trim() !== '') this.text(`custom.${name}`).set(r, value);
    }
    for (const type in row.activityCounts) {
      const count = row.activityCounts[type]!;
      if (count > 0) this.count(type).counts[r] = count;
    }
  }

  private text(field: string): TextColumn {
    let column = this.texts.get(field);
    if (!column) this.texts.set(field, (column = new TextColumn(this.capacity)));
    return column;
  }

  private count(type: string): CountColumn {
    let column = this.counts.get(type);
    if (!column) this.counts.set(type, (column = new CountColumn(this.capacity)));
    return column;
  }

  private grow(): void {
    this.capacity *= 2;
    const ids = new Float64Array(this.capacity);
    ids.set(this.ids);
    this.ids = ids;
    const labels = new Uint8Array(this.capacity);
    labels.set(this.labels);
    this.labels = labels;
    const scores = new Float64Array(this.capacity).fill(NaN);
    scores.set(this.currentScores);
    this.currentScores = scores;
    for (const column of this.texts.values()) column.grow(this.capacity);
    for (const column of this.numbers.values()) column.grow(this.capacity);
    for (const column of this.counts.values()) column.grow(this.capacity);
  }
}

/** A training set from rows in memory (tests, small data). */
export function trainingSetOf(rows: Iterable<TrainingRow>): TrainingSet {
  const set = new TrainingSet();
  for (const row of rows) set.add(row);
  return set;
}
