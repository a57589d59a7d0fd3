// What a learned model may look at (PRODUCT.md, "Learning a scoring model from outcomes"), decided from the
// learning rows only, and each feature cut into values a scoring rule can name:
// - a category (title, country, custom text fields): each value with enough leads, the rare ones pooled
//   into "another value", and "unknown" (no value) as a value of its own;
// - a number (employees, annual revenue, numeric-looking custom fields): a few quantile bins, and "unknown";
// - the email's kind: free mail, business, or no email (the address itself identifies a person);
// - an activity type: how many times (never, then quantile bins of the count).
// Every value is one rule of the learned model (`equals`, `gte`/`lt`, `missing`, `emailDomain`, a `count`
// range), and `valueOf` says which value a row has exactly as those rules would decide it, so that the
// model scores a lead as the learner saw it.
//
// Left out, with the reason the report shows: identifiers (names, company, phone, external id, custom fields
// named like an id or holding addresses, links or phone numbers), columns whose values are nearly all
// distinct, free text (long, varied values), fields the sales team sets (owner), fields the caller asks to
// ignore, and columns with a single value.

import { normaliseActivityType } from '../activity.js';
import { parseNumber } from '../parseNumber.js';
import { foldValue } from '../scoreLead.js';
import { CATEGORY_LEAD_FIELDS, EMAIL_KIND, EXCLUDED_LEAD_FIELDS, NUMBER_LEAD_FIELDS, type TextColumn, type TrainingSet } from './trainingSet.js';

export type FeatureValue =
  /** The value is this text (compared as rules compare: without case or accents). */
  | { kind: 'category'; text: string }
  /** Any value that is not one of the feature's categories: the rare ones, pooled. */
  | { kind: 'other' }
  | { kind: 'missing' }
  /** A number, or an activity count, in [gte, lt). */
  | { kind: 'range'; gte?: number; lt?: number }
  | { kind: 'emailDomain'; domain: 'free' | 'business' };

export type FeatureKind = 'category' | 'number' | 'emailKind' | 'activityCount';

export interface Feature {
  /** A lead field (`industry`), a custom field (`custom.Plan`), `email` (its kind), or an activity type. */
  field: string;
  kind: FeatureKind;
  /** In the order a model's family lists them: the first that holds is the lead's. */
  values: FeatureValue[];
  /** How many learning rows have each value. */
  rows: number[];
  /** The index of the value row `r` has, or −1 when none holds (a text in a numeric column): no points. */
  valueOf(r: number): number;
}

export type ExclusionReason = 'identifier' | 'setBySales' | 'nearlyAllDistinct' | 'freeText' | 'sameForAll' | 'ignored' | 'notAnActivityType';

export interface FeatureExtraction {
  features: Feature[];
  excluded: { field: string; reason: ExclusionReason }[];
}

/**
 * Quantile bins for a number: one per LEADS_PER_BIN leads with a value, at least 3 and at most 10 (deciles),
 * fewer when values repeat. Ten bins follow a curve that is not a straight line (time on the website: little
 * says nothing, a lot says much, more says no more) closely enough to beat a linear term (see the learning
 * bench); fewer leads get fewer, steadier bins.
 */
export const MIN_NUMBER_BINS = 3;
export const MAX_NUMBER_BINS = 10;
export const LEADS_PER_BIN = 200;
/** Activity counts: never, then this many quantile bins of the positive counts. */
export const COUNT_BINS = 3;
/** The most categories a feature keeps; the rest are pooled. */
export const MAX_CATEGORIES = 30;
/** A category (or bin) needs this many learning leads, or 0.5 % of them if more, to be a value of its own. */
export const MIN_VALUE_ROWS = 10;
/** Nearly all distinct: at least this share of the values are different. */
const NEARLY_ALL_DISTINCT = 0.9;
/** A numeric column is an identifier only when practically every value differs (measures repeat). */
const NEARLY_ALL_DISTINCT_NUMBERS = 0.99;
/** A column is numeric when at least this share of its values read as numbers. */
const NUMERIC_SHARE = 0.95;
/** Free text: values this long on average, and at least FREE_TEXT_DISTINCT of them different. */
const FREE_TEXT_LENGTH = 30;
const FREE_TEXT_DISTINCT = 0.2;
/** The last word of a custom field's name that makes it an identifier: `Prospect ID`, `Lead Number`, `crm_ref`. */
const IDENTIFIER_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'number', 'no', 'nr', 'num', 'ref', 'reference']);

/** `learning[r]` is 1 for the rows learned from; everything here is decided from those alone. */
export function extractFeatures(set: TrainingSet, learning: Uint8Array, options: { ignore?: readonly string[] } = {}): FeatureExtraction {
  let learningRows = 0;
  for (let r = 0; r < set.size; r++) learningRows += learning[r]!;
  const minRows = Math.max(MIN_VALUE_ROWS, Math.ceil(0.005 * learningRows));
  const ignored = new Set(options.ignore ?? []);
  const isIgnored = (field: string) => ignored.has(field) || (field.startsWith('custom.') && ignored.has(field.slice('custom.'.length)));

  const features: Feature[] = [];
  const excluded: FeatureExtraction['excluded'] = [];
  const consider = (field: string, decide: () => Feature | ExclusionReason) => {
    const outcome = isIgnored(field) ? 'ignored' : decide();
    if (typeof outcome === 'string') excluded.push({ field, reason: outcome });
    else if (outcome.rows.filter((rows) => rows > 0).length < 2) excluded.push({ field, reason: 'sameForAll' });
    else features.push(outcome);
  };
  const context = { set, learning, minRows };

  for (const field of Object.keys(EXCLUDED_LEAD_FIELDS) as (keyof typeof EXCLUDED_LEAD_FIELDS)[]) excluded.push({ field, reason: EXCLUDED_LEAD_FIELDS[field] });
  for (const field of CATEGORY_LEAD_FIELDS) {
    const column = set.texts.get(field);
    consider(field, () => (column ? textFeature(field, column, context, false) : 'sameForAll'));
  }
  const email = set.texts.get('email');
  consider('email', () => (email ? emailFeature(email, context) : 'sameForAll'));
  for (const field of NUMBER_LEAD_FIELDS) {
    const values = set.numbers.get(field)!.values;
    consider(field, () => numberFeature(field, (r) => values[r]!, context));
  }
  const customFields = [...set.texts.keys()].filter((field) => field.startsWith('custom.')).sort(byText);
  for (const field of customFields) consider(field, () => textFeature(field, set.texts.get(field)!, context, true));
  for (const type of [...set.counts.keys()].sort(byText)) {
    const counts = set.counts.get(type)!.counts;
    // A model names activity types as bant stores them; a rule for any other spelling would never match.
    consider(type, () => (normaliseActivityType(type) === type ? countFeature(type, counts, context) : 'notAnActivityType'));
  }
  return { features, excluded };
}

interface Context {
  set: TrainingSet;
  learning: Uint8Array;
  minRows: number;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A text column: an identifier, free text, a number in disguise, or categories. */
function textFeature(field: string, column: TextColumn, { set, learning, minRows }: Context, isCustom: boolean): Feature | ExclusionReason {
  // Rows per code over the learning rows; code 0 is "no value".
  const rowsOfCode = new Int32Array(column.texts.length + 1);
  for (let r = 0; r < set.size; r++) if (learning[r]) rowsOfCode[column.codes[r]!]!++;
  const missingRows = rowsOfCode[0]!;
  let present = 0;
  for (let c = 1; c < rowsOfCode.length; c++) present += rowsOfCode[c]!;
  if (present === 0) return 'sameForAll';

  if (isCustom && IDENTIFIER_WORDS.has(lastWord(field.slice('custom.'.length)))) return 'identifier';
  let personal = 0;
  let numeric = 0;
  let integers = true;
  let length = 0;
  const numbers = new Float64Array(rowsOfCode.length).fill(NaN);
  for (let c = 1; c < rowsOfCode.length; c++) {
    const text = column.texts[c - 1]!.trim();
    // Read as scoring reads it; texts seen only in the held-out part need their number too.
    const number = parseNumber(text);
    if (number !== undefined) numbers[c] = number;
    const rows = rowsOfCode[c]!;
    if (rows === 0) continue;
    if (looksPersonal(text)) personal += rows;
    if (number !== undefined) {
      numeric += rows;
      if (!Number.isInteger(number)) integers = false;
    }
    length += rows * text.length;
  }
  if (personal >= present / 2) return 'identifier';

  // Values grouped as a rule compares them: "Software" and "software " are one category.
  const groups = new Map<string, { rows: number; spellings: Map<string, number> }>();
  const groupOfCode: string[] = [''];
  for (let c = 1; c < rowsOfCode.length; c++) {
    const text = column.texts[c - 1]!;
    const key = foldValue(text);
    groupOfCode.push(key);
    const rows = rowsOfCode[c]!;
    if (rows === 0) continue;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rows: 0, spellings: new Map() }));
    group.rows += rows;
    group.spellings.set(text.trim(), (group.spellings.get(text.trim()) ?? 0) + rows);
  }
  const distinct = groups.size;

  if (isCustom && numeric >= NUMERIC_SHARE * present) {
    if (integers && distinct >= 10 && distinct >= NEARLY_ALL_DISTINCT_NUMBERS * present) return 'nearlyAllDistinct';
    // Each distinct text reads as one number, so the bin of a text is decided once.
    return numberFeature(field, (r) => (column.codes[r] === 0 ? NaN : numbers[column.codes[r]!]!), { set, learning, minRows }, (r) => column.codes[r] !== 0);
  }
  if (distinct >= 10 && distinct >= NEARLY_ALL_DISTINCT * present) return 'nearlyAllDistinct';
  if (length / present >= FREE_TEXT_LENGTH && distinct >= Math.max(20, FREE_TEXT_DISTINCT * present)) return 'freeText';

  // The most frequent categories with enough leads; ties by text, so the order never depends on the data's order.
  const kept = [...groups.entries()]
    .filter(([key, group]) => key !== '' && group.rows >= minRows)
    .sort((a, b) => b[1].rows - a[1].rows || byText(a[0], b[0]))
    .slice(0, MAX_CATEGORIES);
  const values: FeatureValue[] = [];
  const rows: number[] = [];
  const indexOfGroup = new Map<string, number>();
  for (const [key, group] of kept) {
    indexOfGroup.set(key, values.length);
    values.push({ kind: 'category', text: mostCommon(group.spellings) });
    rows.push(group.rows);
  }
  let missingIndex = -1;
  if (missingRows > 0) {
    missingIndex = values.length;
    values.push({ kind: 'missing' });
    rows.push(missingRows);
  }
  const pooledRows = present - kept.reduce((sum, [, group]) => sum + group.rows, 0);
  let otherIndex = -1;
  if (pooledRows > 0) {
    otherIndex = values.length;
    values.push({ kind: 'other' });
    rows.push(pooledRows);
  }
  // A text first seen in the held-out part is "another value" too, as the model's catch-all rule will read it.
  const valueOfCode = new Int32Array(rowsOfCode.length);
  valueOfCode[0] = missingIndex;
  for (let c = 1; c < rowsOfCode.length; c++) valueOfCode[c] = indexOfGroup.get(groupOfCode[c]!) ?? otherIndex;
  return { field, kind: 'category', values, rows, valueOf: (r) => valueOfCode[column.codes[r]!]! };
}

/** The email's kind: free mail, business, or no email. */
function emailFeature(column: TextColumn, { set, learning }: Context): Feature {
  const order = [EMAIL_KIND.free, EMAIL_KIND.business] as const;
  const values: FeatureValue[] = [];
  const rows: number[] = [];
  const valueOfCode = new Int32Array(column.texts.length + 1).fill(-1);
  for (const kind of order) {
    const code = column.texts.indexOf(kind) + 1;
    if (code === 0) continue;
    valueOfCode[code] = values.length;
    values.push({ kind: 'emailDomain', domain: kind });
    rows.push(0);
  }
  valueOfCode[0] = values.length;
  values.push({ kind: 'missing' });
  rows.push(0);
  for (let r = 0; r < set.size; r++) if (learning[r]) rows[valueOfCode[column.codes[r]!]!]!++;
  return dropEmptyValues({ field: 'email', kind: 'emailKind', values, rows, valueOf: (r) => valueOfCode[column.codes[r]!]! });
}

/**
 * A number in quantile bins, and "unknown". `read` gives NaN for no value or for a text that is not a number;
 * `isPresent` tells them apart (a text that is not a number is in no bin, as a `gte`/`lt` rule would see it).
 */
function numberFeature(field: string, read: (r: number) => number, { set, learning, minRows }: Context, isPresent?: (r: number) => boolean): Feature {
  const known: number[] = [];
  let missingRows = 0;
  for (let r = 0; r < set.size; r++) {
    if (!learning[r]) continue;
    const value = read(r);
    if (!Number.isNaN(value)) known.push(value);
    else if (!isPresent || !isPresent(r)) missingRows++;
  }
  const sorted = Float64Array.from(known).sort();
  const binCount = Math.min(MAX_NUMBER_BINS, Math.max(MIN_NUMBER_BINS, Math.round(sorted.length / LEADS_PER_BIN)));
  const bins = rangesOf(sorted, binCuts(sorted, binCount, minRows, niceNumber));
  const values: FeatureValue[] = bins.map((bin) => ({ kind: 'range', ...bin }));
  const rows = bins.map((bin) => countInRange(sorted, bin));
  const missingIndex = missingRows > 0 ? values.length : -1;
  if (missingRows > 0) {
    values.push({ kind: 'missing' });
    rows.push(missingRows);
  }
  return {
    field,
    kind: 'number',
    values,
    rows,
    valueOf: (r) => {
      const value = read(r);
      if (Number.isNaN(value)) return isPresent && isPresent(r) ? -1 : missingIndex;
      return rangeIndex(bins, value);
    },
  };
}

/** An activity type's count: never, then a few quantile bins of the positive counts. */
function countFeature(type: string, counts: Float64Array, { set, learning, minRows }: Context): Feature {
  const positive: number[] = [];
  let zeros = 0;
  for (let r = 0; r < set.size; r++) {
    if (!learning[r]) continue;
    if (counts[r]! > 0) positive.push(counts[r]!);
    else zeros++;
  }
  const sortedPositive = Float64Array.from(positive).sort();
  // "Never" is a bin of its own when some leads never did it: the difference that matters most.
  const cuts = [...new Set([...(zeros > 0 ? [1] : []), ...binCuts(sortedPositive, COUNT_BINS, minRows, Math.ceil)])].sort((a, b) => a - b);
  const all = new Float64Array(zeros + positive.length);
  all.set(sortedPositive, zeros);
  const bins = rangesOf(all, mergeSmallBins(all, cuts, minRows));
  return {
    field: type,
    kind: 'activityCount',
    values: bins.map((bin) => ({ kind: 'range', ...bin })),
    rows: bins.map((bin) => countInRange(all, bin)),
    valueOf: (r) => rangeIndex(bins, counts[r]!),
  };
}

interface Range {
  gte?: number;
  lt?: number;
}

/**
 * Cut points between quantile bins of `sorted` (ascending), made readable by `nice` (two significant digits:
 * 1,532 s reads 1,500), then merged until every bin has at least `minRows` values.
 */
export function binCuts(sorted: Float64Array, bins: number, minRows: number, nice: (x: number) => number): number[] {
  if (sorted.length === 0) return [];
  const lowest = sorted[0]!;
  // When many leads share the lowest value (0 visits), every low quantile is that value and cutting there
  // would leave "none" mixed with "some": cut just above it instead, so the lowest value is a bin of its own.
  const aboveLowest = sorted[countAtMost(sorted, lowest)];
  const candidates = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const quantile = sorted[Math.floor((k * sorted.length) / bins)]!;
    const cut = quantile > lowest ? quantile : aboveLowest;
    if (cut === undefined) continue;
    // Rounding must not take the cut down onto the lowest value, which would put it back in the same bin.
    candidates.add(nice(cut) > lowest ? nice(cut) : cut);
  }
  return mergeSmallBins(sorted, [...candidates].sort((a, b) => a - b), minRows);
}

/** How many values are at most `value`. */
function countAtMost(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Drops cuts until every bin between them has at least `minRows` values (an empty bin is a rule no lead meets). */
function mergeSmallBins(sorted: Float64Array, cuts: number[], minRows: number): number[] {
  const result = [...cuts];
  for (;;) {
    const bounds = [0, ...result.map((cut) => lowerBound(sorted, cut)), sorted.length];
    let smallest = -1;
    for (let b = 0; b + 1 < bounds.length; b++) if (smallest < 0 || bounds[b + 1]! - bounds[b]! < bounds[smallest + 1]! - bounds[smallest]!) smallest = b;
    if (result.length === 0 || bounds[smallest + 1]! - bounds[smallest]! >= minRows) return result;
    // Merge the small bin into its smaller neighbour, so bins stay as even as they can.
    if (smallest === 0) result.splice(0, 1);
    else if (smallest === result.length) result.splice(result.length - 1, 1);
    else {
      const before = bounds[smallest]! - bounds[smallest - 1]!;
      const after = bounds[smallest + 2]! - bounds[smallest + 1]!;
      result.splice(before <= after ? smallest - 1 : smallest, 1);
    }
  }
}

/**
 * The bins between cuts: below the first, between each two, from the last up. With no cut there is one bin,
 * "has a number", written as at least the smallest value seen (a condition needs an operator).
 */
function rangesOf(sorted: Float64Array, cuts: number[]): Range[] {
  if (cuts.length === 0) return sorted.length > 0 ? [{ gte: sorted[0]! }] : [];
  const ranges: Range[] = [{ lt: cuts[0]! }];
  for (let k = 1; k < cuts.length; k++) ranges.push({ gte: cuts[k - 1]!, lt: cuts[k]! });
  ranges.push({ gte: cuts[cuts.length - 1]! });
  return ranges;
}

function rangeIndex(ranges: Range[], value: number): number {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if ((range.gte === undefined || value >= range.gte) && (range.lt === undefined || value < range.lt)) return i;
  }
  return -1;
}

function countInRange(sorted: Float64Array, range: Range): number {
  const from = range.gte === undefined ? 0 : lowerBound(sorted, range.gte);
  const to = range.lt === undefined ? sorted.length : lowerBound(sorted, range.lt);
  return to - from;
}

/** How many values are below `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Two significant digits: cut points people can read (1500, 2.5, 0.33) rather than 1532 or 2.4983. */
export function niceNumber(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(2));
}

function dropEmptyValues(feature: Feature): Feature {
  const keep = feature.rows.map((rows) => rows > 0);
  if (keep.every(Boolean)) return feature;
  const newIndex: number[] = [];
  let next = 0;
  for (const k of keep) newIndex.push(k ? next++ : -1);
  const valueOf = feature.valueOf;
  return {
    ...feature,
    values: feature.values.filter((_, i) => keep[i]),
    rows: feature.rows.filter((_, i) => keep[i]),
    valueOf: (r) => {
      const index = valueOf(r);
      return index < 0 ? -1 : newIndex[index]!;
    },
  };
}

function mostCommon(spellings: Map<string, number>): string {
  let best = '';
  let bestRows = -1;
  for (const [text, rows] of spellings) if (rows > bestRows || (rows === bestRows && text < best)) [best, bestRows] = [text, rows];
  return best;
}

/** `Prospect ID` → `id`, `leadNumber` → `number`, `crm_ref` → `ref`. */
function lastWord(name: string): string {
  const words = foldValue(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).split(/[^a-z0-9]+/).filter(Boolean);
  return words[words.length - 1] ?? '';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LINK = /^(https?:\/\/|www\.)\S+$/i;
/** A phone number: starts with +, 0 or ( and has at least 8 digits (so "12 000 000", an amount, is not one). */
const PHONE = /^[+0(][\d\s().\-/]{7,}$/;

function looksPersonal(text: string): boolean {
  if (EMAIL.test(text) || LINK.test(text)) return true;
  return PHONE.test(text) && text.replace(/\D/g, '').length >= 8;
}

/**
 * The given rows as the regression sees them: for each row and feature, the column of its value (features
 * take consecutive ranges of columns, in order), or −1 when no value holds.
 */
export function encodeFeatures(features: readonly Feature[], rows: ArrayLike<number>): { active: Int32Array; width: number; columns: number } {
  const width = features.length;
  const active = new Int32Array(rows.length * width);
  let offset = 0;
  features.forEach((feature, f) => {
    for (let k = 0; k < rows.length; k++) {
      const value = feature.valueOf(rows[k]!);
      active[k * width + f] = value < 0 ? -1 : offset + value;
    }
    offset += feature.values.length;
  });
  return { active, width, columns: offset };
}
