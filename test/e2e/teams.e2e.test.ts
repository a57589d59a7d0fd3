// A team on one PostgreSQL database, through the built binary: how bant reaches the server (URL, PG*
// variables, .pgpass) and says what is wrong when it cannot, without ever printing a password; two SDRs on
// one queue; a connection lost in the middle of an import; `bant db copy` both ways.

import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_PASSWORD, SECRET_ROLE } from '../setup/startPostgres.js';
import { freshPostgresDatabase, freshTarget, postgresUrl, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { TmuxSession } from '../helpers/tmux.js';
import { spawn } from 'node:child_process';

const ALL_MET = JSON.stringify({ 'budget.status': 'allocated', 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'Invoices typed by hand', 'need.severity': 4, 'need.fit': 'yes' });

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.kill()));

function answersFile(): string {
  const file = path.join(tempDir(), 'answers.json');
  fs.writeFileSync(file, ALL_MET);
  return file;
}

describe('reaching the PostgreSQL server', () => {
  it('a server that is down: exit 3, what to check, nothing else', () => {
    const url = new URL(postgresUrl('bant'));
    url.port = '1'; // nothing listens there
    const result = runBant(['leads', 'list'], { db: url.toString() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\): is the server running/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a refused password: exit 3, and the password is printed nowhere', async () => {
    const database = new URL(await freshPostgresDatabase()).pathname.slice(1);
    const wrong = postgresUrl(database, SECRET_ROLE, 'not-the-Sesame-password');
    const refused = runBant(['init'], { db: wrong });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/PostgreSQL refused user bant_secret on database bant_test_\d+_\d+/);
    expect(refused.stderr + refused.stdout).not.toContain('not-the-Sesame-password');

    const right = runBant(['init', '--format', 'json'], { db: postgresUrl(database, SECRET_ROLE, SECRET_PASSWORD) });
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ engine: 'postgres', path: expect.stringContaining('bant_secret:****@') });
    expect(right.stdout + right.stderr).not.toContain(SECRET_PASSWORD);
  });

  it('a database that does not exist, and an unknown host: exit 3', () => {
    expect(runBant(['leads', 'list'], { db: postgresUrl('no_such_database') })).toMatchObject({ code: 3, stderr: expect.stringMatching(/database no_such_database does not exist/) });
    const unknown = runBant(['leads', 'list'], { db: 'postgres://someone@no-such-host.invalid/bant' });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/host no-such-host\.invalid is unknown/);
  });

  it('honours the PG* variables and ~/.pgpass, as psql does', async () => {
    const database = new URL(await freshPostgresDatabase()).pathname.slice(1);
    const { hostname, port } = new URL(postgresUrl());
    const passfile = path.join(tempDir(), 'pgpass');
    fs.writeFileSync(passfile, `${hostname}:${port}:${database}:${SECRET_ROLE}:${SECRET_PASSWORD}\n`, { mode: 0o600 });
    const env = { PGHOST: hostname, PGPORT: port, PGDATABASE: database, PGUSER: SECRET_ROLE, PGPASSFILE: passfile };
    const added = runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--stage', 'mql'], { db: 'postgres://', env });
    expect(added.code, added.stderr).toBe(0);
    expect(await queryTarget(postgresUrl(database), 'SELECT email FROM leads')).toEqual([{ email: 'jeanne@acme.fr' }]);
  });

  it('a database holding another program’s tables, or a newer bant’s, is refused and left as it was', async () => {
    const foreign = await freshPostgresDatabase();
    await queryTarget(foreign, 'CREATE TABLE invoices (id integer)');
    expect(runBant(['init'], { db: foreign })).toMatchObject({ code: 3, stderr: expect.stringMatching(/tables of another program/) });
    expect(await queryTarget(foreign, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([{ table_name: 'invoices' }]);

    const newer = await freshPostgresDatabase();
    expect(runBant(['init'], { db: newer }).code).toBe(0);
    await queryTarget(newer, 'UPDATE bant_schema SET version = 999');
    const before = await snapshotTarget(newer);
    expect(runBant(['leads', 'list'], { db: newer })).toMatchObject({ code: 3, stderr: expect.stringMatching(/newer bant \(schema 999/) });
    expect(await snapshotTarget(newer)).toBe(before);
  });
});

describe('two SDRs on one queue', () => {
  it('a lead open in one SDR’s terminal is theirs: the other is told who has it, and is offered the next one', async () => {
    const db = await freshPostgresDatabase();
    runBant(['leads', 'add', '--email', 'first@acme.fr', '--first-name', 'First', '--stage', 'mql'], { db });
    runBant(['leads', 'add', '--email', 'second@acme.fr', '--first-name', 'Second', '--stage', 'mql'], { db });

    const alice = new TmuxSession(['qualify', 'first@acme.fr'], { BANT_DB: db, BANT_SDR: 'alice' });
    sessions.push(alice);
    await alice.waitFor(/\? Is there a budget/);

    // By name, without a terminal: refused, nothing written.
    const before = await snapshotTarget(db, ['qualifications', 'leads', 'stage_history']);
    const bob = runBant(['qualify', 'first@acme.fr', '--answers', answersFile(), '--sdr', 'bob'], { db });
    expect(bob.code).toBe(3);
    expect(bob.stderr).toMatch(/lead #1 is being qualified by alice until \d\d:\d\d/);
    expect(await snapshotTarget(db, ['qualifications', 'leads', 'stage_history'])).toBe(before);

    // From the queue, at a terminal: the lead shows who has it; picking it offers the next one.
    const bobAtTerminal = new TmuxSession(['qualify'], { BANT_DB: db, BANT_SDR: 'bob' });
    sessions.push(bobAtTerminal);
    const queue = await bobAtTerminal.waitFor(/#1 First .*— with alice until \d\d:\d\d/);
    expect(queue).toMatch(/#2 Second/);
    expect(queue).toMatch(/#1 First .*— with alice until \d\d:\d\d/);
    bobAtTerminal.type('First');
    await bobAtTerminal.waitFor(/#1 First/);
    bobAtTerminal.press('Enter');
    await bobAtTerminal.waitFor(/\? Qualify #2 Second instead\?/);
    bobAtTerminal.press('Enter');
    await bobAtTerminal.waitFor(/\? Is there a budget/);
    expect(await queryTarget(db, 'SELECT lead_id, sdr FROM claims ORDER BY lead_id')).toEqual([
      { lead_id: 1, sdr: 'alice' },
      { lead_id: 2, sdr: 'bob' },
    ]);

    // Ctrl-C ends Alice's claim (her answers are kept as a draft): Bob may now take the lead.
    alice.press('Enter');
    await alice.waitFor(/\? How much/);
    alice.press('C-c');
    expect(await alice.exitCode()).toBe(130);
    expect(await queryTarget(db, "SELECT sdr FROM qualifications WHERE status = 'draft' AND lead_id = 1")).toEqual([{ sdr: 'alice' }]);
    const bobAgain = runBant(['qualify', 'first@acme.fr', '--answers', answersFile(), '--sdr', 'bob', '--format', 'json'], { db });
    expect(bobAgain.code, bobAgain.stderr).toBe(0);
    expect(JSON.parse(bobAgain.stdout)).toMatchObject({ decision: 'sql' });
    expect(await queryTarget(db, 'SELECT lead_id FROM claims WHERE lead_id = 1')).toEqual([]);
  });
});

describe('a connection lost in the middle of an import', () => {
  it('leaves nothing half-written, and says so (exit 3)', async () => {
    const db = await freshPostgresDatabase();
    expect(runBant(['init'], { db }).code).toBe(0);
    const file = path.join(tempDir(), 'big.csv');
    const lines = ['email,first_name,company'];
    for (let i = 1; i <= 200_000; i++) lines.push(`lead${i}@example.com,Lead ${i},Company ${i % 100}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);

    const child = spawn(process.execPath, [BANT_BIN, 'import', file], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    // Wait until the import has written some leads in its (uncommitted) transaction, then cut it off.
    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    try {
      const name = new URL(db).pathname.slice(1);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await admin.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bant' AND xact_start IS NOT NULL AND query ILIKE '%COPY%'", [name]);
        if (rows.length) {
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          break;
        }
        if (Date.now() > deadline) throw new Error('the import never started writing');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await admin.end();
    }
    expect(await exited).toBe(3);
    expect(stderr).toMatch(/connection to PostgreSQL at 127\.0\.0\.1:\d+ was lost: nothing of this command was written/);
    expect(await queryTarget(db, 'SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM stage_history) AS history')).toEqual([
      { leads: 0, imports: 0, history: 0 },
    ]);
  });
});

describe('bant db copy', () => {
  it('moves a database from SQLite to PostgreSQL and back with identical reports, and refuses a target that is not empty', async () => {
    const file = await freshTarget('sqlite');
    runBant(['import', fileOf('email,first_name,company,stage,owner,campaign\njeanne@acme.fr,Jeanne,Acme,mql,alice,Q1\npaul@acme.fr,Paul,Acme,lead,bob,\n')], { db: file });
    runBant(['qualify', 'jeanne@acme.fr', '--answers', answersFile(), '--sdr', 'alice'], { db: file });
    runBant(['stage', 'paul@acme.fr', 'disqualified', '--reason', 'student'], { db: file });

    const team = await freshPostgresDatabase();
    const there = runBant(['db', 'copy', file, team, '--format', 'json']);
    expect(there.code, there.stderr).toBe(0);
    expect(JSON.parse(there.stdout).tables).toEqual(expect.arrayContaining([{ table: 'leads', rows: 2 }, { table: 'stage_history', rows: 4 }, { table: 'qualifications', rows: 1 }]));

    const back = path.join(tempDir(), 'back.db');
    expect(runBant(['db', 'copy', team, back]).code).toBe(0);
    for (const report of ['pipeline', 'funnel', 'gaps', 'sdr', 'aging']) {
      const outputs = [file, team, back].map((db) => runBant(['report', report, '--format', 'json'], { db }).stdout);
      expect(outputs[1], report).toBe(outputs[0]);
      expect(outputs[2], report).toBe(outputs[0]);
    }
    const shows = [file, team, back].map((db) => runBant(['leads', 'show', 'jeanne@acme.fr', '--format', 'json'], { db }).stdout);
    expect(shows[1]).toBe(shows[0]);
    expect(shows[2]).toBe(shows[0]);
    // New rows come after the copied ones.
    expect(runBant(['leads', 'add', '--email', 'new@acme.fr', '--format', 'json'], { db: team }).stdout).toMatch(/"id": 3/);

    const before = await snapshotTarget(team);
    const again = runBant(['db', 'copy', file, team]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/is not empty \(imports \(1\), leads \(3\)/);
    expect(await snapshotTarget(team)).toBe(before);
    expect(runBant(['db', 'copy', file, file])).toMatchObject({ code: 3, stderr: expect.stringMatching(/are the same database/) });
    expect(runBant(['db', 'copy', path.join(tempDir(), 'missing.db'), team])).toMatchObject({ code: 4 });
  });
});

function fileOf(text: string): string {
  const file = path.join(tempDir(), 'list.csv');
  fs.writeFileSync(file, text);
  return file;
}
