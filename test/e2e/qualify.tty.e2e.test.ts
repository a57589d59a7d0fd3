// bant qualify typed for real in a terminal (tmux): arrows, Enter, text, Ctrl-C; then the database checked,
// a SQLite file or a PostgreSQL database.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/store/store.js';
import { ENGINES, freshTarget, queryTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { recordedExit, TmuxSession } from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

async function setup(engine: Engine) {
  const db = await freshTarget(engine);
  runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--company', 'Acme', '--stage', 'mql'], { db });
  return db;
}

function terminal(db: string, ...args: string[]): TmuxSession {
  const session = new TmuxSession(['qualify', ...args], { BANT_DB: db, BANT_SDR: 'alice' });
  sessions.push(session);
  return session;
}

/** Waits for the question to be the one asked (inquirer marks it "?"), then presses the keys. */
async function answer(term: TmuxSession, question: RegExp, ...keys: (string | { text: string })[]) {
  await term.waitFor(new RegExp(`\\? ${question.source}`));
  for (const key of keys) {
    if (typeof key === 'string') term.press(key);
    else term.type(key.text);
  }
}

const down = (times: number) => Array(times).fill('Down') as string[];

/** The lead's stage and follow-up, and the BANT score of its latest qualification (kept there, not on the lead). */
async function lead(db: string) {
  const [row] = await queryTarget(
    db,
    'SELECT l.stage, (SELECT q.score FROM qualifications q WHERE q.lead_id = l.id ORDER BY q.id DESC LIMIT 1) AS score, l.follow_up_on AS "followUpOn" FROM leads l WHERE l.id = 1',
  );
  return row;
}

describe.each(ENGINES)('bant qualify at a terminal, on %s', (engine) => {
  it('to sql: every criterion met', async () => {
    const db = await setup(engine);
    const term = terminal(db, 'jeanne@acme.fr');
    await answer(term, /Is there a budget/, 'Enter');
    await answer(term, /How much/, { text: '50 000' }, 'Enter');
    await answer(term, /Note on Budget/, 'Enter');
    await answer(term, /Who is the contact/, 'Enter');
    await answer(term, /Note on Authority/, 'Enter');
    await answer(term, /When do they plan/, 'Enter');
    await answer(term, /Note on Timeline/, 'Enter');
    await answer(term, /What problem/, { text: 'Invoices typed by hand' }, 'Enter');
    await answer(term, /How severe/, { text: '4' }, 'Enter');
    await answer(term, /Does our product fit/, 'Enter');
    await answer(term, /Note on Need/, { text: 'wants a demo' }, 'Enter');
    const screen = await term.waitFor(/\? Record this decision/);
    expect(screen).toMatch(/Decision: sql\s+Score: 100/);
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(await lead(db)).toEqual({ stage: 'sql', score: 100, followUpOn: null });
  });

  it('to nurturing: influencer who knows the decider, buying in 3 to 6 months', async () => {
    const db = await setup(engine);
    const term = terminal(db, '1');
    await answer(term, /Is there a budget/, ...down(1), 'Enter');
    await answer(term, /How much/, 'Enter');
    await answer(term, /Note on Budget/, 'Enter');
    await answer(term, /Who is the contact/, ...down(1), 'Enter');
    await answer(term, /Is the decision maker identified/, { text: 'y' }, 'Enter');
    await answer(term, /Who decides/, { text: 'Hervé Moreau' }, 'Enter');
    await answer(term, /Note on Authority/, 'Enter');
    await answer(term, /When do they plan/, ...down(2), 'Enter');
    await answer(term, /Note on Timeline/, 'Enter');
    await answer(term, /What problem/, { text: 'Rotas in spreadsheets' }, 'Enter');
    await answer(term, /How severe/, { text: '9' }, 'Enter');
    await term.waitFor(/Give a whole number from 1 to 5\./);
    term.press('BSpace');
    term.type('3');
    term.press('Enter');
    await answer(term, /Does our product fit/, 'Enter');
    await answer(term, /Note on Need/, 'Enter');
    await answer(term, /Record this decision/, 'Enter');
    expect(await term.exitCode()).toBe(0);
    expect(await lead(db)).toMatchObject({ stage: 'nurturing', score: 62.5 });
  });

  it('to disqualified: no fit, with an override refused then given a reason', async () => {
    const db = await setup(engine);
    const term = terminal(db, '1');
    await answer(term, /Is there a budget/, ...down(2), 'Enter');
    await answer(term, /Note on Budget/, 'Enter');
    await answer(term, /Who is the contact/, ...down(3), 'Enter');
    await answer(term, /Is the decision maker identified/, { text: 'n' }, 'Enter');
    await answer(term, /Note on Authority/, 'Enter');
    await answer(term, /When do they plan/, ...down(5), 'Enter');
    await answer(term, /Note on Timeline/, 'Enter');
    await answer(term, /What problem/, { text: 'None really' }, 'Enter');
    await answer(term, /How severe/, { text: '1' }, 'Enter');
    await answer(term, /Does our product fit/, ...down(2), 'Enter');
    await answer(term, /Note on Need/, 'Enter');
    await answer(term, /Record this decision/, 'Enter');
    expect(await term.exitCode()).toBe(0);
    expect(await lead(db)).toMatchObject({ stage: 'disqualified', score: 0 });
  });

  it('Ctrl-C at the first question changes nothing; at the last, --resume asks only what is left', async () => {
    const db = await setup(engine);
    const first = terminal(db, '1');
    await answer(first, /Is there a budget/, 'C-c');
    expect(await first.exitCode()).toBe(130);
    expect(await lead(db)).toMatchObject({ stage: 'mql' });
    // Nothing kept: no draft (nothing was answered), and the lead is back in the queue for anyone.
    expect(await queryTarget(db, 'SELECT (SELECT count(*) FROM qualifications) AS drafts, (SELECT count(*) FROM claims) AS claims')).toEqual([{ drafts: 0, claims: 0 }]);

    const last = terminal(db, '1');
    await answer(last, /Is there a budget/, 'Enter');
    await answer(last, /How much/, 'Enter');
    await answer(last, /Note on Budget/, 'Enter');
    await answer(last, /Who is the contact/, 'Enter');
    await answer(last, /Note on Authority/, 'Enter');
    await answer(last, /When do they plan/, 'Enter');
    await answer(last, /Note on Timeline/, 'Enter');
    await answer(last, /What problem/, { text: 'Invoices' }, 'Enter');
    await answer(last, /How severe/, { text: '5' }, 'Enter');
    await answer(last, /Does our product fit/, 'C-c');
    expect(await last.exitCode()).toBe(130);
    expect(last.screen()).toMatch(/bant qualify 1 --resume/);
    expect(await lead(db)).toMatchObject({ stage: 'mql' });
    expect(await queryTarget(db, "SELECT (SELECT count(*) FROM qualifications WHERE status = 'draft') AS drafts, (SELECT count(*) FROM claims) AS claims")).toEqual([{ drafts: 1, claims: 0 }]);

    const resumed = terminal(db, '1', '--resume');
    await answer(resumed, /Does our product fit/, 'Enter');
    await answer(resumed, /Note on Need/, 'Enter');
    await answer(resumed, /Record this decision/, 'Enter');
    expect(await resumed.exitCode()).toBe(0);
    expect(resumed.screen()).not.toMatch(/Is there a budget/);
    expect(await lead(db)).toMatchObject({ stage: 'sql' });
  });

  it('the terminal closing mid-interview ends bant cleanly (no crash), the answers given so far kept as a draft', async () => {
    const db = await setup(engine);
    const result = path.join(tempDir(), 'exit.json');
    const term = new TmuxSession(['qualify', '1'], { BANT_DB: db, BANT_SDR: 'alice' }, { recordExitTo: result });
    sessions.push(term);
    await answer(term, /Is there a budget/, 'Enter');
    await answer(term, /How much/, { text: '50 000' }, 'Enter');
    await answer(term, /Note on Budget/, { text: 'board meets Monday' }, 'Enter');
    await answer(term, /Who is the contact/, 'Down');
    term.hangUp();
    // 130 (cancelled), not SIGABRT or SIGSEGV, and not "a bug in bant" (1).
    expect(await recordedExit(result)).toEqual({ code: 130, signal: null });
    expect(await lead(db)).toMatchObject({ stage: 'mql' });
    expect(await queryTarget(db, 'SELECT status, sdr, notes FROM qualifications')).toEqual([{ status: 'draft', sdr: 'alice', notes: '{"budget":"board meets Monday"}' }]);
    expect(await queryTarget(db, 'SELECT question_id, value FROM qualification_answers ORDER BY question_id')).toEqual([
      { question_id: 'budget.amount', value: '50000' },
      { question_id: 'budget.status', value: '"allocated"' },
    ]);
    // The claim ends with the interview: the lead is back in the team's queue.
    expect(await queryTarget(db, 'SELECT * FROM claims')).toEqual([]);
    if (engine === 'sqlite') expect(await queryTarget(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});
