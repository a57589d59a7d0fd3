// The first hour with a real CRM export, through the built binary: the preview, the refusals, the skipped
// duplicates; then French at a terminal and tables at 80 columns, typed and read through tmux.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, queryTarget } from '../helpers/engines.js';
import type { Engine } from '../../src/store/store.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { TmuxSession } from '../helpers/tmux.js';

const fixture = (name: string) => path.resolve('test/fixtures/exports', name);

async function setup(engine: Engine = 'sqlite') {
  const dir = tempDir();
  const db = await freshTarget(engine);
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };
  return { dir, db, file };
}

describe.each(ENGINES)('bant import, the first time with a CRM export, on %s', (engine) => {
  it('--dry-run shows how each column was understood on stderr, then the counts on stdout, and writes nothing', async () => {
    const { db } = await setup(engine);
    const result = runBant(['import', fixture('dolibarr-contacts.csv'), '--dry-run'], { db });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('How the columns were understood:');
    expect(result.stderr).toMatch(/Email \(sp\.email\)\s+→ email\n/);
    expect(result.stderr).toMatch(/Tiers \(s\.nom\)\s+→ company\n/);
    expect(result.stderr).toMatch(/Tél portable \(sp\.phone_mobile\)\s+→ custom field "Tél portable \(sp\.phone_mobile\)"/);
    expect(result.stderr).toMatch(/Date création \(sp\.datec\)\s+→ created_at; numeric dates read day first \(31\/12\/2026\): as the column's own dates show/);
    expect(result.stdout).toBe('Dry run: 3 rows: 3 would be created, 0 updated, 0 skipped as duplicates of existing leads, 0 rejected.\n');
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
    const json = JSON.parse(runBant(['import', fixture('odoo-crm-leads.csv'), '--dry-run', '--format', 'json'], { db }).stdout);
    expect(json).toMatchObject({ importId: null, rows: 2, created: 2, dateOrder: null });
    expect(json.columns.slice(0, 3)).toEqual([
      { header: 'ID', field: 'external_id' },
      { header: 'Opportunity', custom: 'Opportunity' },
      { header: 'Contact Name', field: 'full_name' },
    ]);
  });

  it('a file with no identity column is exit 3, names its columns and the --map that would help, and writes nothing', async () => {
    const { db, file } = await setup(engine);
    runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
    const result = runBant(['import', file('leads.csv', 'Prospect Number,Country,City\n1,India,Pune\n2,France,Lyon\n')], { db });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no column gives an email, an external id or a name (columns found: "Prospect Number", "Country", "City")');
    expect(result.stderr).toContain('--map "Prospect Number=external_id"');
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 1 }]);
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    // The suggested --map works.
    expect(runBant(['import', file('leads.csv', 'Prospect Number,Country,City\n1,India,Pune\n'), '--map', 'Prospect Number=external_id'], { db }).code).toBe(0);
  });

  it('a file whose every row is rejected is exit 3 with the reasons, and writes nothing but the rejects file', async () => {
    const { db, file, dir } = await setup(engine);
    const rejects = path.join(dir, 'rejects.csv');
    const result = runBant(['import', file('leads.csv', 'email,stage\nnope,lead\nalso-nope,lead\n'), '--rejects', rejects], { db });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("line 2: 'nope' is not a valid email address.");
    expect(result.stderr).toContain('all 2 rows were rejected (reasons above); nothing was written. Columns found: "email", "stage"');
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);
    expect(fs.readFileSync(rejects, 'utf8').split('\r\n')).toHaveLength(4);
  });

  it('skipped duplicates are counted on screen and listed in --rejects with their line and the lead they duplicate', async () => {
    const { db, file, dir } = await setup(engine);
    runBant(['import', file('first.csv', 'email,external_id\njeanne@acme.fr,\n,SF-9\n')], { db });
    const rejects = path.join(dir, 'rejects.csv');
    const list = file('again.csv', 'email,external_id,first_name\nJEANNE@acme.fr,,Jeanne\nnew@acme.fr,,New\n,SF-9,Nine\nbad,,X\nnew@acme.fr,,Twice\n');
    const result = runBant(['import', list, '--rejects', rejects], { db });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('5 rows: 1 created, 0 updated, 3 skipped as duplicates of existing leads, 1 rejected.');
    expect(result.stderr).toContain(`Skipped duplicates are listed in ${rejects} too, each with the lead it duplicates.`);
    // Rows the parser rejects and rows the database skips reach the file in two streams: compared in line order.
    const [header, ...rows] = fs.readFileSync(rejects, 'utf8').trimEnd().split('\r\n');
    expect(header).toBe('email,external_id,first_name,line,error');
    expect(rows.sort((a, b) => Number(/,(\d+),/.exec(a)![1]) - Number(/,(\d+),/.exec(b)![1]))).toEqual([
      'JEANNE@acme.fr,,Jeanne,2,"duplicate of lead #1 (jeanne@acme.fr), skipped"',
      ',SF-9,Nine,4,"duplicate of lead #2 (SF-9), skipped"',
      "bad,,X,5,'bad' is not a valid email address.",
      'new@acme.fr,,Twice,6,"duplicate of lead #3 (new@acme.fr), skipped"',
    ]);
    expect(runBant(['import', list], { db }).stderr).toContain('To see which rows were skipped and the lead each one duplicates, add --rejects FILE.');
  });

  it('a creation date that cannot be read, or lies in the future, rejects its row with the line', async () => {
    const { db, file } = await setup(engine);
    const result = runBant(['import', file('leads.csv', 'email,Created Date\na@b.co,2021-04-15\nb@c.co,someday\nc@d.co,2099-01-01\n'), '--format', 'json'], { db });
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, rejected: 2 });
    expect(result.stderr).toContain("line 3: Created Date: 'someday' is not a date bant can read");
    expect(result.stderr).toContain("line 4: Created Date: '2099-01-01' is in the future");
  });

  it('says it in French: plurals, decimals, one apostrophe', async () => {
    const { db, file } = await setup(engine);
    const fr = { BANT_LANG: 'fr' };
    const result = runBant(['import', file('leads.csv', 'email,company\na@b.co,Acme\nnope,Bolt\n')], { db, env: fr });
    expect(result.stdout).toContain('2 lignes : 1 créée, 0 mise à jour, 0 ignorée comme doublon d’un lead existant, 1 rejetée.');
    expect(result.stderr).toContain('ligne 3 : « nope » n’est pas une adresse e-mail valide.');
    // A lead score with a fraction: a pricing page visit (10 points, half-life 30 days) scored 14 days later.
    expect(runBant(['activity', 'add', 'a@b.co', 'page_view', '--at', '2026-01-01T00:00:00Z', '--set', 'url=https://acme.io/pricing'], { db }).code).toBe(0);
    expect(runBant(['score', 'a@b.co', '--as-of', '2026-01-15T00:00:00Z'], { db }).code).toBe(0);
    expect(runBant(['leads', 'list'], { db, env: fr }).stdout).toMatch(/│ 7,2\s+│/);
    expect(runBant(['leads', 'list', '--format', 'csv'], { db, env: fr }).stdout).toContain(',7.2,');
    expect(runBant(['leads', 'list', '--format', 'json'], { db, env: fr }).stdout).toContain('"score": 7.2');
  });
});

describe.each(ENGINES)('hints that work, and JSON errors in the user’s language, on %s', (engine) => {
  it('qualify names the moves the stage table allows, and they work', async () => {
    const { db, file } = await setup(engine);
    runBant(['leads', 'add', '--company', 'Gone', '--stage', 'lead'], { db });
    runBant(['stage', '1', 'disqualified', '--reason', 'no budget'], { db });
    const answers = file('answers.json', JSON.stringify({ 'budget.status': 'allocated', 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'x', 'need.severity': 4, 'need.fit': 'yes' }));
    const refused = runBant(['qualify', '1', '--answers', answers], { db });
    expect(refused.code).toBe(3);
    const commands = /Move it first: (.*)$/m.exec(refused.stderr)![1]!;
    expect(commands).toBe('bant stage 1 lead && bant stage 1 mql');
    for (const command of commands.split(' && ')) expect(runBant(command.split(' ').slice(1), { db }).code).toBe(0);
    expect(runBant(['qualify', '1', '--answers', answers], { db }).code).toBe(0);
    // Now an sql lead: why works, and going to customer ends qualification for good.
    runBant(['stage', '1', 'customer'], { db });
    expect(runBant(['qualify', '1', '--answers', answers], { db }).stderr).toContain('no stage change leads back to qualification');
  });

  it('an answers file that is not JSON: the line and column, in French', async () => {
    const { db, file } = await setup(engine);
    runBant(['leads', 'add', '--company', 'Acme', '--stage', 'mql'], { db });
    const result = runBant(['qualify', '1', '--answers', file('answers.json', '{\n  "budget.status": "allocated",\n}\n')], { db, env: { BANT_LANG: 'fr' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/ne sont pas un JSON valide \(ligne 3, colonne 1\) ; rien n’a été écrit\./);
    expect(result.stderr).not.toMatch(/Unexpected|position/);
  });
});

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

function terminal(args: string[], db: string, env: Record<string, string> = {}, width = 120): TmuxSession {
  const session = new TmuxSession(args, { BANT_DB: db, ...env }, { width, height: 50 });
  sessions.push(session);
  return session;
}

/** Every line of each box drawn on screen starts and ends with a border: nothing wrapped out of it. */
function expectBoxesIntact(screen: string, width: number): void {
  const lines = screen.split('\n').filter((line) => /^[┌│└]/.test(line));
  expect(lines.length).toBeGreaterThan(3);
  for (const line of lines) {
    expect(line.trimEnd().length, line).toBeLessThanOrEqual(width);
    expect(line.trimEnd(), line).toMatch(/[┐│┘]$/);
  }
  // A line cut by the terminal would continue on the next line, outside any box.
  const all = screen.split('\n');
  for (let i = 1; i < all.length; i++) if (/^[│]/.test(all[i - 1]!) && all[i]!.trim() && !/^[│└]/.test(all[i]!)) expect.fail(`a row spills out of its box: ${all[i]}`);
}

describe('at a terminal', () => {
  it('yes/no in French: (o/N), and o means oui', async () => {
    const { db } = await setup();
    runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne'], { db });
    const term = terminal(['leads', 'forget', '1'], db, { BANT_LANG: 'fr' });
    const screen = await term.waitFor(/C’est définitif\. \(o\/N\)/);
    expect(screen).toContain('Effacer toutes les données personnelles du lead #1 Jeanne');
    term.type('o');
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);
    expect(await queryTarget(db, 'SELECT email FROM leads')).toEqual([{ email: null }]);
  });

  it('the queue filter says in French when nothing matches', async () => {
    const { db } = await setup();
    runBant(['leads', 'add', '--company', 'Acme', '--stage', 'mql'], { db });
    const term = terminal(['qualify'], db, { BANT_LANG: 'fr' });
    await term.waitFor(/Lead à qualifier/);
    term.type('zzz');
    const screen = await term.waitFor(/Rien ne correspond/);
    expect(screen).not.toContain('No results');
    term.press('C-c');
    expect(await term.exitCode()).toBe(130);
  });

  it('tables fit 80 columns: long values wrap or are cut inside their cells', async () => {
    const { db, file } = await setup();
    const long = 'Compagnie Générale des Établissements Industriels et Commerciaux du Grand Ouest';
    runBant(['import', file('leads.csv', `email,first_name,last_name,company,owner,stage\nmarie-christine.de-la-rochefoucauld@etablissements-industriels.example,Marie-Christine,de La Rochefoucauld-Montbel,${long},alexandre.vandenberghe,mql\nb@c.co,Bo,Li,Small,al,lead\n`)], { db });
    const list = terminal(['leads', 'list'], db, {}, 80);
    expect(await list.exitCode()).toBe(0);
    expectBoxesIntact(list.screen(), 80);
    expect(list.screen()).toMatch(/Compagnie/);
    const show = terminal(['leads', 'show', '1'], db, {}, 80);
    expect(await show.exitCode()).toBe(0);
    expectBoxesIntact(show.screen(), 80);
    const report = terminal(['report', 'pipeline', '--by', 'owner'], db, {}, 80);
    expect(await report.exitCode()).toBe(0);
    expectBoxesIntact(report.screen(), 80);
    // JSON and CSV are never cut.
    expect(runBant(['leads', 'list', '--format', 'csv'], { db, env: { COLUMNS: '80' } }).stdout).toContain(long);
  });
});
