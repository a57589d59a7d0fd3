// A lead list's own creation dates, in the forms CRMs write them: ISO 8601 with or without a time and zone
// (Salesforce, HubSpot, Odoo, Krayin, bant's export), "2021-04-15 00:03:00" (SuiteCRM, Dolibarr),
// "15 Apr, 2021 00:03:00" (Zoho), "02/24/26 02:18 AM", "24/02/2026", month names in English and French.
//
// A date without a zone is read as written, in UTC: reports count days in UTC (`--since 2021-04-15` compares
// with the stored instant), so the day the CRM shows stays the day bant counts.
//
// Numeric dates are ambiguous (03/04/2026): the order is learnt from the column itself (a first number over 12
// means day first, a second one over 12 month first), else a 12-hour clock (AM/PM, the American habit) means
// month first, else day first as most of the world writes; `--date-order` decides instead.

import { parse } from 'date-fns';
import { enUS, fr } from 'date-fns/locale';
import { UTCDate } from '@date-fns/utc';

import type { DateOrder } from './importChoices.js';

export type { DateOrder };

/** How the order of numeric dates was decided, for the import's preview. */
export type DateOrderReason = 'option' | 'column' | 'clock' | 'default';

/** A creation date later than the import by more than this is a misread or a typo, not a lead from the future. */
export const FUTURE_TOLERANCE_MS = 86_400_000;

export type CreationDate = string | 'unreadable' | 'future';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;
/** A time of day at the end: "00:03", "00:03:00", "02:18 AM", "2:18 p.m.", with an optional zone. */
const TIME = /^(.*?)[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(?:([ap])\.?\s*m\.?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const AM_PM = /\d\s*[ap]\.?\s*m\.?\s*$/i;

/** Written with month names: Zoho's "15 Apr, 2021", "Apr 15, 2021", "15-Apr-21", "lundi 15 avril 2021". */
const NAMED_FORMATS = ['d MMM, yyyy', 'd MMM yyyy', 'd MMMM yyyy', 'MMM d, yyyy', 'MMMM d, yyyy', 'd-MMM-yyyy', 'd-MMM-yy', 'EEE, d MMM yyyy', 'EEEE d MMMM yyyy', 'EEEE, MMMM d, yyyy'];
const LOCALES = [enUS, fr];
const DAY_CACHE_LIMIT = 20_000;

export class CreationDateReader {
  private orderDecided: DateOrder | undefined;
  private reason: DateOrderReason | undefined;
  private clockHint = false;
  /** Whether the values learnt from held numeric dates at all: only then does their order matter to anyone. */
  numericSeen = false;
  /** Date texts → midnight UTC in ms (or NaN): a list holds a few hundred distinct days, a million times over. */
  private readonly days = new Map<string, number>();
  private readonly nowMs: number;
  private readonly reference: UTCDate;

  constructor(now: string, order?: DateOrder) {
    this.nowMs = Date.parse(now);
    this.reference = new UTCDate(this.nowMs);
    if (order) this.settle(order, 'option');
  }

  get order(): DateOrder | undefined {
    return this.orderDecided;
  }

  get orderReason(): DateOrderReason | undefined {
    return this.reason;
  }

  /** Looks at a value of the column before any is read; true once the order is known. */
  learn(text: string): boolean {
    if (this.orderDecided) return true;
    const trimmed = text.trim();
    const date = TIME.exec(trimmed)?.[1] ?? trimmed;
    const numeric = NUMERIC_DATE.exec(date);
    if (numeric) {
      this.numericSeen = true;
      const first = Number(numeric[1]);
      const second = Number(numeric[3]);
      if (first > 12 && second <= 12) this.settle('dmy', 'column');
      else if (second > 12 && first <= 12) this.settle('mdy', 'column');
      else if (AM_PM.test(trimmed)) this.clockHint = true;
    }
    return this.orderDecided !== undefined;
  }

  /** No more values to learn from: the clock's hint, else day first. */
  decide(): void {
    if (!this.orderDecided) this.settle(this.clockHint ? 'mdy' : 'dmy', this.clockHint ? 'clock' : 'default');
  }

  /** The instant (ISO 8601, UTC), or why it cannot be the lead's creation date. */
  read(text: string): CreationDate {
    const ms = this.toMs(text.trim());
    if (Number.isNaN(ms)) return 'unreadable';
    if (ms > this.nowMs + FUTURE_TOLERANCE_MS) return 'future';
    // A few hours ahead is a time zone or a clock, not an error: the lead is taken as created now.
    return new Date(Math.min(ms, this.nowMs)).toISOString();
  }

  private settle(order: DateOrder, reason: DateOrderReason): void {
    this.orderDecided = order;
    this.reason = reason;
  }

  private toMs(text: string): number {
    const iso = ISO.exec(text);
    if (iso) {
      const [, year, month, day, hour, minute, second, fraction, zone] = iso;
      const dayMs = utcDay(Number(year), Number(month), Number(day));
      return dayMs + timeMs(hour, minute, second, undefined, fraction) - zoneMs(zone);
    }
    const time = TIME.exec(text);
    const datePart = time ? time[1]! : text;
    const dayMs = this.dayMs(datePart);
    if (!time) return dayMs;
    const [, , hour, minute, second, meridiem, zone] = time;
    return dayMs + timeMs(hour, minute, second, meridiem) - zoneMs(zone);
  }

  private dayMs(text: string): number {
    let ms = this.days.get(text);
    if (ms !== undefined) return ms;
    ms = this.parseDay(text);
    if (this.days.size < DAY_CACHE_LIMIT) this.days.set(text, ms);
    return ms;
  }

  private parseDay(text: string): number {
    const numeric = NUMERIC_DATE.exec(text);
    if (numeric) {
      const [, , separator, , year] = numeric;
      const years = year!.length === 2 ? 'yy' : 'yyyy';
      const format = this.orderDecided === 'mdy' ? `M${separator}d${separator}${years}` : `d${separator}M${separator}${years}`;
      return parse(text, format, this.reference).getTime();
    }
    if (!/[a-zà-ÿ]/i.test(text)) return NaN;
    for (const locale of LOCALES) {
      for (const format of NAMED_FORMATS) {
        const ms = parse(text, format, this.reference, { locale }).getTime();
        // "15-Apr-21" also fits d-MMM-yyyy, as the year 21: a four-digit year it is not.
        if (!Number.isNaN(ms) && new Date(ms).getUTCFullYear() >= 1000) return ms;
      }
    }
    return NaN;
  }
}

function utcDay(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a day that does not exist is not a date.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : NaN;
}

function timeMs(hour?: string, minute?: string, second?: string, meridiem?: string, fraction?: string): number {
  if (hour === undefined) return 0;
  let h = Number(hour);
  const m = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (meridiem) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  if (h > 23 || m > 59 || s > 59) return NaN;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** "+02:00" → two hours ahead of UTC, subtracted to get back to UTC. */
function zoneMs(zone?: string): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}
