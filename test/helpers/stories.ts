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
  ]);
  return db;
}

