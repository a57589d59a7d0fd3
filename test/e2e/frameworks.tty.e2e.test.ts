// The CHAMP interview typed for real in a terminal (tmux), the way an SDR whose team chose CHAMP lives it.

import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { TmuxSession } from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

/** Waits for the question to be the one asked (inquirer marks it "?"), then presses the keys. */
async function answer(term: TmuxSession, question: RegExp, ...keys: (string | { text: string })[]) {
  await term.waitFor(new RegExp(`\\? ${question.source}`));
  for (const key of keys) {
    if (typeof key === 'string') term.press(key);
    else term.type(key.text);
  }
}

describe('bant qualify --framework champ at a terminal', () => {
  it('asks the challenges first, then authority, money and prioritization, and decides by CHAMP’s policy', async () => {
    const db = path.join(tempDir(), 'bant.db');
    runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--company', 'Acme', '--stage', 'mql'], { db });
    const term = new TmuxSession(['qualify', 'jeanne@acme.fr', '--framework', 'champ'], { BANT_DB: db, BANT_SDR: 'alice' });
    sessions.push(term);

    await answer(term, /What challenge are they trying to overcome/, { text: 'Invoices typed by hand' }, 'Enter');
    await answer(term, /What does it cost them to leave it unsolved/, 'Enter'); // A lot
    await answer(term, /Can we solve that challenge/, 'Enter'); // Yes
    await answer(term, /Note on Challenges/, 'Enter');
    await answer(term, /What part does the contact play/, 'Down', 'Enter'); // a champion
    await answer(term, /Do we know who decides/, { text: 'y' }, 'Enter');
    await answer(term, /Who decides/, { text: 'Hervé Moreau' }, 'Enter');
    await answer(term, /Note on Authority/, 'Enter');
    await answer(term, /How would they pay for it/, 'Down', 'Enter'); // no budget yet, can be found
    await answer(term, /Note on Money/, { text: 'budget in Q1' }, 'Enter');
    await answer(term, /Where does this rank among their projects/, 'Enter'); // top
    await answer(term, /By when do they want it solved/, 'Enter'); // within three months
    await answer(term, /Note on Prioritization/, 'Enter');

    const summary = await term.waitFor(/\? Record this decision/);
    expect(summary).toMatch(/Challenges\s+│ Invoices typed by hand · A lot: it holds the business back now · Yes\s+│ met/);
    expect(summary).toMatch(/Money\s+│ No budget yet, but they can find the money\s+│ partial/);
    expect(summary).toMatch(/Decision: sql\s+Score: 90/);
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);

    const conn = new Database(db, { readonly: true });
    try {
      // CHAMP's score stays on the qualification; the lead keeps its lead score.
      expect(conn.prepare('SELECT l.stage, q.score FROM leads l JOIN qualifications q ON q.lead_id = l.id').get()).toEqual({ stage: 'sql', score: 90 });
      expect(conn.prepare('SELECT framework_id, framework_version, notes FROM qualifications').get()).toEqual({ framework_id: 'champ', framework_version: 1, notes: '{"money":"budget in Q1"}' });
      expect(conn.prepare('SELECT id FROM frameworks').all()).toEqual([{ id: 'champ' }]);
    } finally {
      conn.close();
    }
    const why = runBant(['why', '1'], { db });
    expect(why.stdout).toMatch(/\(champ v1\)[\s\S]*Authority\s+│ They back us with whoever decides · yes · Hervé Moreau\s+│ met\s+│ a champion who knows who decides/);
  });
});
