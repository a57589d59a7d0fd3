// store.qualifications.latestForLeads, the bulk read behind `bant export --to` and `bant nurture --format ics`:
// on each engine, the same record `listForLead` gives last (the one `bant why` explains), drafts left out.

import { describe, expect, it } from 'vitest';
import { run } from '../../src/main.js';
import { ENGINES, freshTarget, openTargetStore, queryTarget } from '../helpers/engines.js';
import { ALL_MET } from '../helpers/answers.js';
import { runBant } from '../helpers/runBant.js';
import { ScriptedPrompter, terminalContext } from '../helpers/scriptedPrompter.js';

describe.each(ENGINES)('latest qualifications in bulk on %s', (engine) => {
  it('gives each lead its latest decided qualification, answers and criteria included, and nothing for the others', async () => {
    const db = await freshTarget(engine);
    const bant = (args: string[], input?: string) => expect(runBant(args, { db, input }).code).toBe(0);
    bant(['leads', 'add', '--email', 'jeanne@acme.fr', '--stage', 'mql']);
    bant(['leads', 'add', '--email', 'paul@beta.io', '--stage', 'mql']);
    bant(['leads', 'add', '--email', 'zoe@delta.io', '--stage', 'mql']);
    bant(['leads', 'add', '--email', 'never@gamma.io', '--stage', 'mql']);
    // Jeanne: nurtured, then qualified again to SQL; Paul: once; Zoe: an interview left as a draft.
    bant(['qualify', '1', '--answers', '-'], JSON.stringify({ ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': '6_12m' }));
    bant(['qualify', '1', '--answers', '-'], JSON.stringify({ ...ALL_MET, 'budget.amount': 80000 }));
    bant(['qualify', '2', '--answers', '-', '--override', 'sql', '--reason', 'CEO asked for it'], JSON.stringify({ ...ALL_MET, 'need.fit': 'no' }));
    const prompter = new ScriptedPrompter([
      [/budget/, 'allocated'],
      [/How much/, '120 000'],
      [/Note on Budget/, 'CTRL-C'],
    ]);
    expect(await run(['qualify', '3'], terminalContext(db, prompter).ctx)).toBe(130);
    expect(await queryTarget(db, 'SELECT status FROM qualifications WHERE lead_id = 3')).toEqual([{ status: 'draft' }]);

    const store = await openTargetStore(db);
    try {
      const latest = await store.qualifications.latestForLeads([1, 2, 3, 4, 999]);
      expect([...latest.keys()].sort()).toEqual([1, 2]);
      for (const leadId of [1, 2]) expect(latest.get(leadId)).toEqual((await store.qualifications.listForLead(leadId)).at(-1));
      expect(latest.get(1)).toMatchObject({ finalStage: 'sql', answers: expect.objectContaining({ 'budget.amount': 80000 }) });
      expect(latest.get(2)).toMatchObject({ overrideReason: 'CEO asked for it' });
      expect(await store.qualifications.latestForLeads([])).toEqual(new Map());
    } finally {
      await store.close();
    }
  });
});
