// `bant nurture --format ics`: the follow-ups as an iCalendar file any calendar imports (RFC 5545, written by
// ical-generator). One all-day event per nurtured lead on its follow-up date. Its UID belongs to the lead, so
// importing a newer file moves the event instead of adding a second one; SEQUENCE and LAST-MODIFIED grow with
// the lead's changes, which is how calendars tell the newer event from the older.

import { createHash } from 'node:crypto';
import { displayName, type Lead } from '../domain/lead.js';
import type { Context } from './context.js';
import packageJson from '../../package.json' with { type: 'json' };

/** A lead in nurturing and why it is there, in words (criteria not met, an override's or a move's reason). */
export interface FollowUp {
  lead: Lead;
  reasons: string[];
}

/**
 * Stable for the lead's whole life, and the same in a copy of the database (`bant db copy`), yet different
 * for lead 12 of two databases: its id and the instant it was created.
 */
export function followUpUid(lead: Pick<Lead, 'id' | 'createdAt'>): string {
  const digest = createHash('sha256').update(`${lead.id}\n${lead.createdAt}`).digest('hex').slice(0, 16);
  return `follow-up-${lead.id}-${digest}@bant`;
}

/** RFC 5545's SEQUENCE is a 32-bit integer: seconds since 2020 grow with each change of the lead until 2088. */
function sequenceOf(lead: Lead): number {
  return Math.max(0, Math.floor((Date.parse(lead.updatedAt) - Date.UTC(2020, 0, 1)) / 1000));
}

export async function followUpCalendar(ctx: Context, followUps: readonly FollowUp[]): Promise<string> {
  const { t } = ctx;
  // Loaded only when a calendar is asked for: every other command starts without it.
  const { default: ical } = await import('ical-generator');
  const calendar = ical({ name: t('nurture.calendarName'), prodId: { company: 'bant', product: `bant ${packageJson.version}`, language: ctx.lang.toUpperCase() } });
  const stamp = ctx.now();
  for (const { lead, reasons } of followUps) {
    if (!lead.followUpOn) continue;
    const name = displayName(lead);
    const contact = [lead.title, lead.email, lead.phone].filter(Boolean).join(' · ');
    const description = [
      reasons.length ? t('nurture.eventReasons', { reasons: reasons.join(', ') }) : undefined,
      contact || undefined,
      t('nurture.eventCommand', { command: `bant qualify ${lead.id}` }),
    ].filter((line): line is string => line !== undefined);
    calendar.createEvent({
      id: followUpUid(lead),
      // An all-day event on the follow-up date itself, whatever the time zone of the calendar that imports it.
      start: new Date(`${lead.followUpOn}T00:00:00Z`),
      allDay: true,
      summary: lead.company && name !== lead.company ? t('nurture.eventSummaryWithCompany', { name, company: lead.company }) : t('nurture.eventSummary', { name }),
      description: description.join('\n'),
      sequence: sequenceOf(lead),
      lastModified: new Date(lead.updatedAt),
      stamp,
    });
  }
  return calendar.toString();
}
