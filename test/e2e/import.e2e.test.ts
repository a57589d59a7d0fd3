// bant import and export through the built binary, on files written here, into a SQLite file or a
// PostgreSQL database (where an import goes through COPY).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/store/store.js';
import { ENGINES, freshTarget, postgresUrl, queryTarget as query } from '../helpers/engines.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const SAMPLE = path.resolve('data/sample-leads.csv');

async function setup(engine: Engine) {
  const dir = tempDir();
  const db = await freshTarget(engine);
  const file = (name: string, content: string | Buffer) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };
  return { dir, db, file };
}

/**
 * Waits until a running import has written a good part of its rows in its (uncommitted) transaction: on
 * SQLite its WAL grows past 2 MB; on PostgreSQL its session has been writing (COPY, INSERT) for half a second.
 */
async function untilImporting(db: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  const writing = async () => {
    if (!db.startsWith('postgres')) return fs.existsSync(`${db}-wal`) && fs.statSync(`${db}-wal`).size > 2_000_000;
    const database = new URL(db).pathname.slice(1);
    const [row] = await query<{ batches: number }>(
      postgresUrl(),
      `SELECT count(*) AS batches FROM pg_stat_activity WHERE datname = ? AND application_name = 'bant'
       AND xact_start < now() - interval '500 milliseconds' AND query ~* '^\\s*(COPY|INSERT|RELEASE SAVEPOINT)'`,
      database,
    );
    return row!.batches > 0;
  };
  while (!(await writing())) {
    if (child.exitCode !== null) throw new Error(`the import ended (exit ${child.exitCode}) before it was seen writing`);
    if (Date.now() > deadline) throw new Error('the import was not seen writing within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A lead list big enough to go through the worker thread (over 4 MB). */
function bigList(rows: number): string {
  const lines = ['email,first_name,last_name,company,title,stage,campaign'];
  for (let i = 1; i <= rows; i++) lines.push(`lead${i}@company${i % 997}.example,First${i},Last${i},"Company ${i % 500}, Inc",Head of things,${['lead', 'mql', 'prospect'][i % 3]},Q${i % 4}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A 300,000-row list (28 MB), long enough to be stopped half-way: written once for this file's tests
 * (building it takes seconds on a busy machine), removed at the end.
 */
let longList: string | undefined;
function longListFile(): string {
  if (!longList) {
    longList = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bant-long-list-')), 'long.csv');
    fs.writeFileSync(longList, bigList(300_000));
  }
  return longList;
}
afterAll(() => {
  if (longList) fs.rmSync(path.dirname(longList), { recursive: true, force: true });
});

describe.each(ENGINES)('bant import into %s', (engine) => {
  it('imports the sample leads with their stages and custom fields, and a second run creates nothing', async () => {
    const { db } = await setup(engine);
    const first = runBant(['import', SAMPLE, '--format', 'json'], { db });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ importId: 1, rows: 60, created: 60, updated: 0, skipped: 0, rejected: 0 });
    const byStage = await query<{ stage: string; n: number }>(db, 'SELECT stage, count(*) AS n FROM leads GROUP BY stage ORDER BY stage');
    expect(Object.fromEntries(byStage.map((row) => [row.stage, row.n]))).toEqual({ customer: 3, disqualified: 5, lead: 12, mql: 18, nurturing: 8, prospect: 10, sql: 4 });
    expect(await query(db, "SELECT count(*) AS n FROM stage_history WHERE cause = 'import'")).toEqual([{ n: 60 }]);
    const notes = await query<{ custom: string }>(db, "SELECT custom FROM leads WHERE custom LIKE '%comité%'");
    expect(JSON.parse(notes[0]!.custom).notes).toBe('Budget voté en janvier,\nvalidation par le comité');

    const second = runBant(['import', SAMPLE, '--format', 'json'], { db });
    expect(JSON.parse(second.stdout)).toMatchObject({ importId: 2, created: 0, skipped: 60 });
  });

  it('a dry run and skipped duplicates use up no numbers: imports and leads are numbered as if they never happened', async () => {
    const { db } = await setup(engine);
    // Look first, then import, then open the first lead by its number: the same on either engine.
    expect(JSON.parse(runBant(['import', SAMPLE, '--dry-run', '--format', 'json'], { db }).stdout)).toMatchObject({ importId: null, created: 60 });
    expect(JSON.parse(runBant(['import', SAMPLE, '--format', 'json'], { db }).stdout)).toMatchObject({ importId: 1, created: 60 });
    expect(JSON.parse(runBant(['leads', 'show', '1', '--format', 'json'], { db }).stdout)).toMatchObject({ id: 1, email: 'baptiste.barbier@energies.fr' });
    expect(JSON.parse(runBant(['import', SAMPLE, '--format', 'json'], { db }).stdout)).toMatchObject({ importId: 2, skipped: 60 });
    expect(JSON.parse(runBant(['leads', 'add', '--company', 'Next', '--format', 'json'], { db }).stdout)).toMatchObject({ id: 61 });
  });

  it('prints a summary, the first rejections, and writes every rejected row to --rejects', async () => {
    const { db, file, dir } = await setup(engine);
    const list = file('leads.csv', 'Email;Prénom;Effectif\njeanne@acme.fr;Jeanne;12\nnope;X;1\nJEANNE@ACME.FR;Twice;3\npaul@acme.fr;Paul;"1,5"\n');
    const rejects = path.join(dir, 'rejects.csv');
    const result = runBant(['import', list, '--rejects', rejects], { db });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 rows: 1 created, 0 updated, 1 skipped as a duplicate of an existing lead, 2 rejected');
    expect(result.stderr).toContain("line 3: 'nope' is not a valid email address.");
    expect(result.stderr).not.toContain('\r'); // no progress bar when stderr is not a terminal
    expect(fs.readFileSync(rejects, 'utf8')).toBe(
      "Email;Prénom;Effectif;line;error\r\nnope;X;1;3;'nope' is not a valid email address.\r\npaul@acme.fr;Paul;1,5;5;employees must be a whole number, not '1,5'.\r\nJEANNE@ACME.FR;Twice;3;4;duplicate of lead #1 (jeanne@acme.fr), skipped\r\n",
    );
  });

  it('reads a Latin-1 file, a tab-separated file, and standard input', async () => {
    const { db, file } = await setup(engine);
    const latin1 = file('latin1.csv', Buffer.from('Pr\xe9nom;Nom;Soci\xe9t\xe9;E-mail\nH\xe9l\xe8ne;Dupr\xe9;Caf\xe9 \x80;helene@cafe.fr\n', 'latin1'));
    expect(runBant(['import', latin1], { db }).code).toBe(0);
    const tabs = file('tabs.tsv', 'email\tcompany\nomar@atlas.io\tAtlas\n');
    expect(runBant(['import', tabs], { db }).code).toBe(0);
    expect(runBant(['import', '-', '--stage', 'mql'], { db, input: 'email,first_name\nsam@north.io,Sam\n' }).code).toBe(0);
    const leads = await query<{ email: string; first_name: string; company: string; stage: string }>(db, 'SELECT email, first_name, company, stage FROM leads ORDER BY id');
    expect(leads).toEqual([
      { email: 'helene@cafe.fr', first_name: 'Hélène', company: 'Café €', stage: 'lead' },
      { email: 'omar@atlas.io', first_name: null, company: 'Atlas', stage: 'lead' },
      { email: 'sam@north.io', first_name: 'Sam', company: null, stage: 'mql' },
    ]);
  });

  describe('bad input: a clear message, the right exit code, and nothing written', () => {
    const cases: [string, (f: Awaited<ReturnType<typeof setup>>['file']) => string[], number, RegExp][] = [
      ['a file that does not exist', () => ['import', 'missing.csv'], 4, /does not exist/],
      ['an empty file', (f) => ['import', f('empty.csv', '')], 3, /the file is empty/],
      ['a binary file', (f) => ['import', f('sheet.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0]))], 3, /not a text file/],
      ['an unterminated quote', (f) => ['import', f('quote.csv', 'email,notes\na@b.co,ok\nc@d.co,"never closed\ne@f.co,x\n')], 3, /quote opened on line 3 is never closed/],
      ['a bad --map', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--map', 'Mobile=portable'], 2, /not a lead field/],
      ['a bad --delimiter', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--delimiter', 'ab'], 2, /cannot be a delimiter/],
      ['a bad --stage', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--stage', 'won'], 2, /'won' is not a stage/],
      ['a bad --on-duplicate', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--on-duplicate', 'merge'], 2, /not a valid value/],
    ];
    it.each(cases)('%s', async (_name, args, code, message) => {
      const { db, file } = await setup(engine);
      runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
      const before = JSON.stringify(await query(db, 'SELECT * FROM leads ORDER BY id'));
      const result = runBant(args(file), { db });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(code);
      expect(JSON.stringify(await query(db, 'SELECT * FROM leads ORDER BY id'))).toBe(before);
      expect(await query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    });
  });

  it('a header alone imports nothing and succeeds', async () => {
    const { db, file } = await setup(engine);
    const result = runBant(['import', file('header.csv', 'email,first_name\n'), '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ importId: 1, rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 });
  });

  it('standard input closed early: the complete rows go in, a row cut inside a quote stops the import', async () => {
    const { db } = await setup(engine);
    const cut = (text: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BANT_BIN, 'import', '-'], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1' } });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
        child.stdin.write(text);
        child.stdin.end();
      });
    expect(await cut('email,first_name\na@b.co,Ann\nc@d.co,Cl')).toEqual({ code: 0, stderr: '' });
    expect(await query(db, 'SELECT email, first_name FROM leads ORDER BY id')).toEqual([{ email: 'a@b.co', first_name: 'Ann' }, { email: 'c@d.co', first_name: 'Cl' }]);
    const quoted = await cut('email,notes\ne@f.co,"started but');
    expect(quoted.code).toBe(3);
    expect(quoted.stderr).toMatch(/never closed/);
    expect(await query(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 2 }]);
  });

  it('Ctrl-C in the middle exits 130 and writes nothing', async () => {
    const { db, file } = await setup(engine);
    runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
    const list = longListFile();
    const child = spawn(process.execPath, [BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise((resolve) => child.on('close', resolve));
    await untilImporting(db, child);
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stderr).toMatch(/import cancelled; nothing was written/);
    expect(await query(db, 'SELECT email FROM leads')).toEqual([{ email: 'first@b.co' }]);
    expect(await query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    expect(runBant(['import', file('next.csv', 'email\nnext@b.co\n')], { db }).code).toBe(0);
  });

  it('rejects a 50 MB field with its line and imports the rest', async () => {
    const { db, file } = await setup(engine);
    const huge = file('huge.csv', `email,notes\na@b.co,"${'x'.repeat(50 * 1024 * 1024)}"\nc@d.co,short\n`);
    const result = runBant(['import', huge, '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 2, created: 1, rejected: 1 });
    expect(result.stderr).toMatch(/line 2: notes is 52428800 characters long/);
  });

  it('imports a large file through the worker thread with the same counts', async () => {
    const { db, file } = await setup(engine);
    const list = file('big.csv', bigList(50_000) + 'bad-email,X,Y,Z,T,lead,Q\n');
    expect(fs.statSync(list).size).toBeGreaterThan(4 * 1024 * 1024);
    const result = runBant(['import', list, '--format', 'json'], { db });
    expect(JSON.parse(result.stdout)).toEqual({ importId: 1, rows: 50_001, created: 50_000, updated: 0, skipped: 0, rejected: 1 });
    expect(result.stderr).toContain('line 50002:');
    expect(await query(db, 'SELECT count(*) AS n FROM stage_history')).toEqual([{ n: 50_000 }]);
  });

  it('killed with -9 in the middle, leaves the database as it was and intact', async () => {
    const { db, file } = await setup(engine);
    runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
    const list = longListFile();
    const child = spawn(process.execPath, [BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Wait until the import is writing, then pull the plug.
    await untilImporting(db, child);
    child.kill('SIGKILL');
    await exited;
    expect(await query(db, 'SELECT email FROM leads')).toEqual([{ email: 'first@b.co' }]);
    expect(await query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    if (engine === 'sqlite') expect(await query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // Nothing holds the database: the next import goes through (on PostgreSQL the server ended the session).
    expect(JSON.parse(runBant(['import', file('next.csv', 'email\nnext@b.co\n'), '--format', 'json'], { db }).stdout)).toMatchObject({ created: 1 });
  });
});

// A PostgreSQL connection lost half-way through an import is in teams.e2e.test.ts.

describe.each(ENGINES)('bant export from %s', (engine) => {
  it('export then import into an empty database of either engine gives back the same leads and custom fields', async () => {
    const { db, dir } = await setup(engine);
    runBant(['import', SAMPLE], { db });
    runBant(['leads', 'add', '--company', 'Solo, "Quoted" & Co', '--set', 'note=line one\nline two', '--stage', 'mql'], { db });
    const out = path.join(dir, 'export.csv');
    const exported = runBant(['export', '-o', out], { db });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('61 leads exported');

    // Moments of the import itself (the lead score is computed again, as of then), not of the lead.
    const strip = (leads: Record<string, unknown>[]) => leads.map(({ id: _id, updatedAt: _u, stageChangedAt: _s, importId: _i, scoredAt: _at, ...rest }) => rest);
    const listed = runBant(['leads', 'list', '--format', 'json'], { db });
    expect(listed.code, listed.stderr).toBe(0);
    const original = strip(JSON.parse(listed.stdout));
    for (const other of ENGINES) {
      const copy = await freshTarget(other);
      expect(JSON.parse(runBant(['import', out, '--format', 'json'], { db: copy }).stdout), `into ${other}`).toMatchObject({ created: 61, rejected: 0 });
      expect(strip(JSON.parse(runBant(['leads', 'list', '--format', 'json'], { db: copy }).stdout)), `into ${other}`).toEqual(original);
    }
  });

  it('exports JSON, filtered by stage', async () => {
    const { db } = await setup(engine);
    runBant(['import', SAMPLE], { db });
    const result = runBant(['export', '--stage', 'mql', '--format', 'json'], { db });
    const leads = JSON.parse(result.stdout);
    expect(leads).toHaveLength(18);
    expect(new Set(leads.map((lead: { stage: string }) => lead.stage))).toEqual(new Set(['mql']));
  });
});

describe.each(ENGINES)('encodings on %s: a stray byte never garbles a list, wherever it sits', (engine) => {
  /**
   * The sample list (UTF-8, accents everywhere) with Ruby O'Brien's row moved first or kept last, and its
   * apostrophe replaced by the byte 0x92 (’ in Windows-1252), as a copy and paste from Word leaves it.
   */
  function withStrayByte(dir: string, where: 'first' | 'last'): string {
    const lines = fs.readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    const ruby = lines.find((line) => line.startsWith('ruby.obrien'))!;
    const others = lines.slice(1).filter((line) => line !== ruby);
    const rows = where === 'first' ? [ruby, ...others] : [...others, ruby];
    const text = Buffer.from(`${[lines[0], ...rows].join('\n')}\n`);
    const at = text.indexOf("Ruby,O'Brien") + 'Ruby,O'.length;
    const file = path.join(dir, `stray-${where}.csv`);
    fs.writeFileSync(file, Buffer.concat([text.subarray(0, at), Buffer.from([0x92]), text.subarray(at + 1)]));
    return file;
  }

  it.each(['last', 'first'] as const)('in the %s row: that row is rejected with its line, the others are read as UTF-8', async (where) => {
    const { db, dir } = await setup(engine);
    const rejects = path.join(dir, 'rejects.csv');
    const result = runBant(['import', withStrayByte(dir, where), '--format', 'json', '--rejects', rejects], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 60, created: 59, rejected: 1 });
    expect(result.stderr).toMatch(new RegExp(`line ${where === 'first' ? 2 : 62}: bytes that are not UTF-8 text \\(0x92\\) in last_name`));
    expect(await query(db, "SELECT count(*) AS n FROM leads WHERE company LIKE '%Ã%' OR last_name LIKE '%Ã%' OR first_name LIKE '%Ã%'")).toEqual([{ n: 0 }]);
    expect(await query(db, "SELECT company FROM leads WHERE email = 'baptiste.barbier@energies.fr'")).toEqual([{ company: 'Énergies Vertes Occitanie' }]);
    expect(fs.readFileSync(rejects, 'utf8')).toMatch(/ruby\.obrien@harbour\.com,Ruby,O\uFFFDBrien/);
  });

  it('a UTF-32 list with its byte order mark is read, not taken for UTF-16', async () => {
    const { db, file } = await setup(engine);
    const text = 'email;prénom;société\nhelene@cafe.fr;Hélène;Café du Port\n';
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((char) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(char.codePointAt(0)!);
      return bytes;
    })]);
    const result = runBant(['import', file('utf32.csv', utf32), '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, rejected: 0 });
    expect(await query(db, 'SELECT first_name, company FROM leads')).toEqual([{ first_name: 'Hélène', company: 'Café du Port' }]);
  });
});

describe.each(ENGINES)('leads known only by their name, on %s', (engine) => {
  it('a French list whose rows have no email, imported twice, creates nothing the second time', async () => {
    const { db, file } = await setup(engine);
    const list = file('salon.csv', 'Prénom;Nom;Société;Poste\nHélène;Dupré;Boulangerie Dupré;Gérante\nÉtienne;Perrin;BTP Renaud;\n;;Mutuelle Bretonne;\nJeanne;Martin;Acme;DSI\n');
    expect(JSON.parse(runBant(['import', list, '--format', 'json'], { db }).stdout)).toMatchObject({ rows: 4, created: 4 });
    const again = file('salon-again.csv', 'Prénom;Nom;Société\nhelene;DUPRE;Boulangerie dupre\nEtienne;Perrin;BTP  Renaud\n;;mutuelle bretonne\nJeanne;Martin;Acme\n');
    expect(JSON.parse(runBant(['import', again, '--format', 'json'], { db }).stdout)).toMatchObject({ rows: 4, created: 0, skipped: 4 });
    expect(await query(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 4 }]);
  });
});
