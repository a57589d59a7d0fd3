// The built `bant` binary, run as a user or a script runs it, against a SQLite file in a temp dir or a
// database of its own on the test run's PostgreSQL server: the same commands, output and exit codes.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/schemaVersion.js';
import { SECRET_PASSWORD, SECRET_ROLE } from '../setup/startPostgres.js';
import { ENGINES, execTarget, freshPostgresDatabase, freshTarget, postgresUrl, queryTarget, snapshotTarget as snapshot } from '../helpers/engines.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

function addJeanne(db: string) {
  return runBant(['leads', 'add', '--email', 'Jeanne.Martin@Acme.fr', '--first-name', 'Jeanne', '--last-name', 'Martin', '--company', 'Acme', '--employees', '1 200', '--stage', 'mql', '--set', 'linkedin=jmartin', '--format', 'json'], { db });
}

describe('bant, end to end, before any database', () => {
  it('prints its version and help with examples', () => {
    const version = runBant(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runBant(['leads', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--first-name');
    expect(help.stdout).toContain('Examples:');
  });

});

describe.each(ENGINES)('bant on %s, end to end', (engine) => {
  const newDb = () => freshTarget(engine);

  it('init creates the database at BANT_DB, at the latest schema, and says where it is', async () => {
    const db = await newDb();
    const result = runBant(['init', '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ path: db, engine, schemaVersion: SCHEMA_VERSION });
    expect(await queryTarget(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
  });

  it('adds, shows, lists, edits, assigns and moves a lead', async () => {
    const db = await newDb();
    const added = addJeanne(db);
    expect(added.code).toBe(0);
    const lead = JSON.parse(added.stdout);
    expect(lead).toMatchObject({ id: 1, email: 'jeanne.martin@acme.fr', employees: 1200, stage: 'mql', custom: { linkedin: 'jmartin' } });

    expect(runBant(['leads', 'add', '--company', 'Boulangerie Dupré', '--first-name', 'Hélène'], { db }).code).toBe(0);
    const shown = runBant(['leads', 'show', 'JEANNE.MARTIN@acme.fr'], { db });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Jeanne Martin');
    expect(shown.stdout).toContain('linkedin');
    expect(shown.stdout).toContain('Stage history');

    const edited = runBant(['leads', 'edit', '1', '--title', 'DSI', '--set', 'budget_cycle=T1', '--unset', 'linkedin', '--format', 'json'], { db });
    expect(JSON.parse(edited.stdout)).toMatchObject({ title: 'DSI', custom: { budget_cycle: 'T1' } });

    expect(runBant(['leads', 'assign', '1', '2', '--owner', 'alice'], { db }).code).toBe(0);
    const moved = runBant(['stage', '1', 'nurturing', '--follow-up-on', '2027-01-15', '--reason', 'budget gelé', '--format', 'json'], { db });
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ stage: 'nurturing', followUpOn: '2027-01-15', previousStage: 'mql' });

    const list = JSON.parse(runBant(['leads', 'list', '--owner', 'alice', '--format', 'json'], { db }).stdout);
    expect(list.map((l: { id: number; stage: string }) => [l.id, l.stage])).toEqual([[1, 'nurturing'], [2, 'lead']]);
    const history = JSON.parse(runBant(['leads', 'show', '1', '--format', 'json'], { db }).stdout).history;
    expect(history.map((h: { toStage: string; by: string; reason: string | null }) => [h.toStage, h.by, h.reason])).toEqual([
      ['mql', 'tester', null],
      ['nurturing', 'tester', 'budget gelé'],
    ]);
  });

  it('lists as CSV that parses back, with custom fields as columns', async () => {
    const db = await newDb();
    addJeanne(db);
    runBant(['leads', 'add', '--company', 'Dupont, Fils & "Cie"', '--stage', 'prospect'], { db });
    const csv = runBant(['leads', 'list', '--format', 'csv', '--sort', 'id'], { db });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^bant_id,email,first_name,last_name,company,.*,linkedin$/);
    expect(lines[2]).toContain('"Dupont, Fils & ""Cie"""');
  });

  it('filters the table by stage and pages it, with the counts on stderr', async () => {
    const db = await newDb();
    for (let i = 1; i <= 3; i++) runBant(['leads', 'add', '--company', `Company ${i}`, '--stage', i === 2 ? 'prospect' : 'mql'], { db });
    const page = runBant(['leads', 'list', '--stage', 'mql', '--limit', '1'], { db });
    expect(page.stdout).toContain('Company 1');
    expect(page.stdout).not.toContain('Company 3');
    expect(page.stderr).toContain('Leads 1-1.');
    expect(page.stderr).toContain('--offset 1');
  });

  it('speaks French with --lang fr or a French LANG', async () => {
    const db = await newDb();
    addJeanne(db);
    const shown = runBant(['leads', 'show', '1', '--lang', 'fr'], { db });
    expect(shown.stdout).toContain('Historique des étapes');
    const missing = runBant(['leads', 'show', '99'], { db, env: { LANG: 'fr_FR.UTF-8' } });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('aucun lead ne correspond');
    const help = runBant(['--help', '--lang', 'fr']);
    expect(help.stdout).toContain('Utilisation :');
    expect(help.stdout).toContain('Exemples :');
    // Commander's own words about an argument's choices too.
    const reportHelp = runBant(['report', '--help', '--lang', 'fr']);
    expect(reportHelp.stdout.replace(/\s+/g, ' ')).toContain('le rapport (l’un de : pipeline, funnel, gaps, sdr, aging, scores)');
    expect(reportHelp.stdout).not.toContain('choices');
    // A language bant does not speak: refused, as --lang refuses it, unless --lang says which to use.
    const german = runBant(['leads', 'list'], { db, env: { BANT_LANG: 'de' } });
    expect(german.code).toBe(2);
    expect(german.stderr).toBe("Error: BANT_LANG takes en or fr, not 'de'.\n");
    expect(runBant(['leads', 'list', '--lang', 'fr'], { db, env: { BANT_LANG: 'de' } }).code).toBe(0);
  });

  it('forgets a lead only when confirmed', async () => {
    const db = await newDb();
    addJeanne(db);
    const refused = runBant(['leads', 'forget', '1'], { db });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(runBant(['leads', 'forget', '1', '--yes'], { db }).code).toBe(0);
    const shown = JSON.parse(runBant(['leads', 'show', '1', '--format', 'json'], { db }).stdout);
    expect(shown).toMatchObject({ email: null, firstName: null, custom: {}, stage: 'mql' });
    expect(runBant(['leads', 'list', '--format', 'json'], { db }).stdout.trim()).toBe('[]');
  });

  describe('bad input: a clear message, the right exit code, and the database unchanged', () => {
    const cases: [string, string[], number, RegExp][] = [
      ['an unknown command', ['leeds', 'list'], 2, /unknown command 'leeds'/],
      ['an unknown option', ['leads', 'list', '--colour'], 2, /unknown option '--colour'/],
      ['a missing argument', ['stage', '1'], 2, /missing argument 'stage'/],
      ['a bad --format', ['leads', 'list', '--format', 'xml'], 2, /'xml' is not a valid value/],
      ['an unknown stage filter', ['leads', 'list', '--stage', 'won'], 2, /'won' is not a stage/],
      ['a lead that does not exist', ['leads', 'show', 'ghost@acme.fr'], 4, /no lead matches 'ghost@acme.fr'/],
      ['an invalid email', ['leads', 'add', '--email', 'jeanne@'], 3, /not a valid email/],
      ['a duplicate email', ['leads', 'add', '--email', 'JEANNE.martin@acme.fr'], 3, /already exists \(#1\)/],
      ['a lead with no identity', ['leads', 'add', '--title', 'CEO'], 2, /needs an email, an external id, or a name/],
      ['a non-numeric --employees', ['leads', 'add', '--company', 'X', '--employees', 'lots'], 3, /employees must be a number/],
      ['a forbidden stage change', ['stage', '1', 'customer'], 3, /cannot go from mql to customer/],
      ['sql outside qualification', ['stage', '1', 'sql'], 3, /only through qualification/],
      ['disqualifying without a reason', ['stage', '1', 'disqualified'], 2, /needs a reason/],
      ['an assignment to an unknown lead', ['leads', 'assign', '1', '42', '--owner', 'bob'], 4, /no lead matches '42'/],
      ['an edit with nothing to change', ['leads', 'edit', '1'], 2, /nothing to change/],
    ];
    it.each(cases)('%s', async (_name, args, code, message) => {
      const db = await newDb();
      addJeanne(db);
      const before = await snapshot(db);
      const result = runBant(args, { db });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(code);
      expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
      expect(result.stdout).toBe('');
      expect(await snapshot(db)).toBe(before);
    });
  });

  it('an unexpected failure is exit 1 with a hint, and the stack only with --debug', async () => {
    const db = await newDb();
    addJeanne(db);
    await execTarget(db, 'DROP TABLE stage_history'); // a database damaged behind bant's back
    const plain = runBant(['leads', 'show', '1'], { db });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(engine === 'sqlite' ? /unexpected failure: no such table: stage_history/ : /unexpected failure: relation "stage_history" does not exist/);
    expect(plain.stderr).toMatch(/--debug/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = runBant(['leads', 'show', '1', '--debug'], { db });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('eight bant processes writing to one database at once all succeed', async () => {
    const db = await newDb();
    const env = { ...process.env, BANT_DB: db, NO_COLOR: '1' };
    const runs = Array.from({ length: 8 }, (_, i) =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [BANT_BIN, 'leads', 'add', '--company', `Concurrent ${i}`, '--debug'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve(code === 0 ? 'ok' : `exit ${code}: ${stderr}`));
      }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill('ok'));
    expect(JSON.parse(runBant(['leads', 'list', '--format', 'json'], { db }).stdout)).toHaveLength(8);
  });
});

describe('bant with a SQLite file: what only a file has', () => {
  const newDb = () => path.join(tempDir(), 'bant.db');

  it('init creates the file at BANT_DB with mode 0600 and prints its path', () => {
    const db = newDb();
    const result = runBant(['init'], { db });
    expect(result).toMatchObject({ code: 0, stdout: `${db}\n` });
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
  });

  it('--db wins over BANT_DB, and the default file is under XDG_DATA_HOME', () => {
    const dir = tempDir();
    const explicit = path.join(dir, 'explicit.db');
    expect(runBant(['init', '--db', explicit], { db: path.join(dir, 'env.db') }).stdout.trim()).toBe(explicit);
    const xdg = runBant(['init'], { env: { BANT_DB: undefined, XDG_DATA_HOME: dir } });
    expect(xdg.stdout.trim()).toBe(path.join(dir, 'bant', 'bant.db'));
    expect(fs.existsSync(path.join(dir, 'bant', 'bant.db'))).toBe(true);
  });

  describe('bad database files', () => {
    it('a folder that does not exist', () => {
      const db = path.join(tempDir(), 'nope', 'bant.db');
      const result = runBant(['leads', 'list'], { db });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/folder .*nope does not exist/);
      expect(fs.existsSync(path.dirname(db))).toBe(false);
    });

    it('a folder that cannot be written', () => {
      const dir = tempDir();
      fs.chmodSync(dir, 0o555); // open to everyone, writable by no one (but root: bant runs as nobody)
      const result = runBant(['init'], { db: path.join(dir, 'bant.db'), asNobody: true });
      fs.chmodSync(dir, 0o700);
      expect(result.stderr).toMatch(/cannot create the database/);
      expect(result.code).toBe(3);
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('a file that is not a database is left untouched', () => {
      const db = path.join(tempDir(), 'leads.csv');
      fs.writeFileSync(db, 'email,first_name\njeanne@acme.fr,Jeanne\n');
      const result = runBant(['leads', 'list'], { db });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/not a bant database/);
      expect(fs.readFileSync(db, 'utf8')).toBe('email,first_name\njeanne@acme.fr,Jeanne\n');
    });

    it('a file from a newer bant is refused', () => {
      const db = newDb();
      addJeanne(db);
      const conn = new Database(db);
      conn.pragma('user_version = 999');
      conn.close();
      const result = runBant(['leads', 'list'], { db });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/newer bant/);
    });

    it("another program's SQLite file is refused and left untouched", () => {
      const db = path.join(tempDir(), 'photos.db');
      const other = new Database(db);
      other.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('cat.jpg')");
      other.close();
      const before = fs.readFileSync(db);
      const result = runBant(['leads', 'add', '--company', 'Acme'], { db });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/another program/);
      expect(fs.readFileSync(db).equals(before)).toBe(true);
    });
  });
});

// The server's own failures (down, refused password, no database, unknown host, PG* and .pgpass, another
// program's tables, a newer bant) are in teams.e2e.test.ts; here, what it leaves out.
describe('bant with a PostgreSQL database: what only a server has', () => {
  it('a password in the URL is never printed: not by init, not with --debug', async () => {
    const database = (await freshPostgresDatabase()).split('/').pop()!;
    const db = postgresUrl(database, SECRET_ROLE, SECRET_PASSWORD);
    const init = runBant(['init'], { db });
    expect(init.code).toBe(0);
    expect(init.stdout.trim()).toBe(postgresUrl(database, SECRET_ROLE, '****'));
    for (const args of [['leads', 'show', '42', '--debug'], ['leads', 'add', '--email', 'jeanne@', '--debug'], ['report', 'funnel', '--since', 'never', '--debug']]) {
      const result = runBant(args, { db });
      expect(result.code, args.join(' ')).toBeGreaterThan(1);
      expect(result.stdout + result.stderr, args.join(' ')).not.toContain(SECRET_PASSWORD);
    }
  });

  it('a URL that cannot be read: exit 3, one message, the password not shown', () => {
    const result = runBant(['leads', 'list'], { db: 'postgres://bant:Wrong-Secret-42@127.0.0.1:notaport/bant' });
    expect(result.stderr).toMatch(/cannot read the PostgreSQL URL/);
    expect(result.code).toBe(3);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain('Wrong-Secret-42');
  });
});
