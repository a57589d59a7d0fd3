// Calendar dates (YYYY-MM-DD) for follow-ups, and instants (ISO 8601, UTC) for everything that happened.

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/** Accepts YYYY-MM-DD that names a real day (2026-02-30 is refused). */
export function parseIsoDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && toIsoDate(date) === match[0] ? match[0] : undefined;
}
