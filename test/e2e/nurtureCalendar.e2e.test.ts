// `bant nurture --format ics`, end to end on both engines, read back with an independent parser (Mozilla's
// ical.js): one event per follow-up, on its date, naming the lead, its company and why it is in nurturing,
// under a UID that stays the lead's, so that importing a newer file updates the event.

import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { ALL_MET } from '../helpers/answers.js';

interface Event {
  uid: string;
  summary: string;
  description: string;
  start: string;
  allDay: boolean;
  sequence: number;
}

function events(ics: string): Event[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { uid: event.uid, summary: event.summary, description: event.description, start: event.startDate.toString(), allDay: event.startDate.isDate, sequence: event.sequence };
  });
}

describe.each(ENGINES)('bant nurture --format ics on %s', (engine) => {
  it('one all-day event per follow-up, with the lead, company and reasons, under a UID that survives a new date', async () => {
    const db = await freshTarget(engine);
    const bant = (args: string[], input?: string) => runBant(args, { db, input });
    expect(bant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--last-name', 'Martin', '--company', 'Acme', '--title', 'CFO', '--stage', 'mql']).code).toBe(0);
    expect(bant(['leads', 'add', '--company', 'Boulangerie Dupré', '--stage', 'mql']).code).toBe(0);
    expect(bant(['leads', 'add', '--email', 'paul@beta.io', '--stage', 'mql']).code).toBe(0);
    expect(bant(['qualify', '1', '--answers', '-'], JSON.stringify({ ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': '6_12m' })).code).toBe(0);
    expect(bant(['stage', '2', 'nurturing', '--reason', 'budget frozen until Q1', '--follow-up-on', '2027-01-15']).code).toBe(0);

    const first = bant(['nurture', '--format', 'ics']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('2 follow-ups written as calendar events.');
    expect(first.stdout).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const [boulangerie, jeanne, ...others] = events(first.stdout).sort((a, b) => a.summary.localeCompare(b.summary));
    expect(others).toEqual([]);
    expect(boulangerie).toMatchObject({ summary: 'Follow up: Boulangerie Dupré', start: '2027-01-15', allDay: true });
    expect(boulangerie!.description).toContain('In nurturing because: budget frozen until Q1');
    expect(boulangerie!.description).toContain('bant qualify 2');
    expect(jeanne!.summary).toBe('Follow up: Jeanne Martin (Acme)');
    expect(jeanne!.description).toContain('In nurturing because: Budget (partial), Timeline (partial)');
    expect(jeanne!.description).toContain('CFO · jeanne@acme.fr');
    expect(jeanne!.start).toBe(JSON.parse(bant(['leads', 'show', '1', '--format', 'json']).stdout).followUpOn);
    expect(jeanne!.uid).not.toBe(boulangerie!.uid);
    // The follow-up date is the day itself, whatever the time zone bant runs in (UTC-8 and UTC+14 here).
    for (const TZ of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const starts = events(runBant(['nurture', '--format', 'ics'], { db, env: { TZ } }).stdout).map((event) => event.start);
      expect(starts.sort()).toEqual([boulangerie!.start, jeanne!.start].sort());
    }
    // The same data written twice is the same calendar (but for DTSTAMP, the instant it was written).
    const withoutStamp = (ics: string) => ics.replace(/^DTSTAMP:.*$/gm, '');
    expect(withoutStamp(bant(['nurture', '--format', 'ics']).stdout)).toBe(withoutStamp(first.stdout));

    // Qualified again later (a new follow-up date): the same UID, a later date, a higher SEQUENCE.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(bant(['qualify', '1', '--answers', '-'], JSON.stringify({ ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': 'gt_12m' })).code).toBe(0);
    const again = events(bant(['nurture', '--format', 'ics']).stdout).find((event) => event.summary.startsWith('Follow up: Jeanne'))!;
    expect(again.uid).toBe(jeanne!.uid);
    expect(again.start > jeanne!.start).toBe(true);
    expect(again.sequence).toBeGreaterThan(jeanne!.sequence);

    // --due keeps only what is due; French events in French; the format belongs to nurture alone.
    expect(events(bant(['nurture', '--due', '--format', 'ics']).stdout)).toEqual([]);
    expect(events(bant(['nurture', '--format', 'ics', '--lang', 'fr']).stdout).map((event) => event.summary).sort()).toEqual(['Relancer Boulangerie Dupré', 'Relancer Jeanne Martin (Acme)']);
    const elsewhere = bant(['leads', 'list', '--format', 'ics']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('--format ics is for bant nurture');
  });
});
