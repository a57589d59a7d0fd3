// The prompts, typed for real in a terminal (tmux): arrows, Enter, text, Ctrl-C.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { TmuxSession } from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
function terminal(args: string[], db: string): TmuxSession {
  const session = new TmuxSession(args, { BANT_DB: db });
  sessions.push(session);
  return session;
}
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

describe('in a terminal', () => {
  it('leads add asks for what is missing, checks the email as it is typed, and saves the lead', async () => {
    const db = path.join(tempDir(), 'bant.db');
    const term = terminal(['leads', 'add', '--phone', '+33 1 23 45 67 89'], db);
    await term.waitFor(/Email/);
    term.type('jeanne@');
    term.press('Enter');
    await term.waitFor(/not a valid email/);
    term.type('acme.fr'); // the typed text stays after the error: finish it
    term.press('Enter');
    await term.waitFor(/First name/);
    term.type('Jeanne');
    term.press('Enter');
    await term.waitFor(/Last name/);
    term.press('Enter'); // skipped
    await term.waitFor(/Company/);
    term.type('Acme');
    term.press('Enter');
    await term.waitFor(/Title/);
    term.press('Enter');
    await term.waitFor(/Stage/);
    term.press('Down'); // from the default, lead, to mql
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);
    const [lead] = JSON.parse(runBant(['leads', 'list', '--format', 'json'], { db }).stdout);
    expect(lead).toMatchObject({ email: 'jeanne@acme.fr', firstName: 'Jeanne', lastName: null, company: 'Acme', phone: '+33 1 23 45 67 89', stage: 'mql' });
  });

  it('Ctrl-C at a prompt exits 130 and adds nothing', async () => {
    const db = path.join(tempDir(), 'bant.db');
    const term = terminal(['leads', 'add'], db);
    await term.waitFor(/Email/);
    term.type('half@typed.fr');
    term.press('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.screen()).toMatch(/cancelled/);
    expect(runBant(['leads', 'list', '--format', 'json'], { db }).stdout.trim()).toBe('[]');
  });

  it('leads forget asks before erasing, and keeps the lead on no', async () => {
    const db = path.join(tempDir(), 'bant.db');
    runBant(['leads', 'add', '--email', 'jeanne@acme.fr'], { db });
    const term = terminal(['leads', 'forget', 'jeanne@acme.fr'], db);
    await term.waitFor(/cannot be undone/);
    term.type('n');
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/Nothing was erased/);
    expect(runBant(['leads', 'show', 'jeanne@acme.fr'], { db }).code).toBe(0);
  });

  it('speaks French in the prompts', async () => {
    const db = path.join(tempDir(), 'bant.db');
    const term = terminal(['leads', 'add', '--lang', 'fr'], db);
    await term.waitFor(/E-mail/);
    term.press('Enter');
    await term.waitFor(/Prénom/);
    term.press('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.screen()).toMatch(/annulé/);
  });
});
