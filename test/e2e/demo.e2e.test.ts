import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, queryTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { TmuxSession } from '../helpers/tmux.js';

describe('bant demo without --db (its throwaway database is a SQLite file)', () => {
  it('without a terminal: sample leads in a throwaway database, a scripted qualification, the pipeline; the user database untouched', () => {
    const home = tempDir();
    const result = runBant(['demo'], { env: { BANT_DB: undefined, XDG_DATA_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/60 sample leads loaded into a demo database: (\S+)/);
    expect(result.stdout).toMatch(/Decision: nurturing/);
    expect(result.stderr).toContain('26 sample activities loaded (opens, clicks, pricing pages, demo requests…): 13 leads scored, 4 became leads, 2 became MQLs.');
    expect(result.stdout).toMatch(/Pipeline[\s\S]*mql\s+│ 19/);
    // It ends with why the first lead of the queue was first: its lead score, rule by rule.
    expect(result.stdout).toMatch(/Why lead #1 was first in the queue[\s\S]*Requested a demo or a trial[\s\S]*At or over the MQL threshold\.\n$/);
    expect(fs.existsSync(path.join(home, 'bant'))).toBe(false);
    const demoDb = /demo database: (\S+)/.exec(result.stderr)![1]!;
    const conn = new Database(demoDb, { readonly: true });
    expect(conn.prepare("SELECT count(*) AS n FROM qualifications WHERE status = 'done'").get()).toEqual({ n: 1 });
    conn.close();
    fs.rmSync(path.dirname(demoDb), { recursive: true, force: true });
  });
});

describe.each(ENGINES)('bant demo --db on %s', (engine) => {
  it('keeps the demo database where the user says, with --format json counts', async () => {
    const db = await freshTarget(engine);
    const result = runBant(['demo', '--db', db, '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ database: db, created: 60, activities: { created: 26, promoted: { lead: 4, mql: 2 } }, qualification: { leadId: 1, decision: 'nurturing' } });
    expect(json.pipeline).toEqual({ prospect: 5, lead: 15, mql: 19, sql: 4, customer: 3, nurturing: 9, disqualified: 5 });
    const why = json.scoreWhy;
    expect(why).toMatchObject({ leadId: 1, fit: 30, mql: { met: true } });
    const sum = why.contributions.reduce((total: number, c: { effectivePoints: number }) => total + c.effectivePoints * 10, 0) / 10;
    expect(Math.round(sum * 10) / 10).toBe(why.total);
    expect(await queryTarget(db, "SELECT count(*) AS n FROM stage_history WHERE cause = 'scoring'")).toEqual([{ n: 6 }]);
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 60 }]);
  });
});

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

describe('bant demo at a terminal', () => {
  it('a new user qualifies the first MQL by answering the questions', async () => {
    const db = path.join(tempDir(), 'demo.db');
    const term = new TmuxSession(['demo', '--db', db], {});
    sessions.push(term);
    const steps: [RegExp, string[] | string][] = [
      [/\? Is there a budget/, ['Enter']], [/\? How much/, ['Enter']], [/\? Note on Budget/, ['Enter']],
      [/\? Who is the contact/, ['Enter']], [/\? Note on Authority/, ['Enter']],
      [/\? When do they plan/, ['Enter']], [/\? Note on Timeline/, ['Enter']],
      [/\? What problem/, 'Energy bills by hand'], [/\? How severe/, '4'], [/\? Does our product fit/, ['Enter']], [/\? Note on Need/, ['Enter']],
      [/\? Record this decision/, ['Enter']],
    ];
    for (const [question, keys] of steps) {
      await term.waitFor(question);
      if (typeof keys === 'string') {
        term.type(keys);
        term.press('Enter');
      } else term.press(...keys);
    }
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/Lead #1 Baptiste Barbier: mql → sql/);
    expect(term.screen()).toMatch(/Pipeline/);
  });
});
