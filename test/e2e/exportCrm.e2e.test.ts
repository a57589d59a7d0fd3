// `bant export --to salesforce|hubspot`, end to end on both engines: the header lists the CRMs document for
// their lead imports (test/fixtures/crm), values in their vocabulary, and the qualification in the text the
// account executive reads.

import fs from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { ALL_MET } from '../helpers/answers.js';
import { run } from '../../src/main.js';
import { openTargetStore } from '../helpers/engines.js';
import { ScriptedPrompter, terminalContext } from '../helpers/scriptedPrompter.js';

const documented = (name: string) => fs.readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8').split('\n').filter(Boolean);
const SALESFORCE = documented('salesforce-lead-import-labels.txt');
const HUBSPOT = documented('hubspot-contact-import-labels.txt');

function parse(csv: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe.each(ENGINES)('bant export --to on %s', (engine) => {
  async function pipeline() {
    const db = await freshTarget(engine);
    const bant = (args: string[], input?: string) => runBant(args, { db, input });
    const add = (...args: string[]) => expect(bant(['leads', 'add', ...args]).code).toBe(0);
    add('--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--last-name', 'Martin', '--company', 'Acme', '--title', 'CFO', '--employees', '1200', '--revenue', '2500000', '--source', 'webinar', '--owner', 'ae@acme.io', '--stage', 'mql', '--set', 'linkedin=jmartin', '--external-id', '00Q5g00000AbCdEFGH');
    add('--email', 'paul@beta.io', '--first-name', 'Paul', '--company', 'Beta', '--stage', 'mql', '--owner', 'alice');
    add('--company', 'Gamma SA', '--stage', 'mql');
    add('--email', 'zoe@delta.io', '--last-name', 'Zoe', '--company', 'Delta', '--stage', 'prospect');
    expect(bant(['qualify', 'jeanne@acme.fr', '--answers', '-'], JSON.stringify({ ...ALL_MET, 'budget.amount': 50000 })).code).toBe(0);
    const nurtured = { ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': '6_12m' };
    expect(bant(['qualify', 'paul@beta.io', '--answers', '-'], JSON.stringify(nurtured)).code).toBe(0);
    expect(bant(['qualify', '3', '--answers', '-', '--override', 'sql', '--reason', 'CEO asked for it'], JSON.stringify(nurtured)).code).toBe(0);
    return bant;
  }

  it('Salesforce: the Data Import Wizard labels, Lead Status values, the qualification in Description', async () => {
    const bant = await pipeline();
    const out = tempDir() + '/salesforce.csv';
    const result = bant(['export', '--to', 'salesforce', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("4 leads written for Salesforce's lead import");
    // Paul has no last name, Gamma no person: Salesforce needs a last name and a company on every lead.
    expect(result.stderr).toContain('2 leads have no last name or no company');
    const text = fs.readFileSync(out, 'utf8');
    const headers = text.split('\r\n')[0]!.split(',');
    expect(headers.filter((header) => !SALESFORCE.includes(header))).toEqual(['linkedin']);
    for (const required of ['Last Name', 'Company', 'Lead Status', 'Description']) expect(headers).toContain(required);
    const rows = parse(text);
    expect(rows.map((row) => [row['Company'], row['Lead Status']])).toEqual([
      ['Acme', 'Qualified'],
      ['Beta', 'Nurturing'],
      ['Gamma SA', 'Qualified'],
      ['Delta', 'New'],
    ]);
    const jeanne = rows[0]!;
    expect(jeanne).toMatchObject({ 'Lead ID': '00Q5g00000AbCdEFGH', 'First Name': 'Jeanne', 'Last Name': 'Martin', Email: 'jeanne@acme.fr', Title: 'CFO', 'No. of Employees': '1200', 'Annual Revenue': '2500000', 'Lead Source': 'webinar', 'Record Owner': 'ae@acme.io', linkedin: 'jmartin' });
    expect(jeanne['Description']).toMatch(/^BANT.* qualification on \d{4}-\d{2}-\d{2} by tester: sql, score 100\.$/m);
    expect(jeanne['Description']).toContain('Budget: met (Allocated · 50000).');
    expect(jeanne['Description']).toContain('Need: met (Invoices typed by hand · 4 · Yes).');
    const paul = rows[1]!['Description']!;
    expect(paul).toContain('Budget: partial (Planned, not yet allocated).');
    expect(paul).toMatch(/Follow up on \d{4}-\d{2}-\d{2}\./);
    expect(rows[2]!['Description']).toContain('Overridden to sql: CEO asked for it');
    expect(rows[3]!['Description']).toContain('Not qualified in bant yet.');

    const sqlOnly = parse(bant(['export', '--to', 'salesforce', '--stage', 'sql']).stdout);
    expect(sqlOnly.map((row) => row['Company'])).toEqual(['Acme', 'Gamma SA']);
  });

  it('HubSpot: its contact import labels, Lifecycle Stage and Lead Status values, the qualification as a note', async () => {
    const bant = await pipeline();
    const result = bant(['export', '--to', 'hubspot', '--lang', 'fr']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 lead n’a pas d’e-mail');
    const headers = result.stdout.split('\r\n')[0]!.split(',');
    expect(headers.filter((header) => !HUBSPOT.includes(header))).toEqual(['linkedin']);
    for (const required of ['Email', 'First Name', 'Last Name', 'Note body', 'Activity date']) expect(headers).toContain(required);
    const rows = parse(result.stdout);
    expect(rows.map((row) => [row['Company Name'], row['Lifecycle Stage'], row['Lead Status'], row['Contact owner']])).toEqual([
      ['Acme', 'Sales Qualified Lead', 'Connected', 'ae@acme.io'],
      ['Beta', 'Lead', 'Bad Timing', ''],
      ['Gamma SA', 'Sales Qualified Lead', 'Connected', ''],
      ['Delta', '', 'New', ''],
    ]);
    expect(rows[0]!['Note body']).toContain('Budget : rempli (Alloué · 50000).');
    expect(rows[0]!['Activity date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("the SDR's notes from the interview reach the description; the latest qualification is the one `why` explains", async () => {
    const db = await freshTarget(engine);
    expect(runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--last-name', 'Martin', '--company', 'Acme', '--stage', 'mql'], { db }).code).toBe(0);
    // First qualified to nurturing by answers, then again at a terminal, with a note on authority.
    expect(runBant(['qualify', '1', '--answers', '-'], { db, input: JSON.stringify({ ...ALL_MET, 'budget.status': 'planned' }) }).code).toBe(0);
    const prompter = new ScriptedPrompter([
      [/budget/, 'allocated'],
      [/How much/, ''],
      [/Note on Budget/, ''],
      [/buying decision/, 'decision_maker'],
      [/Note on Authority/, 'signs alone, "today"'],
      [/When do they plan/, 'lt_1m'],
      [/Note on Timeline/, ''],
      [/What problem/, 'Invoices typed by hand'],
      [/How severe/, '4'],
      [/fit the need/, 'yes'],
      [/Note on Need/, ''],
      [/Record this decision/, 'confirm'],
    ]);
    const { ctx } = terminalContext(db, prompter);
    expect(await run(['qualify', '1'], ctx)).toBe(0);
    const store = await openTargetStore(db);
    const latest = await store.qualifications.latestForLeads([1, 2, 99]);
    expect([...latest.keys()]).toEqual([1]);
    expect(latest.get(1)).toEqual((await store.qualifications.listForLead(1)).at(-1));
    expect(latest.get(1)).toMatchObject({ decision: 'sql', notes: { authority: 'signs alone, "today"' } });
    const [row] = parse(runBant(['export', '--to', 'salesforce'], { db }).stdout);
    expect(row!['Description']).toContain('Authority: met (The decision maker). Note: signs alone, "today"');
    expect(row!['Lead Status']).toBe('Qualified');
  });

  it('a CRM file is CSV: --format json on the command line is refused, a json format from the settings is not', async () => {
    const bant = await pipeline();
    const refused = bant(['export', '--to', 'hubspot', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--to hubspot');
    const config = tempDir();
    fs.mkdirSync(`${config}/bant`);
    fs.writeFileSync(`${config}/bant/config`, 'format = json\n');
    const db = (await freshTarget(engine));
    const fromSettings = runBant(['export', '--to', 'hubspot'], { db, env: { XDG_CONFIG_HOME: config } });
    expect(fromSettings.code).toBe(0);
    expect(fromSettings.stdout.startsWith('Email,First Name')).toBe(true);
  });
});
