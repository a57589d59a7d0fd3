// Activities and scores through the built binary, on both engines: an activity file makes the right leads
// MQLs (history rows of cause scoring), `score why` adds up to the stored score, and every bad input of the
// issue is refused with its exit code and nothing written.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/store/store.js';
import { ENGINES, freshTarget, queryTarget as query, snapshotTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const SAMPLE = path.resolve('data/sample-leads.csv');
const fixture = (name: string) => path.resolve('test/fixtures/activities', name);
const TABLES = ['leads', 'stage_history', 'imports', 'stage_days', 'activities'];

async function setup(engine: Engine) {
  const dir = tempDir();
  const db = await freshTarget(engine);
  const file = (name: string, content: string | object) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
    return target;
  };
  expect(runBant(['import', SAMPLE], { db }).code).toBe(0);
  return { dir, db, file };
}

/** The parts of a model file the bad-model tests change. */
interface ModelFile {
  fit: { rules: { when: Record<string, unknown> }[] };
  engagement: { cap: number };
  mql: { total: number };
}

/** A model like the shipped one, with one thing changed. */
function model(change: (m: ModelFile) => void): object {
  const m = JSON.parse(fs.readFileSync('data/scoring/default.json', 'utf8')) as ModelFile;
  change(m);
  return m;
}

const sumOf = (contributions: { group: string; effectivePoints: number }[], group: string) =>
  Math.round(contributions.filter((c) => c.group === group).reduce((sum, c) => sum + c.effectivePoints * 10, 0)) / 10;

describe.each(ENGINES)('activities and scores on %s', (engine) => {
  it('an activity file makes the right leads MQLs, each with a history row of cause scoring; score why adds up to the stored score', async () => {
    const { db, file } = await setup(engine);
    const events = file(
      'events.csv',
      [
        'email,type,date,url',
        // A CTO of 3,200 people (fit 35) asks for a demo: fit ≥ 15 and engagement ≥ 25.
        `isla.fraser@atlas.io,demo_request,${daysAgo(2)},https://acme.io/demo`,
        `isla.fraser@atlas.io,page.hit,${daysAgo(2)},https://acme.io/pricing`,
        // A CEO of 340 people (fit 30) starts a trial: an MQL too, from lead.
        `marcus.thompson@northwind.com,trial_request,${daysAgo(1)},https://acme.io/trial`,
        // Opens only: a lead, never an MQL.
        `hannah.lindqvist@harbour.io,email.read,${daysAgo(3)},`,
        `hannah.lindqvist@harbour.io,email.read,${daysAgo(2)},`,
      ].join('\n'),
    );
    const result = runBant(['activity', 'import', events, '--format', 'json'], { db });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 5, created: 5, updated: 0, skipped: 0, rejected: 0, promoted: { lead: 1, mql: 2 } });
    const moves = await query(
      db,
      "SELECT l.email, h.from_stage, h.to_stage, h.reason FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE h.cause = 'scoring' ORDER BY l.email",
    );
    expect(moves).toEqual([
      { email: 'hannah.lindqvist@harbour.io', from_stage: 'prospect', to_stage: 'lead', reason: expect.stringMatching(/^interest: email_open #\d+$/) },
      { email: 'isla.fraser@atlas.io', from_stage: 'prospect', to_stage: 'mql', reason: expect.stringMatching(/^fit 35 ≥ 15 and engagement [\d.]+ ≥ 25; total [\d.]+ ≥ 60$/) },
      { email: 'marcus.thompson@northwind.com', from_stage: 'lead', to_stage: 'mql', reason: expect.stringMatching(/fit 30 ≥ 15 and engagement/) },
    ]);

    for (const email of ['isla.fraser@atlas.io', 'marcus.thompson@northwind.com', 'hannah.lindqvist@harbour.io']) {
      const why = JSON.parse(runBant(['score', 'why', email, '--format', 'json'], { db }).stdout);
      const [stored] = await query<{ fit_score: number; engagement_score: number; score: number }>(db, 'SELECT fit_score, engagement_score, score FROM leads WHERE email = ?', email);
      expect(sumOf(why.contributions, 'fit'), email).toBe(stored!.fit_score);
      expect(sumOf(why.contributions, 'engagement'), email).toBe(stored!.engagement_score);
      expect(why).toMatchObject({ fit: stored!.fit_score, engagement: stored!.engagement_score, total: stored!.score, stored: { total: stored!.score } });
    }
    const table = runBant(['score', 'why', 'isla.fraser@atlas.io'], { db });
    expect(table.stdout).toMatch(/Executive or founder\s+│[^\n]*20/);
    expect(table.stdout).toMatch(/Requested a demo or a trial\s+│ #\d+ demo_request/);
    expect(table.stdout).toMatch(/MQL when fit 35 ≥ 15 and engagement [\d.]+ ≥ 25: met/);
    expect(table.stdout).toContain('At or over the MQL threshold.');
    const french = runBant(['score', 'why', 'hannah.lindqvist@harbour.io', '--lang', 'fr'], { db });
    expect(french.stdout).toMatch(/Sous le seuil MQL : à [\d,]+ points de la voie la plus proche\./);
    expect(french.stdout).toMatch(/A ouvert un e-mail|Ouverture|email_open/);
  });

  it('activity add, list and score: a lead moved by one event, shown, and scored again as of a day', async () => {
    const { db } = await setup(engine);
    const added = runBant(['activity', 'add', 'grace.morgan@vantage.io', 'Demande de démo', '--set', 'url=https://acme.io/demo', '--source', 'website'], { db });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/Activity #1 \(demo_request, [\d-]+ [\d:]+\) added to lead #\d+ Grace Morgan\./);
    expect(added.stderr).toContain('prospect → mql (fit 35 ≥ 15 and engagement 30 ≥ 25; total 65 ≥ 60)');
    const again = runBant(['activity', 'add', 'grace.morgan@vantage.io', 'demo_request', '--at', '2026-03-01', '--format', 'json'], { db });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: true, stage: 'mql', promotion: null });
    const list = runBant(['activity', 'list', 'grace.morgan@vantage.io', '--format', 'json'], { db });
    expect(JSON.parse(list.stdout).map((a: { type: string; source: string | null }) => [a.type, a.source])).toEqual([['demo_request', null], ['demo_request', 'website']]);
    expect(runBant(['activity', 'list', 'grace.morgan@vantage.io'], { db }).stdout).toContain('url=https://acme.io/demo');
    const dry = JSON.parse(runBant(['score', '--all', '--dry-run', '--format', 'json'], { db }).stdout);
    expect(dry).toMatchObject({ dryRun: true, scored: 60, promoted: { lead: 0, mql: 0 } });
    const scored = JSON.parse(runBant(['score', 'grace.morgan@vantage.io', '--as-of', '2026-03-01', '--format', 'json'], { db }).stdout);
    // As of the end of that day: the later demo request had not happened; this one is a day old (30 → 29.8).
    expect(scored.leads[0]).toMatchObject({ fit: 35, engagement: 29.8, total: 64.8, stage: 'mql' });
    expect(await query(db, 'SELECT scored_at FROM leads WHERE email = ?', 'grace.morgan@vantage.io')).toEqual([{ scored_at: '2026-03-01T23:59:59.999Z' }]);
  });

  it('imports from stdin, writes rejected rows and skipped events to --rejects, and says which types no rule scores', async () => {
    const { db, dir } = await setup(engine);
    const rejects = path.join(dir, 'rejects.csv');
    const text = fs.readFileSync(fixture('lemlist-activities.csv'), 'utf8');
    runBant(['activity', 'import', '-'], { db, input: text });
    const result = runBant(['activity', 'import', '-', '--rejects', rejects], { db, input: text });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Import #3: 4 rows: 0 activities stored, 3 skipped (stored already), 1 rejected.');
    expect(result.stderr).toContain('line 5: no lead newcomer@orbit.io in this database.');
    expect(result.stderr).toContain('add --create-leads');
    const lines = fs.readFileSync(rejects, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('leadEmail,leadFirstName,leadLastName,type,createdAt,campaignName,sequenceStep,line,error');
    // Rejected rows come before skipped ones of the same batch: sorted by line here.
    const ends = lines.slice(1).map((line) => /,(\d+,(?:"[^"]*"|[^,]*))$/.exec(line)![1]!);
    expect(ends.sort((a, b) => parseInt(a) - parseInt(b))).toEqual([
      '2,"the same event is stored already, skipped"',
      '3,"the same event is stored already, skipped"',
      '4,"the same event is stored already, skipped"',
      '5,no lead newcomer@orbit.io in this database.',
    ]);
    const first = runBant(['activity', 'import', fixture('hubspot-email-events.csv')], { db });
    expect(first.stdout).toContain('Types no rule of the scoring model scores (stored all the same): email_delivered (1).');
  });

  it('report scores: a histogram of bands, the leads just under the threshold, conversion where outcomes are known', async () => {
    const { db } = await setup(engine);
    runBant(['activity', 'import', fixture('mautic-timeline.csv')], { db });
    const table = runBant(['report', 'scores'], { db });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/│ Score\s+│ Leads\s+│\s+│ With an outcome │ Converted │ Conversion │/);
    expect(table.stdout).toMatch(/│ 30 – 39\.9\s+│ \d+\s+│ █+/);
    expect(table.stdout).toMatch(/Just under the MQL threshold \(fit ≥ 15 & engagement ≥ 25 \| total ≥ 60\), within 10 points: \d+ leads?/);
    const json = JSON.parse(runBant(['report', 'scores', '--format', 'json'], { db }).stdout);
    expect(json).toMatchObject({ report: 'scores', bandWidth: 10, threshold: { fit: 15, engagement: 25, total: 60 }, unscored: 0 });
    expect(json.bands.reduce((sum: number, band: { leads: number }) => sum + band.leads, 0)).toBe(60);
    // Outcomes: the sample's sql, customer and disqualified leads.
    expect(json.bands.reduce((sum: number, band: { converted: number }) => sum + band.converted, 0)).toBe(7);
    const csv = runBant(['report', 'scores', '--format', 'csv'], { db }).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('from,to,leads,withOutcome,converted,conversionRate');
  });

  describe('bad input: a clear message, the right exit code, nothing written', () => {
    it('an activity file without an identity, a type or a date column', async () => {
      const { db, file } = await setup(engine);
      const before = await snapshotTarget(db, TABLES);
      const noIdentity = runBant(['activity', 'import', file('a.csv', 'Name,type,date\nGrace,open,2026-03-01\n')], { db });
      expect([noIdentity.code, noIdentity.stderr]).toEqual([3, expect.stringContaining('no column says whose activity each row is (columns found: "Name", "type", "date")')]);
      const noType = runBant(['activity', 'import', file('b.csv', 'email,date\ngrace.morgan@vantage.io,2026-03-01\n')], { db });
      expect([noType.code, noType.stderr]).toEqual([3, expect.stringContaining('no column says what each activity is')]);
      const french = runBant(['activity', 'import', file('c.csv', 'email;type\ngrace.morgan@vantage.io;open\n'), '--lang', 'fr'], { db });
      expect([french.code, french.stderr]).toEqual([3, expect.stringContaining('aucune colonne ne dit quand chaque activité a eu lieu')]);
      expect(await snapshotTarget(db, TABLES)).toBe(before);
    });

    it('dates in the future or unreadable: their rows rejected with the line, the rest stored', async () => {
      const { db, file } = await setup(engine);
      const result = runBant(['activity', 'import', file('d.csv', 'email,type,date\ngrace.morgan@vantage.io,open,2099-01-01\ngrace.morgan@vantage.io,open,last tuesday\ngrace.morgan@vantage.io,open,2026-03-01\n'), '--format', 'json'], { db });
      expect(JSON.parse(result.stdout)).toMatchObject({ rows: 3, created: 1, rejected: 2 });
      expect(result.stderr).toContain("line 2: date: '2099-01-01' is in the future: an activity is something that happened.");
      expect(result.stderr).toContain("line 3: date: 'last tuesday' is not a date bant can read.");
    });

    it.each([
      ['an unknown operator', (m: ModelFile) => (m.fit.rules[0]!.when.title = { resembles: 'ceo' }), 'fit.rules[0].when.title.resembles: is not an operator'],
      ['a negative cap', (m: ModelFile) => (m.engagement.cap = -5), 'engagement.cap: must be 0 or more'],
      ['a threshold no score reaches', (m: ModelFile) => (m.mql.total = 500), 'mql.total: no lead can reach 500'],
      ['a regular expression that does not compile', (m: ModelFile) => (m.fit.rules[0]!.when.title = { matches: '(ceo' }), 'fit.rules[0].when.title.matches: is not a valid regular expression'],
    ])('a scoring model with %s: exit 3 naming the path, nothing written', async (_what, change, message) => {
      const { db, file } = await setup(engine);
      const bad = file('model.json', model(change));
      const before = await snapshotTarget(db, TABLES);
      const commands = [
        ['activity', 'add', 'grace.morgan@vantage.io', 'demo_request', '--scoring', bad],
        ['activity', 'import', fixture('mautic-timeline.csv'), '--scoring', bad],
        ['score', '--all', '--scoring', bad],
        ['leads', 'add', '--email', 'new@acme.fr', '--scoring', bad],
      ];
      for (const args of commands) {
        const result = runBant(args, { db });
        expect(result.code, args.join(' ')).toBe(3);
        expect(result.stderr, args.join(' ')).toContain(message);
      }
      const fromEnv = runBant(['score', 'why', '1'], { db, env: { BANT_SCORING: bad } });
      expect([fromEnv.code, fromEnv.stderr]).toEqual([3, expect.stringContaining(message)]);
      expect(await snapshotTarget(db, TABLES)).toBe(before);
    });

    it('score why on a lead that does not exist (4), a bad --as-of (2), a missing model file (4), neither refs nor --all (2)', async () => {
      const { db } = await setup(engine);
      const missing = runBant(['score', 'why', 'nobody@nowhere.io'], { db });
      expect([missing.code, missing.stderr]).toEqual([4, expect.stringContaining("no lead matches 'nobody@nowhere.io'")]);
      for (const asOf of ['yesterday', '2026-02-30', '2026-13-01T00:00Z']) {
        const bad = runBant(['score', '--all', '--as-of', asOf], { db });
        expect([bad.code, bad.stderr], asOf).toEqual([2, expect.stringContaining(`--as-of: '${asOf}' is not a date`)]);
      }
      expect(runBant(['score', 'why', '1', '--as-of', 'soon'], { db }).code).toBe(2);
      expect(runBant(['score', '--all', '--as-of', '2999-01-01'], { db }).code).toBe(2);
      const noModel = runBant(['score', '--all', '--scoring', 'nope.json'], { db });
      expect([noModel.code, noModel.stderr]).toEqual([4, expect.stringContaining('the scoring model nope.json does not exist')]);
      expect(runBant(['score'], { db }).code).toBe(2);
      expect(runBant(['activity', 'add', '1', '!!'], { db }).code).toBe(2);
      expect(runBant(['activity', 'add', '1', 'open', '--at', '2999-01-01'], { db }).code).toBe(2);
    });
  });
});

/** An instant some days before now, as a tool's export writes it. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}
