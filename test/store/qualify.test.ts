// The interview in-process, with a scripted prompter, against a real store of each engine.

import { describe, expect, it } from 'vitest';
import { addLead } from '../../src/leads/addLead.js';
import type { Engine } from '../../src/store/store.js';
import { run } from '../../src/main.js';
import { ENGINES, freshTarget, openTargetStore, queryTarget as query, snapshotTarget } from '../helpers/engines.js';
import { ScriptedPrompter, terminalContext, type Step } from '../helpers/scriptedPrompter.js';
import { runBant } from '../helpers/runBant.js';

/** A lead added in-process (the binary's start-up would double the time of these tests). */
async function addMql(db: string, texts: Record<string, string>) {
  const store = await openTargetStore(db);
  await addLead(store, { texts, stage: 'mql', custom: {} }, { at: '2026-11-21T09:00:00.000Z', by: 'tester', today: '2026-11-21' });
  await store.close();
}

async function setup(engine: Engine) {
  const db = await freshTarget(engine);
  await addMql(db, { email: 'jeanne@acme.fr', first_name: 'Jeanne', company: 'Acme' });
  return db;
}

const toSql: Step[] = [
  [/budget/, 'allocated'],
  [/How much/, '120 000'],
  [/Note on Budget/, ''],
  [/buying decision/, 'decision_maker'],
  [/Note on Authority/, 'signs alone'],
  [/When do they plan/, 'lt_1m'],
  [/Note on Timeline/, ''],
  [/What problem/, 'Invoices typed by hand'],
  [/How severe/, '4'],
  [/fit the need/, 'yes'],
  [/Note on Need/, ''],
];

async function interview(db: string, args: string[], steps: Step[]) {
  const prompter = new ScriptedPrompter(steps);
  const { ctx, output, messages } = terminalContext(db, prompter);
  const code = await run(args, ctx);
  return { code, output: output(), messages: messages(), prompter };
}

describe.each(ENGINES)('the interview, scripted, on %s', (engine) => {
  it('asks every question, records the answers, the note and the decision, and moves the lead to sql', async () => {
    const db = await setup(engine);
    const result = await interview(db, ['qualify', 'jeanne@acme.fr'], [...toSql, [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(result.prompter.remaining).toBe(0);
    expect(result.output).toMatch(/Decision: sql\s+Score: 100/);
    // The BANT score stays on the qualification; the lead keeps its lead score (Jeanne's fit gives nothing).
    expect(await query(db, 'SELECT stage, score FROM leads')).toEqual([{ stage: 'sql', score: 0 }]);
    expect(await query(db, 'SELECT score FROM qualifications')).toEqual([{ score: 100 }]);
    const [q] = await query<{ id: number; status: string; sdr: string; decision: string; notes: string }>(db, 'SELECT id, status, sdr, decision, notes FROM qualifications');
    expect(q).toMatchObject({ status: 'done', sdr: 'alice', decision: 'sql', notes: '{"authority":"signs alone"}' });
    expect(await query(db, 'SELECT question_id, value FROM qualification_answers WHERE qualification_id = ? ORDER BY question_id', q!.id)).toContainEqual({ question_id: 'budget.amount', value: '120000' });
    expect(await query(db, "SELECT from_stage, to_stage, cause, by FROM stage_history WHERE cause = 'qualification'")).toEqual([{ from_stage: 'mql', to_stage: 'sql', cause: 'qualification', by: 'alice' }]);
    expect(await query(db, 'SELECT * FROM claims')).toEqual([]); // the decision ends the claim
  });

  it('holds the lead for the SDR while the interview runs, and a Ctrl-C after the first answer lets it go', async () => {
    const db = await setup(engine);
    const claims = () => query(db, 'SELECT lead_id, sdr, claimed_at, expires_at FROM claims');
    const held = [{ lead_id: 1, sdr: 'alice', claimed_at: '2026-11-22T10:00:00.000Z', expires_at: '2026-11-22T10:30:00.000Z' }];
    let during: unknown;
    const looking = async () => {
      during = await claims();
      return 'CTRL-C';
    };
    const stopped = await interview(db, ['qualify', '1'], [...toSql.slice(0, 2), [/Note on Budget/, looking]]);
    expect(stopped.code).toBe(130);
    expect(during).toEqual(held);
    expect(await claims()).toEqual([]);
    expect(await query(db, "SELECT status FROM qualifications")).toEqual([{ status: 'draft' }]);
  });

  it("another SDR's lead: refused at once, naming them, and nothing is written", async () => {
    const db = await setup(engine);
    const bobs = await openTargetStore(db);
    await bobs.transaction((tx) => tx.qualifications.claim({ leadId: 1, sdr: 'bob', claimedAt: '2026-11-22T09:50:00.000Z', expiresAt: '2026-11-22T10:20:00.000Z' }, '2026-11-22T09:50:00.000Z'));
    await bobs.close();
    const before = await snapshotTarget(db);
    const result = await interview(db, ['qualify', '1'], []);
    expect(result.code).toBe(3);
    expect(result.messages).toMatch(/lead #1 is being qualified by bob until 10:20/);
    expect(await snapshotTarget(db)).toBe(before);
  });

  it("the queue lists another SDR's lead after the free ones, with who has it; picking it offers the next", async () => {
    const db = await setup(engine);
    await addMql(db, { company: 'Northwind' });
    const bobs = await openTargetStore(db);
    await bobs.transaction((tx) => tx.qualifications.claim({ leadId: 1, sdr: 'bob', claimedAt: '2026-11-22T09:50:00.000Z', expiresAt: '2026-11-22T10:20:00.000Z' }, '2026-11-22T09:50:00.000Z'));
    await bobs.close();
    const result = await interview(db, ['qualify'], [[/Lead to qualify \(1 in the queue/, 'jeanne'], [/Qualify #2 Northwind instead\?/, true], ...toSql, [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(result.messages).toMatch(/lead #1 is being qualified by bob until 10:20/);
    expect(await query(db, 'SELECT id, stage FROM leads ORDER BY id')).toEqual([{ id: 1, stage: 'mql' }, { id: 2, stage: 'sql' }]);
    expect(await query(db, 'SELECT lead_id, sdr FROM claims')).toEqual([{ lead_id: 1, sdr: 'bob' }]);
  });

  it('asks who decides only when the contact is not the decision maker', async () => {
    const db = await setup(engine);
    const steps: Step[] = [...toSql];
    steps.splice(3, 2, [/buying decision/, 'influencer'], [/decision maker identified/, true], [/Who decides/, 'Hervé'], [/Note on Authority/, '']);
    const result = await interview(db, ['qualify', '1'], [...steps, [/Record this decision/, 'confirm']]);
    expect(result.output).toMatch(/Decision: nurturing/);
    expect(await query(db, 'SELECT stage, follow_up_on FROM leads')).toEqual([{ stage: 'nurturing', follow_up_on: '2026-12-06' }]);
  });

  it('an override needs a reason and is recorded as one', async () => {
    const db = await setup(engine);
    const steps: Step[] = [...toSql, [/Record this decision/, 'override'], [/Move the lead to/, 'nurturing'], [/Why/, 'Budget signed only in Q2']];
    expect((await interview(db, ['qualify', '1'], steps)).code).toBe(0);
    expect(await query(db, 'SELECT decision, final_stage, override_reason FROM qualifications')).toEqual([{ decision: 'sql', final_stage: 'nurturing', override_reason: 'Budget signed only in Q2' }]);
    expect(await query(db, "SELECT to_stage, reason FROM stage_history WHERE cause = 'qualification'")).toEqual([{ to_stage: 'nurturing', reason: 'Budget signed only in Q2' }]);
  });

  it('Ctrl-C keeps the answers given so far; --resume continues from there', async () => {
    const db = await setup(engine);
    const stopped = await interview(db, ['qualify', '1'], [...toSql.slice(0, 4), [/Note on Authority/, 'CTRL-C']]);
    expect(stopped.code).toBe(130);
    expect(stopped.messages).toMatch(/bant qualify 1 --resume/);
    expect(await query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'mql' }]);
    expect(await query(db, "SELECT count(*) AS n FROM qualification_answers")).toEqual([{ n: 3 }]);

    const resumed = await interview(db, ['qualify', '1', '--resume'], [...toSql.slice(4), [/Record this decision/, 'confirm']]);
    expect(resumed.code).toBe(0);
    expect(resumed.prompter.asked[0]).toMatch(/Note on Authority/);
    expect(await query(db, 'SELECT status, decision FROM qualifications')).toEqual([{ status: 'done', decision: 'sql' }]);
  });

  it('without --resume, a terminal offers to resume the draft', async () => {
    const db = await setup(engine);
    await interview(db, ['qualify', '1'], [...toSql.slice(0, 2), [/Note on Budget/, 'CTRL-C']]);
    const result = await interview(db, ['qualify', '1'], [[/Resume the interview/, true], ...toSql.slice(2), [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(await query(db, 'SELECT count(*) AS n FROM qualifications')).toEqual([{ n: 1 }]);
  });

  it('picks the lead from the queue when no ref is given', async () => {
    const db = await setup(engine);
    await addMql(db, { company: 'Northwind' });
    const result = await interview(db, ['qualify'], [[/Lead to qualify \(2 in the queue/, 'northwind'], ...toSql, [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(await query(db, "SELECT company FROM leads WHERE stage = 'sql'")).toEqual([{ company: 'Northwind' }]);
  });

  it('a lead that moved during the interview is a conflict: nothing is written', async () => {
    const db = await setup(engine);
    const colleague = () => {
      // Another SDR disqualifies the lead while this interview is still going.
      runBant(['stage', '1', 'disqualified', '--reason', 'duplicate of #7'], { db });
      return 'yes';
    };
    const steps: Step[] = [...toSql.slice(0, 9), [/fit the need/, colleague], [/Note on Need/, ''], [/Record this decision/, 'confirm']];
    const result = await interview(db, ['qualify', '1'], steps);
    expect(result.code).toBe(3);
    expect(result.messages).toMatch(/changed while you were qualifying it \(it is now at disqualified\)/);
    expect(await query(db, "SELECT count(*) AS n FROM qualifications WHERE status = 'done'")).toEqual([{ n: 0 }]);
    expect(await query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'disqualified' }]);
  });
});
