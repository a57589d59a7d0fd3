// --since and --until: a date (YYYY-MM-DD) or a span back from today (30d, 6w, 3m, 1y).

import { addDays, parseIsoDate } from '../domain/dates.js';
import { usageError } from '../domain/errors.js';

const SPAN_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

export function parseReportDate(option: string, text: string, today: string): string {
  const span = /^(\d+)([dwmy])$/.exec(text.trim());
  if (span) return addDays(today, -Number(span[1]) * SPAN_DAYS[span[2]!]!);
  const date = parseIsoDate(text);
  if (!date) throw usageError('report.badDate', { option, value: text });
  return date;
}

/** The period as the queries want it: from its first day, to the day after its last (exclusive). */
export function reportPeriod(since: string | undefined, until: string | undefined, today: string): { from?: string; to?: string; since?: string; until?: string } {
  const start = since === undefined ? undefined : parseReportDate('--since', since, today);
  const end = until === undefined ? undefined : parseReportDate('--until', until, today);
  if (start && end && start > end) throw usageError('report.sinceAfterUntil', { since: start, until: end });
  return { from: start, to: end ? addDays(end, 1) : undefined, since: start, until: end };
}
