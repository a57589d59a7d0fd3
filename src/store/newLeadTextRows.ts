// New leads as text rows: the form PostgreSQL's COPY reads (its text format: one row per line, values
// separated by tabs, \N for null, backslash, tab and line breaks escaped). An engine that takes new leads this
// way (ImportWrites.newLeadsAs) lets the import's parser write them in its worker thread, as it reads the
// file, with their creation history rows: the database half then only fills in the ids and sends them, and
// the two halves share the work. Pure functions, no driver: the parser's worker loads this module.

import { LEAD_FIELDS } from '../domain/lead.js';
import { funnelRank, STAGES } from '../domain/stages.js';
import type { LeadToCreate } from './store.js';

/** The columns of a lead's text row, in order. */
export const LEAD_TEXT_COLUMNS = [
  'id', 'import_id', ...LEAD_FIELDS.map((field) => field.name), 'name_key', 'stage', 'reached_rank', 'follow_up_on', 'fit_score', 'engagement_score', 'score',
  'scored_at', 'custom', 'created_at', 'updated_at', 'stage_changed_at',
] as const;

/** The columns of a creation history row, in order. */
export const HISTORY_TEXT_COLUMNS = ['id', 'lead_id', 'from_stage', 'to_stage', 'at', 'by', 'reason', 'cause'] as const;

/** Where each column sits in a lead's text row. */
export const LEAD_TEXT_COLUMN = Object.fromEntries(LEAD_TEXT_COLUMNS.map((column, index) => [column, index])) as Record<(typeof LEAD_TEXT_COLUMNS)[number], number>;

/**
 * Every row starts with room for two numbers that only the database half knows (a lead's id and its import's;
 * a history row's id and its lead's): ten digits each, zeros until filled in. COPY reads 0000000042 as 42.
 */
const NUMBER_DIGITS = 10;
const ROOM_FOR_NUMBERS = new TextEncoder().encode(`${'0'.repeat(NUMBER_DIGITS)}\t${'0'.repeat(NUMBER_DIGITS)}\t`);

/** A batch of new leads as text rows, with their creation history rows and what the database half needs to know of them. */
export interface NewLeadTextRows {
  count: number;
  /** UTF-8, a row per line. */
  leads: Uint8Array;
  /** Where each row starts in `leads`, and last where the last one ends. */
  leadStarts: Uint32Array;
  /** Each lead's creation history row (from no stage to its stage, cause import). */
  history: Uint8Array;
  historyStarts: Uint32Array;
  /** Each row's line in the file. */
  lines: Float64Array;
  /** How many of the leads enter each stage on each day ("mql 2026-03-01"), for the stage_days counts. */
  stageDays: Record<string, number>;
}

/** A lead to create, as LeadToCreate says, without its line. */
export type NewLead = Omit<LeadToCreate, 'line'>;

const ESCAPED = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value as COPY's text format writes it. */
export function textRowValue(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return ESCAPED.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]!) : value;
}

/**
 * Writes text rows straight into UTF-8 bytes, escaping as it goes: no string is built for a row, so that a
 * million rows leave next to no garbage for the worker's collector (building them as strings cost it more
 * than writing them).
 */
export class NewLeadTextBatch {
  private readonly leads = new TextRowBytes();
  private readonly history = new TextRowBytes();
  private leadStarts: number[] = [];
  private historyStarts: number[] = [];
  private lines: number[] = [];
  /** Per creation moment, the number of leads created at each stage (in STAGES order). */
  private created = new Map<string, number[]>();
  private readonly at: string;
  /** Per stage (in STAGES order), a creation history row after its numbers: `\N\t<stage>\t<at>\t<by>\t\N\timport\n`. */
  private readonly historyRows: Uint8Array[];

  /** `at`: the import's time; `by`: who imports. */
  constructor(at: string, by: string) {
    this.at = at;
    this.historyRows = STAGES.map((stage) => textBytes([null, stage, at, by, null, 'import']));
  }

  add(lead: NewLead, line: number): void {
    const out = this.leads;
    this.leadStarts.push(out.length);
    out.bytes(ROOM_FOR_NUMBERS);
    for (const value of lead.values) out.field(value);
    out.field(lead.nameKey);
    out.ascii(lead.stage);
    out.byte(TAB);
    out.integer(funnelRank(lead.stage));
    out.byte(TAB);
    out.field(lead.followUpOn);
    const scores = lead.scores;
    if (scores) {
      out.field(scores.fit);
      out.field(scores.engagement);
      out.field(scores.total);
      out.field(scores.at);
    } else {
      out.bytes(NO_SCORES);
      out.byte(TAB);
    }
    out.field(lead.customJson);
    out.field(lead.createdAt);
    out.field(this.at);
    out.value(lead.createdAt);
    out.byte(LINE_FEED);
    const stage = STAGES.indexOf(lead.stage);
    this.historyStarts.push(this.history.length);
    this.history.bytes(ROOM_FOR_NUMBERS);
    this.history.bytes(this.historyRows[stage]!);
    this.lines.push(line);
    // Nearly every lead of a file is created at the import's time, or at a few dates: counted per moment, and
    // per day only when the batch is taken.
    let perStage = this.created.get(lead.createdAt);
    if (!perStage) this.created.set(lead.createdAt, (perStage = STAGES.map(() => 0)));
    perStage[stage]!++;
  }

  /** The rows so far (their memory goes with them), and a new empty batch begins. */
  take(): NewLeadTextRows {
    this.leadStarts.push(this.leads.length);
    this.historyStarts.push(this.history.length);
    const stageDays: Record<string, number> = {};
    for (const [createdAt, perStage] of this.created) {
      perStage.forEach((count, stage) => {
        const key = `${STAGES[stage]} ${createdAt.slice(0, 10)}`;
        if (count) stageDays[key] = (stageDays[key] ?? 0) + count;
      });
    }
    const rows: NewLeadTextRows = {
      count: this.lines.length,
      leads: this.leads.take(),
      leadStarts: Uint32Array.from(this.leadStarts),
      history: this.history.take(),
      historyStarts: Uint32Array.from(this.historyStarts),
      lines: Float64Array.from(this.lines),
      stageDays,
    };
    this.leadStarts = [];
    this.historyStarts = [];
    this.lines = [];
    this.created = new Map();
    return rows;
  }
}

const TAB = 9;
const LINE_FEED = 10;
const BACKSLASH = 92;
/** What follows a backslash for each character COPY's text format escapes (0: none). */
const ESCAPE_LETTER = new Uint8Array(128);
ESCAPE_LETTER[BACKSLASH] = BACKSLASH;
ESCAPE_LETTER[TAB] = 116; // t
ESCAPE_LETTER[LINE_FEED] = 110; // n
ESCAPE_LETTER[13] = 114; // r

/** Text rows' bytes, in memory of their own that can move to another thread. */
class TextRowBytes {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;

  /** A value as COPY's text format writes it: \N for null, backslash, tab and line breaks escaped. */
  value(value: string | number | null): void {
    if (value === null) {
      this.room(2);
      this.buffer[this.length++] = BACKSLASH;
      this.buffer[this.length++] = 78; // N
    } else if (typeof value === 'number') {
      if (Number.isInteger(value) && value >= 0 && value < 2 ** 31) this.integer(value);
      else this.ascii(String(value));
    } else this.text(value);
  }

  /** A value and the tab that ends its column. */
  field(value: string | number | null): void {
    this.value(value);
    this.byte(TAB);
  }

  /** UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD), escaped for COPY. */
  private text(text: string): void {
    // At most three bytes per UTF-16 code unit, escapes included.
    this.room(text.length * 3);
    const buffer = this.buffer;
    let at = this.length;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0x80) {
        const letter = ESCAPE_LETTER[code]!;
        if (letter === 0) buffer[at++] = code;
        else {
          buffer[at++] = BACKSLASH;
          buffer[at++] = letter;
        }
      } else if (code < 0x800) {
        buffer[at++] = 0xc0 | (code >> 6);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code <= 0xdfff) {
        const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          buffer[at++] = 0xf0 | (point >> 18);
          buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
          buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
          buffer[at++] = 0x80 | (point & 0x3f);
          index++;
        } else {
          buffer[at++] = 0xef;
          buffer[at++] = 0xbf;
          buffer[at++] = 0xbd;
        }
      } else {
        buffer[at++] = 0xe0 | (code >> 12);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      }
    }
    this.length = at;
  }

  /** Text known to be ASCII with nothing to escape (a stage, a number's digits). */
  ascii(text: string): void {
    this.room(text.length);
    for (let index = 0; index < text.length; index++) this.buffer[this.length++] = text.charCodeAt(index);
  }

  integer(value: number): void {
    let digits = 1;
    for (let power = 10; power <= value; power *= 10) digits++;
    this.room(digits);
    let at = (this.length += digits);
    do {
      this.buffer[--at] = 48 + (value % 10);
      value = Math.floor(value / 10);
    } while (value > 0);
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    for (let index = 0; index < bytes.length; index++) this.buffer[this.length++] = bytes[index]!;
  }

  take(): Uint8Array {
    const taken = this.buffer.subarray(0, this.length);
    // The next batch is about as long as this one.
    this.buffer = new Uint8Array(Math.max(64 * 1024, Math.ceil(this.length * 1.25)));
    this.length = 0;
    return taken;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.length + bytes, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Values as a row of COPY's text format: escaped, tab-separated, and a line feed. */
function textBytes(values: (string | null)[]): Uint8Array {
  return new TextEncoder().encode(`${values.map(textRowValue).join('\t')}\n`);
}

/** The four score columns of a lead without a score, without the line feed. */
const NO_SCORES = textBytes([null, null, null, null]).subarray(0, -1);

/** Its memory, to move to another thread rather than copy. */
export function textRowsBuffers(rows: NewLeadTextRows): ArrayBuffer[] {
  return [rows.leads, rows.leadStarts, rows.history, rows.historyStarts, rows.lines].map((array) => array.buffer as ArrayBuffer);
}

/** Fills in the two numbers a row starts with. */
export function fillRowNumbers(bytes: Uint8Array, rowStart: number, first: number, second: number): void {
  writeDigits(bytes, rowStart, first);
  writeDigits(bytes, rowStart + NUMBER_DIGITS + 1, second);
}

function writeDigits(bytes: Uint8Array, at: number, value: number): void {
  for (let index = at + NUMBER_DIGITS - 1; index >= at; index--) {
    bytes[index] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/** The rows `indexes` of `text` (rows starting at `starts`), one after the other in new memory. */
export function pickRows(text: Uint8Array, starts: Uint32Array, indexes: readonly number[]): { text: Uint8Array; starts: Uint32Array } {
  let length = 0;
  for (const index of indexes) length += starts[index + 1]! - starts[index]!;
  const picked = new Uint8Array(length);
  const pickedStarts = new Uint32Array(indexes.length + 1);
  let at = 0;
  indexes.forEach((index, n) => {
    pickedStarts[n] = at;
    picked.set(text.subarray(starts[index]!, starts[index + 1]!), at);
    at += starts[index + 1]! - starts[index]!;
  });
  pickedStarts[indexes.length] = at;
  return { text: picked, starts: pickedStarts };
}

/** The values of text rows, unescaped (null for \N): only the slow paths read rows back. */
export function readTextRows(text: Uint8Array): (string | null)[][] {
  const rows = new TextDecoder().decode(text).split('\n');
  rows.pop(); // after the last line feed
  return rows.map((row) => row.split('\t').map(readTextValue));
}

const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

function readTextValue(value: string): string | null {
  if (value === '\\N') return null;
  return value.includes('\\') ? value.replace(/\\(.)/g, (_, char: string) => UNESCAPES[char] ?? char) : value;
}
