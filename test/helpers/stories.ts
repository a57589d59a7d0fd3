// A story told to a database through bant's commands at set dates, for tests that compare engines or
// copy a database: enough of everything for every table and every report to have something to show.

import type { Engine } from '../../src/store/store.js';
import { ALL_MET as MET } from './answers.js';
import { freshTarget } from './engines.js';
import { fileWith, tellStory } from './runInProcess.js';

/**
 * A fuller story for comparing the engines: the sample leads imported, leads added, moved, qualified (with
 * an override, and a nurturing lead qualified again), an import that updates and moves, a lead forgotten,
 * leads reassigned, one owner written in two cases.
 */
export async function fullStory(engine: Engine): Promise<string> {
  const db = await freshTarget(engine);
  const nurture = { ...MET, 'budget.status': 'planned', 'timeline.horizon': '3_6m' };
  await tellStory(db, [
    ['2026-01-05T08:00:00Z', ['import', 'data/sample-leads.csv']],
    ['2026-01-10T09:00:00Z', ['leads', 'add', '--company', 'A', '--stage', 'mql', '--owner', 'alice', '--source', 'webinar']],
    ['2026-01-10T09:30:00Z', ['leads', 'add', '--company', 'B', '--stage', 'lead', '--owner', 'bob', '--source', 'salon']],
    ['2026-01-10T10:00:00Z', ['leads', 'add', '--company', 'C', '--stage', 'prospect', '--owner', 'Alice']],
    ['2026-01-12T09:00:00Z', ['stage', '62', 'mql']],
    ['2026-01-12T09:15:00Z', ['qualify', '61', '--sdr', 'alice', '--answers', fileWith('met.json', MET)]],
    ['2026-01-12T11:45:00Z', ['qualify', '1', '--sdr', 'chloe', '--answers', fileWith('nurture.json', nurture)]],
    ['2026-02-01T09:00:00Z', ['leads', 'add', '--company', 'D', '--stage', 'mql', '--owner', 'bob', '--source', 'webinar']],
    ['2026-02-01T10:20:00Z', ['qualify', '62', '--sdr', 'bob', '--answers', fileWith('nurture.json', nurture)]],
    ['2026-02-01T11:00:00Z', ['import', fileWith('update.csv', 'email,stage,title\nisla.shah@greenfield.com,mql,CIO\nremi.duval@cabinet.fr,nurturing,\nnew.person@acme.fr,lead,CEO\n'), '--on-duplicate', 'update', '--owner', 'dana']],
    ['2026-03-01T09:00:00Z', ['qualify', '64', '--sdr', 'bob', '--answers', fileWith('nofit.json', { ...MET, 'need.fit': 'no' })]],
    ['2026-03-01T09:30:00Z', ['leads', 'forget', 'isla.fraser@atlas.io', '--yes']],
    ['2026-03-01T10:00:00Z', ['leads', 'assign', '3', '8', '--owner', 'carol']],
    ['2026-03-01T16:40:00Z', ['qualify', '3', '--sdr', 'alice', '--answers', fileWith('met.json', MET), '--override', 'nurturing', '--reason', 'Budget signed in Q2']],
    ['2026-03-05T09:00:00Z', ['qualify', '62', '--sdr', 'bob', '--answers', fileWith('met.json', MET)]],
    ['2026-03-06T09:00:00Z', ['stage', '61', 'customer']],
    // What leads did: a prospect asks for a demo (→ mql), another opens an email (→ lead), a nurturing lead
    // comes back (re-engaged), an unknown address is created, and a type no rule scores is kept.
    ['2026-03-07T09:00:00Z', ['activity', 'import', fileWith('events.csv', STORY_EVENTS), '--create-leads', '--source', 'mautic']],
    ['2026-03-08T09:00:00Z', ['activity', 'add', '1', 'email.read', '--at', '2026-03-08 08:00', '--set', 'campaign=march']],
  ]);
  return db;
}


/** An export of a marketing tool, in the story: events of sample leads, and one of an address bant does not know. */
export const STORY_EVENTS = `email,eventType,timestamp,url,campaign
isla.fraser@atlas.io,form.submitted,2026-03-05 10:00,https://acme.io/demo,
isla.fraser@atlas.io,demo_request,2026-03-05 10:01,https://acme.io/demo,
hannah.lindqvist@harbour.io,email.read,2026-03-04 08:30,,newsletter-12
marcus.thompson@northwind.com,page.hit,2026-03-03 14:00,https://acme.io/pricing,
marcus.thompson@northwind.com,email.click,2026-03-03 13:58,https://acme.io/pricing,newsletter-12
oscar.sullivan@cedar.com,demo_request,2026-03-06 16:00,https://acme.io/demo,
oscar.sullivan@cedar.com,page.hit,2026-03-06 15:55,https://acme.io/pricing,
newcomer@orbit.io,Webinar Attended,2026-03-02 11:00,,spring-webinar
`;
