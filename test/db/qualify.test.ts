// The interview in-process, with a scripted prompter, against a real SQLite file.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/main.js';
import { ScriptedPrompter, terminalContext, type Step } from '../helpers/scriptedPrompter.js';
import { queryDb as query } from '../helpers/queryDb.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

function setup() {
  const db = path.join(tempDir(), 'bant.db');
  runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--company', 'Acme', '--stage', 'mql'], { db });
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

describe('the interview, scripted', () => {
  it('asks every question, records the answers, the note and the decision, and moves the lead to sql', async () => {
    const db = setup();
    const result = await interview(db, ['qualify', 'jeanne@acme.fr'], [...toSql, [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(result.prompter.remaining).toBe(0);
    expect(result.output).toMatch(/Decision: sql\s+Score: 100/);
    expect(query(db, 'SELECT stage, score FROM leads')).toEqual([{ stage: 'sql', score: 100 }]);
    const [q] = query<{ id: number; status: string; sdr: string; decision: string; notes: string }>(db, 'SELECT id, status, sdr, decision, notes FROM qualifications');
    expect(q).toMatchObject({ status: 'done', sdr: 'alice', decision: 'sql', notes: '{"authority":"signs alone"}' });
    expect(query(db, 'SELECT question_id, value FROM qualification_answers WHERE qualification_id = ? ORDER BY question_id', q!.id)).toContainEqual({ question_id: 'budget.amount', value: '120000' });
    expect(query(db, "SELECT from_stage, to_stage, cause, by FROM stage_history WHERE cause = 'qualification'")).toEqual([{ from_stage: 'mql', to_stage: 'sql', cause: 'qualification', by: 'alice' }]);
  });

  it('asks who decides only when the contact is not the decision maker', async () => {
    const db = setup();
    const steps: Step[] = [...toSql];
    steps.splice(3, 2, [/buying decision/, 'influencer'], [/decision maker identified/, true], [/Who decides/, 'Hervé'], [/Note on Authority/, '']);
    const result = await interview(db, ['qualify', '1'], [...steps, [/Record this decision/, 'confirm']]);
    expect(result.output).toMatch(/Decision: nurturing/);
    expect(query(db, 'SELECT stage, follow_up_on FROM leads')).toEqual([{ stage: 'nurturing', follow_up_on: '2026-12-06' }]);
  });

  it('an override needs a reason and is recorded as one', async () => {
    const db = setup();
    const steps: Step[] = [...toSql, [/Record this decision/, 'override'], [/Move the lead to/, 'nurturing'], [/Why/, 'Budget signed only in Q2']];
    expect((await interview(db, ['qualify', '1'], steps)).code).toBe(0);
    expect(query(db, 'SELECT decision, final_stage, override_reason FROM qualifications')).toEqual([{ decision: 'sql', final_stage: 'nurturing', override_reason: 'Budget signed only in Q2' }]);
    expect(query(db, "SELECT to_stage, reason FROM stage_history WHERE cause = 'qualification'")).toEqual([{ to_stage: 'nurturing', reason: 'Budget signed only in Q2' }]);
  });

  it('Ctrl-C keeps the answers given so far; --resume continues from there', async () => {
    const db = setup();
    const stopped = await interview(db, ['qualify', '1'], [...toSql.slice(0, 4), [/Note on Authority/, 'CTRL-C']]);
    expect(stopped.code).toBe(130);
    expect(stopped.messages).toMatch(/bant qualify 1 --resume/);
    expect(query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'mql' }]);
    expect(query(db, "SELECT count(*) AS n FROM qualification_answers")).toEqual([{ n: 3 }]);

    const resumed = await interview(db, ['qualify', '1', '--resume'], [...toSql.slice(4), [/Record this decision/, 'confirm']]);
    expect(resumed.code).toBe(0);
    expect(resumed.prompter.asked[0]).toMatch(/Note on Authority/);
    expect(query(db, 'SELECT status, decision FROM qualifications')).toEqual([{ status: 'done', decision: 'sql' }]);
  });

  it('without --resume, a terminal offers to resume the draft', async () => {
    const db = setup();
    await interview(db, ['qualify', '1'], [...toSql.slice(0, 2), [/Note on Budget/, 'CTRL-C']]);
    const result = await interview(db, ['qualify', '1'], [[/Resume the interview/, true], ...toSql.slice(2), [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(query(db, 'SELECT count(*) AS n FROM qualifications')).toEqual([{ n: 1 }]);
  });

  it('picks the lead from the queue when no ref is given', async () => {
    const db = setup();
    runBant(['leads', 'add', '--company', 'Northwind', '--stage', 'mql'], { db });
    const result = await interview(db, ['qualify'], [[/Lead to qualify \(2 in the queue/, 'northwind'], ...toSql, [/Record this decision/, 'confirm']]);
    expect(result.code).toBe(0);
    expect(query(db, "SELECT company FROM leads WHERE stage = 'sql'")).toEqual([{ company: 'Northwind' }]);
  });

  it('a lead that moved during the interview is a conflict: nothing is written', async () => {
    const db = setup();
    const colleague = () => {
      // Another SDR disqualifies the lead while this interview is still going.
      runBant(['stage', '1', 'disqualified', '--reason', 'duplicate of #7'], { db });
      return 'yes';
    };
    const steps: Step[] = [...toSql.slice(0, 9), [/fit the need/, colleague], [/Note on Need/, ''], [/Record this decision/, 'confirm']];
    const result = await interview(db, ['qualify', '1'], steps);
    expect(result.code).toBe(3);
    expect(result.messages).toMatch(/changed while you were qualifying it \(it is now at disqualified\)/);
    expect(query(db, "SELECT count(*) AS n FROM qualifications WHERE status = 'done'")).toEqual([{ n: 0 }]);
    expect(query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'disqualified' }]);
  });
});
