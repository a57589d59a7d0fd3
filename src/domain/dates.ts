// Calendar dates (YYYY-MM-DD) for follow-ups, and instants (ISO 8601, UTC) for everything that happened.

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const FIRST_DAY_MS = Date.parse('0000-01-01T00:00:00Z');
const LAST_DAY_MS = Date.parse('9999-12-31T00:00:00Z');

/** Days later (or earlier); a span past the calendar's years 0000-9999 (`--since 99999999d`) stops at its edge. */
export function addDays(isoDate: string, days: number): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS;
  if (ms < FIRST_DAY_MS) return '0000-01-01';
  if (ms > LAST_DAY_MS) return '9999-12-31';
  return toIsoDate(new Date(ms));
}

/** Accepts YYYY-MM-DD that names a real day (2026-02-30 is refused). */
export function parseIsoDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && toIsoDate(date) === match[0] ? match[0] : undefined;
}
