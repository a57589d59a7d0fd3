// Activities and lead scoring on a real store of each engine: imports of real-looking exports (re-imported,
// dry-run, refused), rescoring in the transaction of the write that touched a lead (and nothing when that
// write fails), promotions and re-engagement, pages of `score --all`, and the schema step that brought them.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addActivity } from '../../src/activities/addActivity.js';
import { importActivities, type ActivityImportOptions } from '../../src/activities/importActivities.js';
import { BantError } from '../../src/domain/errors.js';
import { parseScoringModel } from '../../src/domain/scoringModel.js';
import { editLead } from '../../src/leads/editLead.js';
import { shippedScoringModel } from '../../src/scoring/loadScoringModel.js';
import { prepareScoring } from '../../src/scoring/rescoreLeads.js';
import { scoreAllLeads } from '../../src/scoring/scoreLeads.js';
import { openSqliteDatabase } from '../../src/store/sqlite/openSqliteDatabase.js';
import { migratePostgres } from '../../src/store/postgres/connectPostgres.js';
import type { Engine, Store } from '../../src/store/store.js';
import pg from 'pg';
import { ENGINES, freshTarget, openTargetStore, openTestStore, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { fileWith, tellStory } from '../helpers/runInProcess.js';
import { chunks, expectReachedRankInStep, expectStageDaysInStep, failure, importCsv } from '../helpers/storeChecks.js';
import { ALL_MET } from '../helpers/answers.js';

const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures/activities', name), 'utf8');
const at = '2026-03-10T12:00:00.000Z';
const who = { at, by: 'alice', today: '2026-03-10' };
const shipped = prepareScoring(shippedScoringModel());
const IMPORT: ActivityImportOptions = { nullValues: [], createLeads: false, dryRun: false };
const ALL_TABLES = ['leads', 'stage_history', 'imports', 'qualifications', 'stage_days', 'activities'];

function importEvents(store: Store, text: string, options: Partial<ActivityImportOptions> = {}, scoring = shipped, hooks = {}) {
  return importActivities(store, chunks(text, 23), 'events.csv', { ...IMPORT, ...options }, who, scoring, hooks);
}

/** The sample leads, imported a week before the events. */
async function withSampleLeads(engine: Engine): Promise<{ store: Store; target: string }> {
  const { store, target } = await openTestStore(engine);
  await importCsv(store, fs.readFileSync('data/sample-leads.csv', 'utf8'), {}, { at: '2026-03-01T09:00:00.000Z', by: 'alice', today: '2026-03-01' });
  return { store, target };
}

const leadByEmail = async (store: Store, email: string) => (await store.leads.find({ kind: 'email', email }))!;

describe.each(ENGINES)('activities on %s', (engine) => {
  it('imports a Mautic timeline: events stored with their properties, the touched leads scored and moved, history cause scoring', async () => {
    const { store, target } = await withSampleLeads(engine);
    const result = await importEvents(store, fixture('mautic-timeline.csv'));
    expect(result).toMatchObject({ importId: 2, rows: 4, created: 4, updated: 0, skipped: 0, rejected: 0, scoring: { scored: 3, toLead: 2, toMql: 0 } });
    const hannah = await leadByEmail(store, 'hannah.lindqvist@harbour.io');
    // One open, five days before: 1 point, faded by its 30-day half-life to 0.9.
    expect(hannah).toMatchObject({ stage: 'lead', engagementScore: 0.9, scoredAt: at });
    expect((await store.leads.history(hannah.id)).map((change) => [change.fromStage, change.toStage, change.cause, change.reason])).toEqual([
      [null, 'prospect', 'import', null],
      ['prospect', 'lead', 'scoring', expect.stringMatching(/^interest: email_open #\d+$/)],
    ]);
    const isla = await leadByEmail(store, 'isla.fraser@atlas.io');
    expect(await store.activities.forLead(isla.id)).toEqual([
      expect.objectContaining({ type: 'page_view', occurredAt: '2026-03-05T09:58:12.000Z', properties: { id: '9001', eventLabel: 'Pricing', url: 'https://acme.io/pricing' } }),
      expect.objectContaining({ type: 'form_submit', properties: { id: '9002', eventLabel: 'Demo request', url: 'https://acme.io/demo' } }),
    ]);
    expect(await queryTarget(target, "SELECT kind, rows, created, skipped FROM imports WHERE kind = 'activities'")).toEqual([{ kind: 'activities', rows: 4, created: 4, skipped: 0 }]);
    await expectStageDaysInStep(target);
    await expectReachedRankInStep(target);
  });

  it('importing the same file again stores nothing twice: every row skipped, the tables as they were', async () => {
    const { store, target } = await withSampleLeads(engine);
    await importEvents(store, fixture('hubspot-email-events.csv'));
    const before = await snapshotTarget(target, ['leads', 'stage_history', 'activities', 'stage_days']);
    const again = await importEvents(store, fixture('hubspot-email-events.csv'));
    expect(again).toMatchObject({ rows: 4, created: 0, skipped: 4, rejected: 0, scoring: { scored: 0 } });
    expect(await snapshotTarget(target, ['leads', 'stage_history', 'activities', 'stage_days'])).toBe(before);
    // In one file too: the same event twice is stored once.
    const twice = await importEvents(store, 'email,type,date\nowen.reid@pinecone.co.uk,open,2026-03-01 10:00\nOWEN.REID@pinecone.co.uk,Open,2026-03-01T10:00:00Z\n');
    expect(twice).toMatchObject({ rows: 2, created: 1, skipped: 1 });
  });

  it('numbers events alike on both engines: a dry run and skipped events use up no ids', async () => {
    const { store, target } = await withSampleLeads(engine);
    expect(await importEvents(store, fixture('brevo-events.csv'), { dryRun: true })).toMatchObject({ importId: null, created: 3 });
    await importEvents(store, fixture('brevo-events.csv'));
    await importEvents(store, fixture('brevo-events.csv'));
    const added = await addActivity(store, { ref: 'manon.lambert@atelier.fr', type: 'meeting', properties: {} }, who, shipped);
    expect(added.activity.id).toBe(4);
    expect(await queryTarget(target, 'SELECT id FROM activities ORDER BY id')).toEqual([1, 2, 3, 4].map((id) => ({ id })));
    expect(await queryTarget(target, 'SELECT id, kind FROM imports ORDER BY id')).toEqual([
      { id: 1, kind: 'leads' },
      { id: 2, kind: 'activities' },
      { id: 3, kind: 'activities' },
    ]);
  });

  it('reads the exports of HubSpot, Brevo, Mailchimp, Lemlist and a French file: types, dates and properties in bant’s words', async () => {
    const { store } = await withSampleLeads(engine);
    for (const name of ['hubspot-email-events.csv', 'brevo-events.csv', 'mailchimp-activity.csv', 'francais.csv']) {
      expect(await importEvents(store, fixture(name)), name).toMatchObject({ rejected: 0 });
    }
    const owen = await store.activities.forLead((await leadByEmail(store, 'owen.obrien@ledgerly.co.uk')).id);
    expect(owen.map((a) => a.type)).toEqual(['email_delivered', 'email_open', 'email_click']);
    expect(owen[2]).toMatchObject({ occurredAt: '2026-03-02T09:15:20.000Z', properties: { campaign: 'Spring launch', url: 'https://acme.io/pricing', Browser: 'Chrome' } });
    const manon = await store.activities.forLead((await leadByEmail(store, 'manon.lambert@atelier.fr')).id);
    expect(manon.map((a) => [a.type, a.occurredAt])).toEqual([
      ['email_open', '2026-03-05T11:20:00.000Z'],
      ['email_click', '2026-03-05T11:21:30.000Z'],
      ['demo_request', '2026-03-07T10:15:00.000Z'],
    ]);
    const gregoire = await store.activities.forLead((await leadByEmail(store, 'gregoire.martin@pharmacie.fr')).id);
    expect(gregoire.map((a) => a.type)).toEqual(['page_view', 'content_download', 'email_unsubscribe']);
    const amelia = await store.activities.forLead((await leadByEmail(store, 'amelia.yilmaz@quill.com')).id);
    expect(amelia[1]!.properties).toEqual({ 'First Name': 'Amelia', 'Last Name': 'Yilmaz', url: 'https://acme.io/blog/bant', campaign: 'March digest' });
  });

  it('an event of a lead bant does not know is rejected with its line, or creates that lead with --create-leads', async () => {
    const { store, target } = await withSampleLeads(engine);
    const refused = await importEvents(store, fixture('lemlist-activities.csv'));
    expect(refused).toMatchObject({ rows: 4, created: 3, rejected: 1, leadsCreated: 0, unscored: { email_sent: 1 } });
    expect(refused.firstRejections).toEqual([{ line: 5, error: expect.objectContaining({ key: 'activity.unknownLead', params: { lead: 'newcomer@orbit.io' } }) }]);
    const created = await importEvents(store, fixture('lemlist-activities.csv'), { createLeads: true });
    expect(created).toMatchObject({ rows: 4, created: 1, skipped: 3, rejected: 0, leadsCreated: 1 });
    const newcomer = await leadByEmail(store, 'newcomer@orbit.io');
    expect(newcomer).toMatchObject({ stage: 'lead', importId: 3, engagementScore: 0.9 });
    expect((await store.leads.history(newcomer.id)).map((change) => [change.toStage, change.cause])).toEqual([['lead', 'import']]);
    await expectStageDaysInStep(target);
  });

  it('rejects rows without an identity, a type or a readable date in the past, each with its line; refuses a file without such columns', async () => {
    const { store, target } = await withSampleLeads(engine);
    const result = await importEvents(
      store,
      'email,type,date\n,open,2026-03-01\nowen.reid@pinecone.co.uk,,2026-03-01\nowen.reid@pinecone.co.uk,open,someday\nowen.reid@pinecone.co.uk,open,2099-01-01\nowen.reid@pinecone.co.uk,!!,2026-03-01\nnot-an-email,open,2026-03-01\nowen.reid@pinecone.co.uk,open,2026-03-01\n',
    );
    expect(result).toMatchObject({ rows: 7, created: 1, rejected: 6 });
    expect(result.firstRejections.map((r) => [r.line, r.error.key])).toEqual([
      [2, 'activity.noIdentity'],
      [3, 'activity.noType'],
      [4, 'activity.badDate'],
      [5, 'activity.futureDate'],
      [6, 'activity.badType'],
      [7, 'lead.invalidEmail'],
    ]);
    const before = await snapshotTarget(target, ALL_TABLES);
    expect(await failure(() => importEvents(store, 'Name,type,date\nOwen,open,2026-03-01\n'))).toBe('3 activity.noIdentityColumn');
    expect(await failure(() => importEvents(store, 'email,date\na@b.co,2026-03-01\n'))).toBe('3 activity.noTypeColumn');
    expect(await failure(() => importEvents(store, 'email,type\na@b.co,open\n'))).toBe('3 activity.noDateColumn');
    expect(await failure(() => importEvents(store, 'email,type,date\nnobody@nowhere.io,open,2026-03-01\n'))).toBe('3 import.allRejected');
    expect(await snapshotTarget(target, ALL_TABLES)).toBe(before);
  });

  it('rescoring is part of the write: an import that fails after scoring leaves no event, no score and no move behind', async () => {
    const { store, target } = await withSampleLeads(engine);
    const before = await snapshotTarget(target, ALL_TABLES);
    // beforeCommit runs after the rescoring, inside the transaction (a rejects file that cannot be written).
    const failing = importEvents(store, fixture('mautic-timeline.csv'), {}, shipped, {
      beforeCommit: () => {
        throw new BantError('invalidInput', 'output.cannotWrite', { file: 'rejects.csv' });
      },
    });
    expect(await failure(() => failing)).toBe('3 output.cannotWrite');
    expect(await snapshotTarget(target, ALL_TABLES)).toBe(before);
    // The same import, not failing, did move leads: so the failing one had scored them, in its transaction.
    expect(await importEvents(store, fixture('mautic-timeline.csv'))).toMatchObject({ scoring: { toLead: 2 } });
  });

  it('an edit rescores the lead in its transaction, and a refused edit changes no score', async () => {
    const { store, target } = await withSampleLeads(engine);
    const grace = await leadByEmail(store, 'grace.morgan@vantage.io');
    // A CEO (20) of 260 people (10) in software (5).
    expect(grace).toMatchObject({ fitScore: 35 });
    const edited = await editLead(store, String(grace.id), { texts: { title: 'Office Manager', employees: '5000' }, set: {}, unset: [] }, who);
    expect(edited).toMatchObject({ fitScore: 25, score: 25, scoredAt: at });
    const before = await snapshotTarget(target, ALL_TABLES);
    expect(await failure(() => editLead(store, String(grace.id), { texts: { title: 'CEO', email: 'isla.fraser@atlas.io' }, set: {}, unset: [] }, who))).toBe('3 lead.duplicateEmail');
    expect(await snapshotTarget(target, ALL_TABLES)).toBe(before);
  });

  it('promotes only forward, and never touches mql, sql, customer, nurturing or disqualified leads', async () => {
    const { store } = await withSampleLeads(engine);
    const events = ['baptiste.barbier@energies.fr', 'chloe.girard@atelier.fr', 'felix.schmidt@cedar.co.uk', 'zara.thompson@vantage.co.uk', 'olivia.okafor@greenfield.io', 'grace.morgan@vantage.io']
      .map((email) => `${email},demo_request,2026-03-09 10:00\n${email},meeting_booked,2026-03-09 11:00`)
      .join('\n');
    await importEvents(store, `email,type,date\n${events}\n`);
    const stages = async () => Promise.all(['baptiste.barbier@energies.fr', 'chloe.girard@atelier.fr', 'felix.schmidt@cedar.co.uk', 'zara.thompson@vantage.co.uk', 'olivia.okafor@greenfield.io', 'grace.morgan@vantage.io'].map(async (email) => (await leadByEmail(store, email)).stage));
    expect(await stages()).toEqual(['mql', 'sql', 'customer', 'nurturing', 'disqualified', 'mql']);
    // Bad news afterwards: scores fall, stages stay.
    await importEvents(store, `email,type,date\ngrace.morgan@vantage.io,unsubscribed,2026-03-10 08:00\ngrace.morgan@vantage.io,spam,2026-03-10 08:01\n`);
    const grace = await leadByEmail(store, 'grace.morgan@vantage.io');
    expect(grace.stage).toBe('mql');
    expect(grace.engagementScore).toBeLessThan(0);
  });

  it('a nurturing lead that did something after its last qualification is re-engaged: due in the queue at once, until qualified again', async () => {
    const target = await freshTarget(engine);
    const nurture = fileWith('nurture.json', { ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': '6_12m' });
    await tellStory(target, [
      ['2026-01-05T09:00:00Z', ['leads', 'add', '--email', 'cto@orbit.io', '--title', 'CTO', '--employees', '400', '--stage', 'mql']],
      ['2026-01-06T09:00:00Z', ['activity', 'add', 'cto@orbit.io', 'email_click', '--at', '2026-01-05 10:00']],
      ['2026-01-07T09:00:00Z', ['qualify', 'cto@orbit.io', '--answers', nurture]],
      ['2026-01-08T09:00:00Z', ['score', '--all']],
    ]);
    const store = await openTargetStore(target);
    const queueIds = async (now: string) => (await store.leads.qualificationQueue(now.slice(0, 10), now, 10)).map((entry) => entry.lead.email);
    expect(await store.leads.get(1)).toMatchObject({ stage: 'nurturing', followUpOn: '2026-04-07', reengagedAt: null });
    expect(await queueIds('2026-01-20T09:00:00.000Z')).toEqual([]);
    // A demo asked for after the SDR's decision brings it over the threshold: re-engaged.
    await tellStory(target, [['2026-01-20T09:00:00Z', ['activity', 'add', 'cto@orbit.io', 'demo_request']]]);
    expect(await store.leads.get(1)).toMatchObject({ stage: 'nurturing', reengagedAt: '2026-01-20T09:00:00.000Z' });
    expect(await queueIds('2026-01-20T09:00:00.000Z')).toEqual(['cto@orbit.io']);
    // Qualified again: the SDR saw it; it waits for its new follow-up date.
    await tellStory(target, [['2026-01-21T09:00:00Z', ['qualify', 'cto@orbit.io', '--answers', nurture]]]);
    expect(await store.leads.get(1)).toMatchObject({ stage: 'nurturing', reengagedAt: null });
    expect(await queueIds('2026-01-21T10:00:00.000Z')).toEqual([]);
  });

  it('score --all walks every lead in pages, and scores them as of the day asked', async () => {
    const { store } = await openTestStore(engine);
    const rows = Array.from({ length: 4500 }, (_, i) => `lead${i}@acme${i % 7}.fr,${i % 3 ? 'CEO' : 'Intern'},${i % 5 ? 'lead' : 'prospect'}`);
    await importCsv(store, `email,title,stage\n${rows.join('\n')}\n`);
    await importEvents(store, 'email,type,date\nlead1@acme1.fr,demo_request,2026-03-01\nlead2@acme2.fr,demo_request,2025-01-01\n');
    const moment = { asOf: '2026-03-02T00:00:00.000Z', at, by: 'alice', today: '2026-03-10' };
    const dry = await scoreAllLeads(store, shipped, moment, { dryRun: true });
    expect(dry).toMatchObject({ scored: 4500, interrupted: false });
    const real = await scoreAllLeads(store, shipped, moment, { dryRun: false });
    expect(real.scored).toBe(4500);
    // A day old: 30 × 0.5^(1/90) = 29.8; 425 days old, faded by its 90-day half-life: 30 × 0.5^(425/90) = 1.1.
    expect(await leadByEmail(store, 'lead1@acme1.fr')).toMatchObject({ scoredAt: '2026-03-02T00:00:00.000Z', engagementScore: 29.8 });
    expect(await leadByEmail(store, 'lead2@acme2.fr')).toMatchObject({ engagementScore: 1.1 });
    expect((await scoreAllLeads(store, shipped, moment, { dryRun: false })).changed).toBe(0);
  });

  it('a lead whose own fields cross the threshold is promoted when imported, after its creation row', async () => {
    const { store, target } = await openTestStore(engine);
    const byTitle = prepareScoring(
      parseScoringModel({
        id: 'titles', version: 1, name: { en: 'Titles', fr: 'Titres' },
        fit: { cap: 50, rules: [{ id: 'ceo', label: { en: 'CEO', fr: 'PDG' }, when: { title: { equals: 'CEO' } }, points: 50 }] },
        engagement: { cap: 10, rules: [] },
        interest: ['email_open'],
        mql: { total: 40 },
      }),
    );
    await importCsv(store, 'email,title,stage\nboss@a.io,CEO,prospect\nclerk@a.io,Clerk,prospect\nother@a.io,CEO,sql\n', { scoring: byTitle.model });
    await importCsv(store, 'email,title\nclerk@a.io,CEO\nnew@a.io,CEO\n', { scoring: byTitle.model, onDuplicate: 'update' });
    const history = await queryTarget<{ email: string; to_stage: string; cause: string }>(
      target,
      'SELECT l.email, h.to_stage, h.cause FROM stage_history h JOIN leads l ON l.id = h.lead_id ORDER BY h.id',
    );
    expect(history).toEqual([
      { email: 'boss@a.io', to_stage: 'prospect', cause: 'import' },
      { email: 'clerk@a.io', to_stage: 'prospect', cause: 'import' },
      { email: 'other@a.io', to_stage: 'sql', cause: 'import' },
      { email: 'boss@a.io', to_stage: 'mql', cause: 'scoring' },
      { email: 'clerk@a.io', to_stage: 'mql', cause: 'scoring' },
      { email: 'new@a.io', to_stage: 'lead', cause: 'import' },
      { email: 'new@a.io', to_stage: 'mql', cause: 'scoring' },
    ]);
    expect(await queryTarget(target, 'SELECT email, fit_score, score FROM leads ORDER BY id')).toEqual([
      { email: 'boss@a.io', fit_score: 50, score: 50 },
      { email: 'clerk@a.io', fit_score: 50, score: 50 },
      { email: 'other@a.io', fit_score: 50, score: 50 },
      { email: 'new@a.io', fit_score: 50, score: 50 },
    ]);
    await expectStageDaysInStep(target);
    await expectReachedRankInStep(target);
  });

  it('forgetting a lead erases the properties of its activities and keeps the anonymous events', async () => {
    const { store, target } = await withSampleLeads(engine);
    await importEvents(store, fixture('mailchimp-activity.csv'));
    await tellStory(target, [[at, ['leads', 'forget', 'amelia.yilmaz@quill.com', '--yes']]]);
    expect(await queryTarget(target, "SELECT type, properties FROM activities WHERE properties = '{}' ORDER BY id")).toEqual([
      { type: 'email_open', properties: '{}' },
      { type: 'email_click', properties: '{}' },
    ]);
    expect(await queryTarget(target, "SELECT count(*) AS n FROM activities WHERE properties <> '{}'")).toEqual([{ n: 1 }]);
  });
});

describe.each(ENGINES)('schema step 7 on %s', (engine) => {
  it('clears the old lead score (an imported one, or the BANT score its qualification keeps) and gives leads their lead score at the next scoring', async () => {
    const target = await freshTarget(engine);
    const insert = `INSERT INTO leads (email, title, employees, stage, score, created_at, updated_at, stage_changed_at) VALUES
      ('was.imported@acme.fr', 'CTO', 300, 'lead', 62.5, '2026-01-01', '2026-01-01', '2026-01-01'),
      ('was.qualified@acme.fr', NULL, NULL, 'sql', 87.5, '2026-01-01', '2026-01-01', '2026-01-01')`;
    if (engine === 'sqlite') {
      const db = openSqliteDatabase(target, { migrateTo: 6 });
      db.exec(insert);
      db.close();
    } else {
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      await migratePostgres(client, 'test', 6);
      await client.query(insert);
      await client.end();
    }
    const store = await openTargetStore(target);
    expect(await queryTarget(target, 'SELECT email, score, fit_score FROM leads ORDER BY id')).toEqual([
      { email: 'was.imported@acme.fr', score: null, fit_score: null },
      { email: 'was.qualified@acme.fr', score: null, fit_score: null },
    ]);
    await scoreAllLeads(store, shipped, { asOf: at, at, by: 'alice', today: '2026-03-10' }, { dryRun: false });
    expect(await queryTarget(target, 'SELECT email, score, fit_score FROM leads ORDER BY id')).toEqual([
      { email: 'was.imported@acme.fr', score: 30, fit_score: 30 },
      { email: 'was.qualified@acme.fr', score: 0, fit_score: 0 },
    ]);
  });
});
