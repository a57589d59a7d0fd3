// bant import and export through the built binary, on files written here.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryDb as query } from '../helpers/queryDb.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const SAMPLE = path.resolve('data/sample-leads.csv');

function setup() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  const file = (name: string, content: string | Buffer) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };
  return { dir, db, file };
}

/** A lead list big enough to go through the worker thread (over 4 MB). */
function bigList(rows: number): string {
  const lines = ['email,first_name,last_name,company,title,stage,campaign'];
  for (let i = 1; i <= rows; i++) lines.push(`lead${i}@company${i % 997}.example,First${i},Last${i},"Company ${i % 500}, Inc",Head of things,${['lead', 'mql', 'prospect'][i % 3]},Q${i % 4}`);
  return `${lines.join('\n')}\n`;
}

describe('bant import', () => {
  it('imports the sample leads with their stages and custom fields, and a second run creates nothing', () => {
    const { db } = setup();
    const first = runBant(['import', SAMPLE, '--format', 'json'], { db });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ importId: 1, rows: 60, created: 60, updated: 0, skipped: 0, rejected: 0 });
    const byStage = query<{ stage: string; n: number }>(db, 'SELECT stage, count(*) AS n FROM leads GROUP BY stage ORDER BY stage');
    expect(Object.fromEntries(byStage.map((row) => [row.stage, row.n]))).toEqual({ customer: 3, disqualified: 5, lead: 12, mql: 18, nurturing: 8, prospect: 10, sql: 4 });
    expect(query(db, "SELECT count(*) AS n FROM stage_history WHERE cause = 'import'")).toEqual([{ n: 60 }]);
    const notes = query<{ custom: string }>(db, "SELECT custom FROM leads WHERE custom LIKE '%comité%'");
    expect(JSON.parse(notes[0]!.custom).notes).toBe('Budget voté en janvier,\nvalidation par le comité');

    const second = runBant(['import', SAMPLE, '--format', 'json'], { db });
    expect(JSON.parse(second.stdout)).toMatchObject({ importId: 2, created: 0, skipped: 60 });
  });

  it('prints a summary, the first rejections, and writes every rejected row to --rejects', () => {
    const { db, file, dir } = setup();
    const list = file('leads.csv', 'Email;Prénom;Effectif\njeanne@acme.fr;Jeanne;12\nnope;X;1\nJEANNE@ACME.FR;Twice;3\npaul@acme.fr;Paul;"1,5"\n');
    const rejects = path.join(dir, 'rejects.csv');
    const result = runBant(['import', list, '--rejects', rejects], { db });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 rows, 1 created, 0 updated, 1 skipped (duplicates), 2 rejected');
    expect(result.stderr).toContain("line 3: 'nope' is not a valid email address.");
    expect(result.stderr).not.toContain('\r'); // no progress bar when stderr is not a terminal
    expect(fs.readFileSync(rejects, 'utf8')).toBe(
      "Email;Prénom;Effectif;line;error\r\nnope;X;1;3;'nope' is not a valid email address.\r\npaul@acme.fr;Paul;1,5;5;employees must be a whole number, not '1,5'.\r\n",
    );
  });

  it('reads a Latin-1 file, a tab-separated file, and standard input', () => {
    const { db, file } = setup();
    const latin1 = file('latin1.csv', Buffer.from('Pr\xe9nom;Nom;Soci\xe9t\xe9;E-mail\nH\xe9l\xe8ne;Dupr\xe9;Caf\xe9 \x80;helene@cafe.fr\n', 'latin1'));
    expect(runBant(['import', latin1], { db }).code).toBe(0);
    const tabs = file('tabs.tsv', 'email\tcompany\nomar@atlas.io\tAtlas\n');
    expect(runBant(['import', tabs], { db }).code).toBe(0);
    expect(runBant(['import', '-', '--stage', 'mql'], { db, input: 'email,first_name\nsam@north.io,Sam\n' }).code).toBe(0);
    const leads = query<{ email: string; first_name: string; company: string; stage: string }>(db, 'SELECT email, first_name, company, stage FROM leads ORDER BY id');
    expect(leads).toEqual([
      { email: 'helene@cafe.fr', first_name: 'Hélène', company: 'Café €', stage: 'lead' },
      { email: 'omar@atlas.io', first_name: null, company: 'Atlas', stage: 'lead' },
      { email: 'sam@north.io', first_name: 'Sam', company: null, stage: 'mql' },
    ]);
  });

  describe('bad input: a clear message, the right exit code, and nothing written', () => {
    const cases: [string, (f: ReturnType<typeof setup>['file']) => string[], number, RegExp][] = [
      ['a file that does not exist', () => ['import', 'missing.csv'], 4, /does not exist/],
      ['an empty file', (f) => ['import', f('empty.csv', '')], 3, /the file is empty/],
      ['a binary file', (f) => ['import', f('sheet.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0]))], 3, /not a text file/],
      ['an unterminated quote', (f) => ['import', f('quote.csv', 'email,notes\na@b.co,ok\nc@d.co,"never closed\ne@f.co,x\n')], 3, /quote opened on line 3 is never closed/],
      ['a bad --map', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--map', 'Mobile=portable'], 2, /not a lead field/],
      ['a bad --delimiter', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--delimiter', 'ab'], 2, /cannot be a delimiter/],
      ['a bad --stage', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--stage', 'won'], 2, /'won' is not a stage/],
      ['a bad --on-duplicate', (f) => ['import', f('ok.csv', 'email\na@b.co\n'), '--on-duplicate', 'merge'], 2, /not a valid value/],
    ];
    it.each(cases)('%s', (_name, args, code, message) => {
      const { db, file } = setup();
      runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
      const before = JSON.stringify(query(db, 'SELECT * FROM leads'));
      const result = runBant(args(file), { db });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(code);
      expect(JSON.stringify(query(db, 'SELECT * FROM leads'))).toBe(before);
      expect(query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    });
  });

  it('a header alone imports nothing and succeeds', () => {
    const { db, file } = setup();
    const result = runBant(['import', file('header.csv', 'email,first_name\n'), '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ importId: 1, rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 });
  });

  it('standard input closed early: the complete rows go in, a row cut inside a quote stops the import', async () => {
    const { db } = setup();
    const cut = (text: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BANT_BIN, 'import', '-'], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1' } });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
        child.stdin.write(text);
        child.stdin.end();
      });
    expect(await cut('email,first_name\na@b.co,Ann\nc@d.co,Cl')).toMatchObject({ code: 0 });
    expect(query(db, 'SELECT email, first_name FROM leads ORDER BY id')).toEqual([{ email: 'a@b.co', first_name: 'Ann' }, { email: 'c@d.co', first_name: 'Cl' }]);
    const quoted = await cut('email,notes\ne@f.co,"started but');
    expect(quoted.code).toBe(3);
    expect(quoted.stderr).toMatch(/never closed/);
    expect(query(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 2 }]);
  });

  it('Ctrl-C in the middle exits 130 and writes nothing', async () => {
    const { db, file } = setup();
    runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
    const list = file('big.csv', bigList(300_000));
    const child = spawn(process.execPath, [BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const wal = `${db}-wal`;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(fs.existsSync(wal) && fs.statSync(wal).size > 2_000_000)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/import cancelled; nothing was written/);
    expect(query(db, 'SELECT email FROM leads')).toEqual([{ email: 'first@b.co' }]);
    expect(query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
  });

  it('rejects a 50 MB field with its line and imports the rest', () => {
    const { db, file } = setup();
    const huge = file('huge.csv', `email,notes\na@b.co,"${'x'.repeat(50 * 1024 * 1024)}"\nc@d.co,short\n`);
    const result = runBant(['import', huge, '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 2, created: 1, rejected: 1 });
    expect(result.stderr).toMatch(/line 2: notes is 52428800 characters long/);
  });

  it('imports a large file through the worker thread with the same counts', () => {
    const { db, file } = setup();
    const list = file('big.csv', bigList(50_000) + 'bad-email,X,Y,Z,T,lead,Q\n');
    expect(fs.statSync(list).size).toBeGreaterThan(4 * 1024 * 1024);
    const result = runBant(['import', list, '--format', 'json'], { db });
    expect(JSON.parse(result.stdout)).toEqual({ importId: 1, rows: 50_001, created: 50_000, updated: 0, skipped: 0, rejected: 1 });
    expect(result.stderr).toContain('line 50002:');
    expect(query(db, 'SELECT count(*) AS n FROM stage_history')).toEqual([{ n: 50_000 }]);
  });

  it('killed with -9 in the middle, leaves the database as it was and intact', async () => {
    const { db, file } = setup();
    runBant(['import', file('first.csv', 'email\nfirst@b.co\n')], { db });
    const list = file('big.csv', bigList(300_000));
    const child = spawn(process.execPath, [BANT_BIN, 'import', list], { env: { ...process.env, BANT_DB: db }, stdio: 'ignore' });
    // Wait until the import is writing (its WAL grows), then pull the plug.
    const wal = `${db}-wal`;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(fs.existsSync(wal) && fs.statSync(wal).size > 2_000_000)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(query(db, 'SELECT email FROM leads')).toEqual([{ email: 'first@b.co' }]);
    expect(query(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 1 }]);
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});

describe('bant export', () => {
  it('export then import into an empty database gives back the same leads and custom fields', () => {
    const { db, dir } = setup();
    runBant(['import', SAMPLE], { db });
    runBant(['leads', 'add', '--company', 'Solo, "Quoted" & Co', '--set', 'note=line one\nline two', '--stage', 'mql'], { db });
    const out = path.join(dir, 'export.csv');
    const exported = runBant(['export', '-o', out], { db });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('61 lead(s) exported');

    const copy = path.join(dir, 'copy.db');
    expect(JSON.parse(runBant(['import', out, '--format', 'json'], { db: copy }).stdout)).toMatchObject({ created: 61, rejected: 0 });
    const strip = (leads: Record<string, unknown>[]) => leads.map(({ id: _id, updatedAt: _u, stageChangedAt: _s, importId: _i, ...rest }) => rest);
    const original = strip(JSON.parse(runBant(['leads', 'list', '--format', 'json'], { db }).stdout));
    const copied = strip(JSON.parse(runBant(['leads', 'list', '--format', 'json'], { db: copy }).stdout));
    expect(copied).toEqual(original);
  });

  it('exports JSON, filtered by stage', () => {
    const { db } = setup();
    runBant(['import', SAMPLE], { db });
    const result = runBant(['export', '--stage', 'mql', '--format', 'json'], { db });
    const leads = JSON.parse(result.stdout);
    expect(leads).toHaveLength(18);
    expect(new Set(leads.map((lead: { stage: string }) => lead.stage))).toEqual(new Set(['mql']));
  });
});

describe('encodings: a stray byte never garbles a list, wherever it sits', () => {
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

  it.each(['last', 'first'] as const)('in the %s row: that row is rejected with its line, the others are read as UTF-8', (where) => {
    const { db, dir } = setup();
    const rejects = path.join(dir, 'rejects.csv');
    const result = runBant(['import', withStrayByte(dir, where), '--format', 'json', '--rejects', rejects], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 60, created: 59, rejected: 1 });
    expect(result.stderr).toMatch(new RegExp(`line ${where === 'first' ? 2 : 62}: bytes that are not UTF-8 text \\(0x92\\) in last_name`));
    expect(query(db, "SELECT count(*) AS n FROM leads WHERE company LIKE '%Ã%' OR last_name LIKE '%Ã%' OR first_name LIKE '%Ã%'")).toEqual([{ n: 0 }]);
    expect(query(db, "SELECT company FROM leads WHERE email = 'baptiste.barbier@energies.fr'")).toEqual([{ company: 'Énergies Vertes Occitanie' }]);
    expect(fs.readFileSync(rejects, 'utf8')).toMatch(/ruby\.obrien@harbour\.com,Ruby,O\uFFFDBrien/);
  });

  it('a UTF-32 list with its byte order mark is read, not taken for UTF-16', () => {
    const { db, file } = setup();
    const text = 'email;prénom;société\nhelene@cafe.fr;Hélène;Café du Port\n';
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((char) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(char.codePointAt(0)!);
      return bytes;
    })]);
    const result = runBant(['import', file('utf32.csv', utf32), '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, rejected: 0 });
    expect(query(db, 'SELECT first_name, company FROM leads')).toEqual([{ first_name: 'Hélène', company: 'Café du Port' }]);
  });
});

describe('leads known only by their name', () => {
  it('a French list whose rows have no email, imported twice, creates nothing the second time', () => {
    const { db, file } = setup();
    const list = file('salon.csv', 'Prénom;Nom;Société;Poste\nHélène;Dupré;Boulangerie Dupré;Gérante\nÉtienne;Perrin;BTP Renaud;\n;;Mutuelle Bretonne;\nJeanne;Martin;Acme;DSI\n');
    expect(JSON.parse(runBant(['import', list, '--format', 'json'], { db }).stdout)).toMatchObject({ rows: 4, created: 4 });
    const again = file('salon-again.csv', 'Prénom;Nom;Société\nhelene;DUPRE;Boulangerie dupre\nEtienne;Perrin;BTP  Renaud\n;;mutuelle bretonne\nJeanne;Martin;Acme\n');
    expect(JSON.parse(runBant(['import', again, '--format', 'json'], { db }).stdout)).toMatchObject({ rows: 4, created: 0, skipped: 4 });
    expect(query(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 4 }]);
  });
});
