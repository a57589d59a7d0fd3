// `bant score learn` through the built binary, on both engines: a generated data set whose signal is known
// (imported as leads with their stages, then their activities), learned into a model file that loads back and
// that `score --all --scoring FILE` applies; the same seed gives the same file; every bad input of the issue
// is refused with exit 3 and nothing written; the report in French.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScoringModel } from '../../src/scoring/loadScoringModel.js';
import type { Engine } from '../../src/store/store.js';
import { ENGINES, freshTarget, queryTarget as query, snapshotTarget } from '../helpers/engines.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { seededRandom } from '../helpers/trainingRows.js';

const INDUSTRIES = ['Software', 'Retail', 'Health', 'Finance'];

/**
 * `count` leads whose odds of converting are known: Software ×e^1.5, free mail ×e^−1.2, 200 employees or more
 * ×e^1, a demo request before the outcome ×e^2 (a page view, which everyone has, nothing). The leads file has
 * their stage (customer or disqualified); the activities file, dated months before the import, what they did.
 */
function generated(count: number, seed = 42) {
  const random = seededRandom(seed);
  const leads = ['email,industry,employees,stage'];
  const events = ['email,type,date'];
  for (let i = 1; i <= count; i++) {
    const industry = INDUSTRIES[Math.floor(random() * INDUSTRIES.length)]!;
    const free = random() < 0.3;
    const employees = Math.floor(Math.exp(random() * 8));
    const demo = random() < 0.3;
    const logOdds = -1.5 + (industry === 'Software' ? 1.5 : 0) - (free ? 1.2 : 0) + (employees >= 200 ? 1 : 0) + (demo ? 2 : 0);
    const converted = random() < 1 / (1 + Math.exp(-logOdds));
    const email = free ? `lead${i}@gmail.com` : `lead${i}@company${i}.example`;
    leads.push(`${email},${industry},${employees},${converted ? 'customer' : 'disqualified'}`);
    events.push(`${email},page_view,2026-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`);
    if (demo) events.push(`${email},demo_request,2026-02-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`);
  }
  return { leads: `${leads.join('\n')}\n`, events: `${events.join('\n')}\n` };
}

async function setup(engine: Engine, data = generated(600)) {
  const dir = tempDir();
  const db = await freshTarget(engine);
  const leads = path.join(dir, 'leads.csv');
  const events = path.join(dir, 'events.csv');
  fs.writeFileSync(leads, data.leads);
  fs.writeFileSync(events, data.events);
  const imported = runBant(['import', leads], { db });
  expect(imported.code, imported.stderr).toBe(0);
  const recorded = runBant(['activity', 'import', events], { db });
  expect(recorded.code, recorded.stderr).toBe(0);
  return { dir, db };
}

describe.each(ENGINES)('bant score learn on %s', (engine) => {
  it('learns the known signal into a model file that loads back, that score --all applies, the same for the same seed', async () => {
    const { dir, db } = await setup(engine);
    const file = path.join(dir, 'learned.json');
    const result = runBant(['score', 'learn', '-o', file, '--seed', '3', '--format', 'json'], { db });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ model: { file, id: 'learned' }, outcomes: { leads: 600, learning: 420, heldOut: 180, withoutOutcome: 0 }, current: { id: 'default' } });
    expect(report.auc).toBeGreaterThan(0.75);
    expect(report.current.auc).toBeGreaterThan(0);
    expect(report.deciles[0].rate).toBeGreaterThan(report.deciles.at(-1).rate);
    // The effects that made the data, in the learned points: demo request and Software up, free mail down.
    const model = loadScoringModel(file, {});
    const points = (id: string) => [...model.fit.rules, ...model.engagement.rules].find((rule) => rule.id === id)?.points;
    expect(points('demo_request:0')! - points('demo_request:1+')!).toBeLessThan(-30);
    expect(points('industry=Software')!).toBeGreaterThan(points('industry=Retail')! + 20);
    expect(points('email:free')!).toBeLessThan(points('email:business')! - 15);
    expect(result.stderr).toContain(`Model written to ${file}`);
    expect(result.stderr).toContain(`bant score --all --scoring ${file}`);
    // One rule per line: a person reads it as a table of points.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.filter((line) => /^\s+\{"id":/.test(line))).toHaveLength(model.fit.rules.length + model.engagement.rules.length);

    const again = path.join(dir, 'again.json');
    expect(runBant(['score', 'learn', '-o', again, '--seed', '3'], { db }).code).toBe(0);
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));

    const applied = runBant(['score', '--all', '--scoring', file, '--format', 'json'], { db });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ scored: 600 });
    const [best] = await query<{ score: number }>(db, "SELECT max(score) AS score FROM leads WHERE industry = 'Software' AND email NOT LIKE '%gmail.com'");
    const [worst] = await query<{ score: number }>(db, "SELECT min(score) AS score FROM leads WHERE industry <> 'Software' AND email LIKE '%gmail.com'");
    expect(best!.score).toBeGreaterThan(worst!.score);
    const why = JSON.parse(runBant(['score', 'why', 'lead1@company1.example', '--scoring', file, '--format', 'json'], { db }).stdout);
    expect(why.model).toEqual({ id: 'learned', version: 1 });
  });

  it('prints the report as tables, says nothing was written without -o, and gives the model to stdout with -o -', async () => {
    const { db } = await setup(engine);
    const before = await snapshotTarget(db, ['leads', 'stage_history', 'activities']);
    const table = runBant(['score', 'learn'], { db });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Learned from 600 leads with an outcome \(\d+ converted, \d+%\): 420 learned from, 180 held out/);
    expect(table.stdout).toMatch(/Held-out AUC: 0\.\d{3}/);
    expect(table.stdout).toMatch(/The current model, B2B default \(default v\d+\), on the same leads/);
    expect(table.stdout).toMatch(/│ Decile │ Scores\s+│ Leads │ Converted │ Rate │ Lift │/);
    expect(table.stdout).toContain('Strongest positive points:');
    expect(table.stdout).toMatch(/│ \+\d+\s+│ demo_request: at least once/);
    expect(table.stdout).toMatch(/Suggested MQL threshold: total ≥ -?\d+\. Of the held-out leads at or above it, \d+% converted \(asked: \d+%\); it keeps \d+% of the conversions with \d+% of the leads\./);
    expect(table.stdout).toMatch(/Learned from \d+ fields: industry, email, employees, demo_request/);
    expect(table.stdout).toMatch(/identifies a person or a record: first_name, last_name/);
    expect(table.stderr).toContain('Nothing written: to keep this model, run the same command with -o FILE');
    expect(await snapshotTarget(db, ['leads', 'stage_history', 'activities'])).toBe(before);

    const piped = runBant(['score', 'learn', '-o', '-'], { db });
    expect(piped.code, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ id: 'learned', interest: expect.any(Array) });
    expect(piped.stderr).toMatch(/Held-out AUC: 0\.\d{3}/);
    expect(piped.stderr).toContain('Model written to stdout');
  });

  it('refuses bad input with exit 3 and a clear message, writing nothing', async () => {
    const { dir, db } = await setup(engine, generated(60));
    const file = path.join(dir, 'model.json');
    const refused = (args: string[], message: RegExp) => {
      const result = runBant(['score', 'learn', '-o', file, ...args], { db });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    };
    refused([], /too few leads with an outcome to learn from: 60 \(\d+ converted, \d+ not\); it takes at least 100, with 20 of each/);
    refused(['--holdout', '0'], /--holdout must be between 0 and 1, both excluded .*, not 0\./);
    refused(['--holdout', '1.5'], /--holdout must be between 0 and 1/);
    refused(['--holdout', 'most'], /--holdout must be between 0 and 1.*, not most\./);
    refused(['--precision', '0'], /--precision must be above 0 and at most 1/);
    refused(['--precision', '1.2'], /--precision must be above 0 and at most 1/);
    // The output path is checked before any lead is read: its refusal comes first.
    const missing = runBant(['score', 'learn', '-o', path.join(dir, 'no', 'such', 'folder', 'model.json')], { db });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/folder .* does not exist/);
    if (engine === 'sqlite') {
      const before = fs.readFileSync(db);
      const overDatabase = runBant(['score', 'learn', '-o', db], { db });
      expect(overDatabase.code).toBe(3);
      expect(overDatabase.stderr).toContain('is the database');
      expect(fs.readFileSync(db).equals(before)).toBe(true);
    }
    expect(runBant(['score', 'learn', '--seed', 'x'], { db }).code).toBe(2);
  });

  it('refuses one class only and data with nothing to learn from', async () => {
    const allWon = await setup(engine, { leads: `email,stage\n${Array.from({ length: 150 }, (_, i) => `won${i}@acme${i}.example,customer`).join('\n')}\n`, events: 'email,type,date\n' });
    const one = runBant(['score', 'learn'], { db: allWon.db });
    expect(one.code).toBe(3);
    expect(one.stderr).toContain('all 150 leads with an outcome converted: learning needs some that did not');
    const rows = Array.from({ length: 150 }, (_, i) => `CRM-${i},${i % 3 ? 'disqualified' : 'customer'}`);
    const bare = await setup(engine, { leads: `external_id,stage\n${rows.join('\n')}\n`, events: 'email,type,date\n' });
    const nothing = runBant(['score', 'learn', '--lang', 'fr'], { db: bare.db });
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toMatch(/rien sur quoi apprendre : chacun des \d+ champs examinés identifie un lead/);
  });

  it('speaks French: the report, its tables and the closing note', async () => {
    const { db } = await setup(engine);
    const french = runBant(['score', 'learn', '--lang', 'fr', '--holdout', '0,25'], { db });
    expect(french.code, french.stderr).toBe(0);
    expect(french.stdout).toMatch(/^Appris sur 600 leads à l’issue connue \(\d+ convertis, \d+\s%\) : 4\d\d pour apprendre, 1\d\d mis de côté/);
    expect(french.stdout).toMatch(/AUC sur les leads mis de côté : 0,\d{3}/);
    expect(french.stdout).toMatch(/│ Décile │ Scores\s+│ Leads │ Convertis │ Taux │ Lift │/);
    expect(french.stdout).toContain('Les points négatifs les plus forts :');
    expect(french.stdout).toMatch(/Seuil MQL suggéré : total ≥ -?\d+\./);
    expect(french.stdout).toMatch(/identifie une personne ou un enregistrement : first_name/);
    expect(french.stderr).toContain('Rien n’a été écrit : pour garder ce modèle, relancez la même commande avec -o FICHIER');
    const tooFew = runBant(['score', 'learn', '--lang', 'fr', '--precision', '2'], { db });
    expect(tooFew.stderr).toMatch(/--precision doit être supérieur à 0 et au plus 1/);
  });
});

describe('bant score learn on a terminal', () => {
  it('shows its progress on stderr only when stderr is a terminal, and clears it before the report', async () => {
    const { db } = await setup('sqlite');
    // `script` gives bant a pseudo-terminal and keeps every byte it wrote, redrawn lines included.
    const command = ['env', 'NO_COLOR=1', 'LANG=C.UTF-8', `BANT_DB=${db}`, process.execPath, BANT_BIN, 'score', 'learn'].map((part) => `'${part}'`).join(' ');
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(terminal.status, terminal.stdout).toBe(0);
    // ESC [K: the rest of the line erased, each step drawn over the one before.
    const erase = '\u001b[K';
    expect(terminal.stdout).toMatch(new RegExp(`\\r600 leads with an outcome read \\([\\d,]+ leads/s\\)${escape(erase)}`));
    expect(terminal.stdout).toContain(`\rchoosing what to learn from…${erase}`);
    expect(terminal.stdout).toContain(`\rfitting the model: step 1…${erase}`);
    expect(terminal.stdout).toContain(`\rmeasuring it on the held-out leads…${erase}\r${erase}Learned from 600 leads`);
    const piped = runBant(['score', 'learn'], { db });
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).not.toContain('fitting');
  });
});

const escape = (text: string) => text.replace(/[[\]\\^$.|?*+()]/g, '\\$&');
