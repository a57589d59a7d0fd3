// What `bant score learn` reads, on a real store of each engine: which leads have an outcome and when it
// became known (the stage history and the qualifications), and only the activities before that moment.

import { describe, expect, it } from 'vitest';
import type { LeadOutcome, Store } from '../../src/store/store.js';
import { ALL_MET } from '../helpers/answers.js';
import { ENGINES, openTestStore } from '../helpers/engines.js';
import { fileWith, tellStory } from '../helpers/runInProcess.js';

const NURTURE = { ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': '3_6m' };

/**
 * 1 Ada    mql, opens and asks for a demo, qualified → sql on 01-12, → customer 02-01, opens again 02-10: converted at 01-12
 * 2 Ben    lead, a page view 01-06, disqualified 01-20, an open 01-25: not converted at 01-20
 * 3 Cleo   mql, an open 01-10, qualified (nurturing) 01-15, disqualified 02-01: not converted at 01-15
 * 4 Dan    mql, qualified (nurturing) 01-15, opens 02-10, qualified again → sql 03-01: converted at 03-01
 * 5 Eve    lead, activities, no outcome
 * 6 Finn   disqualified 01-20, then forgotten: neither learned from nor counted
 * 7 Gus    imported on 01-09 as a customer created 01-05 (won deals): converted at 01-09, when its history says it
 *          became one; its activity of 01-02 (recorded later) counted
 */
async function story(engine: (typeof ENGINES)[number]): Promise<Store> {
  const { store, target } = await openTestStore(engine);
  const add = (email: string, stage: string, ...more: string[]) => ['leads', 'add', '--email', email, '--stage', stage, ...more];
  const activity = (ref: string, type: string, at: string) => ['activity', 'add', ref, type, '--at', at];
  await tellStory(target, [
    ['2026-01-05T09:00:00Z', add('ada@acme.io', 'mql', '--industry', 'Software', '--employees', '120')],
    ['2026-01-05T09:00:00Z', add('ben@gmail.com', 'lead')],
    ['2026-01-05T09:00:00Z', add('cleo@orbit.io', 'mql')],
    ['2026-01-05T09:00:00Z', add('dan@pinecone.io', 'mql')],
    ['2026-01-05T09:00:00Z', add('eve@harbour.io', 'lead')],
    ['2026-01-05T09:00:00Z', add('finn@quill.com', 'lead')],
    ['2026-01-09T09:00:00Z', ['import', fileWith('won.csv', 'email,stage,created\ngus@ledgerly.io,customer,2026-01-05\n')]],
    ['2026-01-06T09:00:00Z', activity('ada@acme.io', 'email_open', '2026-01-06T08:00:00Z')],
    ['2026-01-08T09:00:00Z', activity('ada@acme.io', 'demo_request', '2026-01-08T08:00:00Z')],
    ['2026-01-08T09:00:00Z', activity('ada@acme.io', 'email_open', '2026-01-08T08:30:00Z')],
    ['2026-01-06T09:00:00Z', activity('ben@gmail.com', 'page_view', '2026-01-06T08:00:00Z')],
    ['2026-01-10T09:00:00Z', activity('cleo@orbit.io', 'email_open', '2026-01-10T08:00:00Z')],
    ['2026-01-10T09:00:00Z', activity('eve@harbour.io', 'email_open', '2026-01-10T08:00:00Z')],
    ['2026-01-10T09:00:00Z', activity('gus@ledgerly.io', 'meeting_booked', '2026-01-02T08:00:00Z')],
    ['2026-01-12T09:00:00Z', ['qualify', 'ada@acme.io', '--answers', fileWith('met.json', ALL_MET)]],
    ['2026-01-15T09:00:00Z', ['qualify', 'cleo@orbit.io', '--answers', fileWith('nurture.json', NURTURE)]],
    ['2026-01-15T09:00:00Z', ['qualify', 'dan@pinecone.io', '--answers', fileWith('nurture.json', NURTURE)]],
    ['2026-01-20T09:00:00Z', ['stage', 'ben@gmail.com', 'disqualified', '--reason', 'no budget']],
    ['2026-01-20T09:00:00Z', ['stage', 'finn@quill.com', 'disqualified', '--reason', 'no budget']],
    ['2026-01-25T09:00:00Z', activity('ben@gmail.com', 'email_open', '2026-01-25T08:00:00Z')],
    ['2026-02-01T09:00:00Z', ['stage', 'ada@acme.io', 'customer']],
    ['2026-02-01T09:00:00Z', ['stage', 'cleo@orbit.io', 'disqualified', '--reason', 'no budget']],
    ['2026-02-10T09:00:00Z', activity('ada@acme.io', 'email_open', '2026-02-10T08:00:00Z')],
    ['2026-02-10T09:00:00Z', activity('dan@pinecone.io', 'email_open', '2026-02-10T08:00:00Z')],
    // At the moment of the outcome itself: not before it, so not counted.
    ['2026-03-01T09:00:00Z', activity('dan@pinecone.io', 'email_click', '2026-03-01T09:00:00Z')],
    ['2026-03-01T09:00:00Z', ['qualify', 'dan@pinecone.io', '--answers', fileWith('met.json', ALL_MET)]],
    ['2026-03-02T09:00:00Z', ['leads', 'forget', 'finn@quill.com', '--yes']],
  ]);
  return store;
}

async function allOutcomes(store: Store, pageSize: number): Promise<LeadOutcome[]> {
  const all: LeadOutcome[] = [];
  for (let after = 0; ; ) {
    const page = await store.learning.outcomesPage(after, pageSize);
    if (page.length === 0) return all;
    expect(page.length).toBeLessThanOrEqual(pageSize);
    all.push(...page);
    after = page.at(-1)!.lead.id;
  }
}

describe.each(ENGINES)('outcomes for learning on %s', (engine) => {
  it('gives each lead with an outcome its label, its moment and only the activities before it; leads without one are counted apart', async () => {
    const store = await story(engine);
    const outcomes = await allOutcomes(store, 2);
    expect(outcomes.map((o) => [o.lead.email, o.converted, o.outcomeAt, o.activityCounts])).toEqual([
      ['ada@acme.io', true, '2026-01-12T09:00:00.000Z', { email_open: 2, demo_request: 1 }],
      ['ben@gmail.com', false, '2026-01-20T09:00:00.000Z', { page_view: 1 }],
      ['cleo@orbit.io', false, '2026-01-15T09:00:00.000Z', { email_open: 1 }],
      ['dan@pinecone.io', true, '2026-03-01T09:00:00.000Z', { email_open: 1 }],
      ['gus@ledgerly.io', true, '2026-01-09T09:00:00.000Z', { meeting_booked: 1 }],
    ]);
    const ada = outcomes[0]!;
    expect(ada.activities.map((a) => [a.type, a.occurredAt])).toEqual([
      ['email_open', '2026-01-06T08:00:00.000Z'],
      ['demo_request', '2026-01-08T08:00:00.000Z'],
      ['email_open', '2026-01-08T08:30:00.000Z'],
    ]);
    expect(ada.lead).toMatchObject({ industry: 'Software', employees: 120, stage: 'customer' });
    // Eve has no outcome; Finn was forgotten.
    expect(await store.learning.countWithoutOutcome()).toBe(1);
  });

  it('pages by lead id: the same leads whatever the page size, none twice, an empty page at the end', async () => {
    const store = await story(engine);
    const ids = (list: LeadOutcome[]) => list.map((o) => o.lead.id);
    const whole = await allOutcomes(store, 10_000);
    expect(ids(await allOutcomes(store, 1))).toEqual(ids(whole));
    expect(ids(await allOutcomes(store, 3))).toEqual(ids(whole));
    expect(await store.learning.outcomesPage(whole.at(-1)!.lead.id, 10)).toEqual([]);
  });
});
