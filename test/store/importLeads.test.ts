// The import use case on a real store of each engine (SQLite's prepared statements, PostgreSQL's COPY).

import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { LEAD_FIELDS } from '../../src/domain/lead.js';
import { NewLeadTextBatch } from '../../src/store/newLeadTextRows.js';
import type { Engine, Store } from '../../src/store/store.js';
import { ENGINES, openTestStore, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { expectReachedRankInStep, expectStageDaysInStep, importCsv as run, who } from '../helpers/storeChecks.js';

const byEmail = async (store: Store, email: string) => store.leads.find({ kind: 'email', email });

describe.each(ENGINES)('importing on %s', (engine) => {
  it('creates leads with an import id and one history row each, cause import', async () => {
    const { store, target } = await openTestStore(engine);
    const result = await run(store, 'email,first_name,stage,campaign\njeanne@acme.fr,Jeanne,mql,Q1\npaul@acme.fr,Paul,,\n');
    expect(result).toMatchObject({ rows: 2, created: 2, updated: 0, skipped: 0, rejected: 0, importId: 1 });
    const jeanne = (await byEmail(store, 'jeanne@acme.fr'))!;
    expect(jeanne).toMatchObject({ stage: 'mql', importId: 1, custom: { campaign: 'Q1' } });
    expect(await byEmail(store, 'paul@acme.fr')).toMatchObject({ stage: 'lead', custom: {} });
    expect(await store.leads.history(jeanne.id)).toEqual([expect.objectContaining({ fromStage: null, toStage: 'mql', cause: 'import', by: 'alice' })]);
    expect(await queryTarget(target, 'SELECT source, rows, created FROM imports')).toEqual([{ source: 'test.csv', rows: 2, created: 2 }]);
  });

  it('gives nurturing leads a follow-up date, and uses --source and --owner where rows have none', async () => {
    const { store } = await openTestStore(engine);
    await run(store, 'email,stage,source\na@b.co,nurturing,\nb@c.co,lead,webinar\n', { source: 'salon', owner: 'bob' });
    expect(await byEmail(store, 'a@b.co')).toMatchObject({ followUpOn: '2026-12-20', source: 'salon', owner: 'bob' });
    expect(await byEmail(store, 'b@c.co')).toMatchObject({ followUpOn: null, source: 'webinar' });
  });

  it('skips duplicates in the file and in the database, by email in any case, else external id', async () => {
    const { store } = await openTestStore(engine);
    await run(store, 'email,external_id,first_name\njeanne@acme.fr,,Jeanne\n,SF-1,\n');
    const duplicates: [number, number, string][] = [];
    const result = await run(store, 'email,external_id,first_name\nJEANNE@acme.fr,,Other\n,SF-1,X\nnew@acme.fr,,New\nnew@acme.fr,,Twice\n');
    expect(result).toMatchObject({ rows: 4, created: 1, skipped: 3, rejected: 0 });
    expect((await byEmail(store, 'jeanne@acme.fr'))?.firstName).toBe('Jeanne');
    expect((await byEmail(store, 'new@acme.fr'))?.firstName).toBe('New');
    // Which lead each skipped line repeats, for the user.
    await run(store, 'email,external_id\nJEANNE@acme.fr,\n,SF-1\nfresh@acme.fr,\nfresh@acme.fr,\n', { listSkipped: true }, undefined, {
      onSkip: (fields, skipped) => duplicates.push([skipped.line, skipped.duplicateOf.id, fields.join('|')]),
    });
    expect(duplicates).toEqual([[2, 1, 'JEANNE@acme.fr|'], [3, 2, '|SF-1'], [5, 4, 'fresh@acme.fr|']]);
  });

  it('refuses a row holding a NUL character, which PostgreSQL cannot store, and writes the others, alike on both engines', async () => {
    // Past the 64 KB the reader sniffs (a NUL there makes the whole file binary).
    const rows = Array.from({ length: 2000 }, (_, index) => `lead${index}@acme.fr,Name ${index},Company number ${index}`);
    rows[1500] = 'lead1500@acme.fr,Na\u0000me,Company';
    const result = await run((await openTestStore(engine)).store, `email,first_name,company\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ rows: 2000, created: 1999, rejected: 1 });
  });

  it('running the same import twice changes nothing the second time', async () => {
    const { store, target } = await openTestStore(engine);
    const text = 'email,first_name,stage\na@b.co,A,mql\nb@c.co,B,lead\n';
    await run(store, text);
    const leadsBefore = JSON.stringify(await queryTarget(target, 'SELECT * FROM leads ORDER BY id'));
    expect(await run(store, text)).toMatchObject({ created: 0, skipped: 2 });
    expect(JSON.stringify(await queryTarget(target, 'SELECT * FROM leads ORDER BY id'))).toBe(leadsBefore);
  });

  it('updates with non-empty values only, merges custom fields, and never blanks a field', async () => {
    const { store } = await openTestStore(engine);
    await run(store, 'email,first_name,title,phone,team\njeanne@acme.fr,Jeanne,CTO,0102,blue\n');
    const result = await run(store, 'email,first_name,title,phone,budget\njeanne@acme.fr,,CEO,,Q1\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, created: 0 });
    const jeanne = (await byEmail(store, 'jeanne@acme.fr'))!;
    expect(jeanne).toMatchObject({ firstName: 'Jeanne', title: 'CEO', phone: '0102', custom: { team: 'blue', budget: 'Q1' } });
    expect(Object.keys(jeanne.custom)).toEqual(['team', 'budget']);
  });

  it('on update, moves the stage when the table allows it and rejects the row when it does not', async () => {
    const { store } = await openTestStore(engine);
    await run(store, 'email,stage\na@b.co,lead\nb@c.co,mql\n');
    const result = await run(store, 'email,stage\na@b.co,mql\nb@c.co,customer\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, rejected: 1 });
    expect(result.firstRejections[0]).toMatchObject({ line: 3, error: { key: 'import.forbiddenMove' } });
    const a = (await byEmail(store, 'a@b.co'))!;
    expect((await store.leads.history(a.id)).map((c) => [c.fromStage, c.toStage, c.cause])).toEqual([[null, 'lead', 'import'], ['lead', 'mql', 'import']]);
  });

  it('keeps the days per stage and the furthest step in step with the leads through creations and moves', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email,stage\na@b.co,lead\nb@c.co,mql\nc@d.co,prospect\n');
    await run(store, 'email,stage\na@b.co,mql\nd@e.co,lead\nd@e.co,mql\n', { onDuplicate: 'update' }, { at: '2026-11-25T10:00:00.000Z', by: 'bob', today: '2026-11-25' });
    await run(store, 'email\nx@y.co\n', { dryRun: true });
    await expectStageDaysInStep(target);
    expect(await expectReachedRankInStep(target)).toEqual([2, 2, 0, 2]);
  });

  it('a lead created and updated by the same file has one history row, at its final stage', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email,stage,title\na@b.co,lead,\na@b.co,mql,CEO\n', { onDuplicate: 'update' });
    const a = (await byEmail(store, 'a@b.co'))!;
    expect(a).toMatchObject({ stage: 'mql', title: 'CEO' });
    expect((await store.leads.history(a.id)).map((c) => c.toStage)).toEqual(['mql']);
    await expectStageDaysInStep(target);
  });

  it('rejects a row whose external id belongs to another lead than its email', async () => {
    const { store } = await openTestStore(engine);
    await run(store, 'email,external_id\na@b.co,X1\nb@c.co,X2\n');
    const result = await run(store, 'email,external_id\na@b.co,X2\nc@d.co,X3\n', { onDuplicate: 'update' });
    expect(result.firstRejections[0]?.error.key).toBe('import.externalIdTaken');
    expect(result.created).toBe(1);
  });

  it('a lead known only by its name is the same lead as another with that name: a list of names imported twice creates nothing', async () => {
    const { store, target } = await openTestStore(engine);
    const names = 'Prénom;Nom;Société\nHélène;Dupré;Boulangerie Dupré\nPaul;;Acme\n;;Northwind\nJean Pierre;Martin;ACME\n';
    expect(await run(store, names)).toMatchObject({ created: 4, skipped: 0 });
    expect(await run(store, names)).toMatchObject({ created: 0, skipped: 4 });
    // Case, accents and spaces ignored; inside one file too.
    const respelled = 'Prénom;Nom;Société\nHELENE;Dupre;Boulangerie  dupré\nJeanPierre;MARTIN;acme\nJean-Pierre;Martin;Acme\n';
    expect(await run(store, respelled)).toMatchObject({ created: 1, skipped: 2 });
    expect(await queryTarget(target, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 5 }]);
  });

  it('a name-only row updates the lead with that name, which keeps its own spelling of it', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'first_name,last_name,company,title\nHélène,Dupré,Boulangerie Dupré,Gérante\n');
    const result = await run(store, 'first_name,last_name,company,title,stage\nHELENE,DUPRE,boulangerie dupre,Directrice,mql\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, created: 0 });
    expect(await queryTarget(target, 'SELECT first_name, last_name, company, title, stage FROM leads')).toEqual([
      { first_name: 'Hélène', last_name: 'Dupré', company: 'Boulangerie Dupré', title: 'Directrice', stage: 'mql' },
    ]);
  });

  it('a row with an email is never taken for a name-only lead, nor the other way round', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email,first_name,company\n,Paul,Acme\npaul@acme.fr,Paul,Acme\n');
    expect(await run(store, 'email,first_name,company\n,Paul,Acme\npaul@acme.fr,Paul,Acme\n')).toMatchObject({ created: 0, skipped: 2 });
    expect(await queryTarget(target, 'SELECT email, name_key FROM leads ORDER BY id')).toEqual([
      { email: null, name_key: 'paul acme' },
      { email: 'paul@acme.fr', name_key: null },
    ]);
  });

  it('always adds up: rows = created + updated + skipped + rejected', async () => {
    const { store } = await openTestStore(engine);
    const result = await run(store, 'email,employees\na@b.co,1\na@b.co,2\nbad,3\nc@d.co,x\nd@e.co,4\n');
    expect(result.rows).toBe(5);
    expect(result.created + result.updated + result.skipped + result.rejected).toBe(5);
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email\nfirst@b.co\n');
    const before = await snapshotTarget(target);
    expect(await run(store, 'email\na@b.co\nb@c.co\n', { dryRun: true })).toMatchObject({ created: 2, importId: null, dryRun: true });
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('a bad file writes nothing, even after good rows, and the store takes the next import', async () => {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email\nfirst@b.co\n');
    const before = await snapshotTarget(target);
    await expect(run(store, 'email,notes\na@b.co,fine\nb@c.co,"never closed\n')).rejects.toThrow(BantError);
    expect(await snapshotTarget(target)).toBe(before);
    // Found after whole segments of rows were sent, and one still open (PostgreSQL): the same.
    const good = Array.from({ length: 40_000 }, (_, i) => `lead${i}@acme.fr,fine`).join('\n');
    await expect(run(store, `email,notes\n${good}\nb@c.co,"never closed\n`)).rejects.toThrow(BantError);
    expect(await snapshotTarget(target)).toBe(before);
    expect(await run(store, 'email\nsecond@b.co\n')).toMatchObject({ created: 1 });
  });

  it('many rows in a few batches: the same counts, one history row each, ids in file order', async () => {
    const { store, target } = await openTestStore(engine);
    const rows = Array.from({ length: 12_000 }, (_, i) => `lead${i}@acme.fr,${['lead', 'mql', 'prospect'][i % 3]}`);
    rows.splice(5_000, 0, 'lead7@acme.fr,mql'); // a duplicate in the middle of a batch
    const result = await run(store, `email,stage\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ rows: 12_001, created: 12_000, skipped: 1 });
    expect(await queryTarget(target, 'SELECT count(*) AS n FROM stage_history')).toEqual([{ n: 12_000 }]);
    // Ids follow the file's lines (whether skipped rows leave gaps in the numbers is checked end to end, in import.e2e).
    const emails = await queryTarget<{ email: string }>(target, 'SELECT email FROM leads ORDER BY id');
    expect(emails.map((row) => Number(row.email.slice(4, -8)))).toEqual(Array.from({ length: 12_000 }, (_, i) => i));
    await expectStageDaysInStep(target);
  });
});

/**
 * PostgreSQL sends new leads in segments of rows without waiting for the server, and sends a segment the
 * careful way once a duplicate fails it (and every segment sent after it): whatever the segment a duplicate,
 * a rejected row or an odd value falls in, both engines end with the same leads, history, counts and numbers,
 * and tell the same rejected and skipped rows in the same order.
 */
describe('a long file with duplicates in several segments, on both engines', () => {
  const ROWS = 60_000;
  function longFile(): string {
    const lines = ['email,external_id,first_name,last_name,company,stage,follow_up_on,employees,note'];
    for (let i = 0; i < ROWS; i++) {
      let row = `lead${i}@acme.fr,CRM-${i},First${i},Last${i},Company ${i % 7},${['lead', 'mql', 'prospect', 'nurturing'][i % 4]},${i % 4 === 3 ? '2027-01-15' : ''},${i % 500},n${i}`;
      if (i === 10) row = 'tab@acme.fr,,Tab,"A\tB",Co,lead,,,"x\ty"';
      if (i === 11) row = 'slash@acme.fr,,Back,"C:\\dir\\N",Co,lead,,,\\N';
      if (i === 12) row = 'lines@acme.fr,,Line,"one\ntwo\r\nthree",Co,lead,,,"a\rb"';
      if (i === 13) row = 'emoji@acme.fr,,Émile,😀 Lee,Ça & Co,lead,,,"déjà ""vu"""';
      if (i === 20_000 || i === 52_000) row = `not-an-email-${i},,X,Y,Z,lead,,,`;
      if (i === 30_100) row = 'LEAD5@acme.fr,,Again,Five,Co,mql,,,'; // the file repeats a lead of its first segment
      if (i === 45_000) row = 'known@acme.fr,,Known,Again,Co,mql,,,'; // a lead of the database
      if (i === 47_000) row = ',KNOWN-ID,,,,lead,,,'; // by external id
      if (i === 55_000) row = `lead30000@acme.fr,,Twice,Late,Co,lead,,,`;
      if (i === 58_000) row = ',,Ann,Lee,Acme,lead,,,'; // a lead known only by its name
      if (i === 58_001) row = ',,New,Name,Only Co,lead,,,';
      if (i === 59_999) row = ',,new,name,ONLY CO,mql,,,'; // the same name, within the file
      lines.push(row);
    }
    return `${lines.join('\n')}\n`;
  }

  async function story(engine: Engine) {
    const { store, target } = await openTestStore(engine);
    await run(store, 'email,external_id,first_name,last_name,company\nknown@acme.fr,,K,,\n,KNOWN-ID,,,Held\n,,ann,LEE,acme\n');
    const told: string[] = [];
    const result = await run(store, longFile(), { listSkipped: true }, undefined, {
      onReject: (fields, rejection) => told.push(`reject ${rejection.line} ${rejection.error.key} ${fields[0]}`),
      onSkip: (fields, skipped) => told.push(`skip ${skipped.line} #${skipped.duplicateOf.id} ${fields.join('|')}`),
    });
    const again = await run(store, `email,first_name\n${Array.from({ length: 30_000 }, (_, i) => `lead${i * 2}@acme.fr,Again`).join('\n')}\nfresh@acme.fr,Fresh\n`);
    const tables = {
      leads: await queryTarget(target, `SELECT id, email, external_id, first_name, last_name, company, stage, reached_rank, follow_up_on, employees, custom, name_key,
                                               fit_score, engagement_score, score, scored_at, import_id, created_at, updated_at, stage_changed_at FROM leads ORDER BY id`),
      history: await queryTarget(target, 'SELECT id, lead_id, from_stage, to_stage, at, by, reason, cause FROM stage_history ORDER BY id'),
      stageDays: await queryTarget(target, 'SELECT stage, day, count FROM stage_days ORDER BY stage, day'),
      imports: await queryTarget(target, 'SELECT id, rows, created, updated, skipped, rejected FROM imports ORDER BY id'),
    };
    await expectStageDaysInStep(target);
    return { result, again, told, tables };
  }

  it('gives the same leads, history, counts and told rows', async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map(story));
    expect(sqlite!.result).toMatchObject({ rows: ROWS, rejected: 2, skipped: 6, created: ROWS - 8 });
    // Nine of the even leads were replaced by odd rows in the long file: they are new.
    expect(sqlite!.again).toMatchObject({ rows: 30_001, created: 10, skipped: 29_991 });
    expect(postgres!.result).toEqual(sqlite!.result);
    expect(postgres!.again).toEqual(sqlite!.again);
    expect(postgres!.told).toEqual(sqlite!.told);
    // Lines count the line breaks inside quoted fields (three, at the top of the file); lead5 is the ninth lead.
    expect(sqlite!.told.slice(0, 3)).toEqual(['reject 20005 lead.invalidEmail not-an-email-20000', 'skip 30105 #9 LEAD5@acme.fr||Again|Five|Co|mql|||', 'skip 45005 #1 known@acme.fr||Known|Again|Co|mql|||']);
    for (const table of ['leads', 'history', 'stageDays', 'imports'] as const) expect(postgres!.tables[table], table).toEqual(sqlite!.tables[table]);
    const odd = (email: string) => sqlite!.tables.leads.find((lead) => lead.email === email);
    expect(odd('tab@acme.fr')).toMatchObject({ last_name: 'A\tB', custom: '{"note":"x\\ty"}' });
    expect(odd('slash@acme.fr')).toMatchObject({ last_name: 'C:\\dir\\N', custom: '{"note":"\\\\N"}' });
    expect(odd('lines@acme.fr')).toMatchObject({ last_name: 'one\ntwo\nthree' });
    expect(odd('emoji@acme.fr')).toMatchObject({ first_name: 'Émile', last_name: '😀 Lee', company: 'Ça & Co', custom: '{"note":"déjà \\"vu\\""}' });
  });
});

describe('PostgreSQL: batches handed over before the ones before them are written', () => {
  it('a duplicate fails its segment and every segment sent after it, the open one too; all of them are written the careful way, in order', async () => {
    const { store, target } = await openTestStore('postgres');
    const batch = (from: number, count: number, extra: string[] = []) => {
      const rows = new NewLeadTextBatch(who.at, who.by);
      const add = (email: string, line: number) =>
        rows.add({ values: LEAD_FIELDS.map((field) => (field.name === 'email' ? email : null)), nameKey: null, stage: 'lead', followUpOn: null, scores: null, customJson: '{}', createdAt: who.at }, line);
      for (let i = from; i < from + count; i++) add(`lead${i}@acme.fr`, i + 2);
      extra.forEach((email, index) => add(email, from + count + index + 2));
      return rows.take();
    };
    const skippedLines = await store.transaction(async (tx) => {
      const writer = await tx.imports.begin({ source: 'test.csv', at: who.at, by: who.by, options: {}, dryRun: false });
      // Three segments sent at once and a fourth still open, none written yet: the second repeats a lead of
      // the first, the fourth one of its own.
      const handed = [batch(0, 25_000), batch(25_000, 25_000, ['lead7@acme.fr']), batch(50_000, 25_000), batch(75_000, 10, ['lead75000@acme.fr'])].map((rows) =>
        writer.createOrSkipTextRows!(rows, { describeDuplicates: true }),
      );
      await handed[1]!.written;
      await writer.finishCreations();
      const skipped = await Promise.all(handed.map(({ written }) => written));
      await writer.finish({ rows: 75_012, created: 75_010, updated: 0, skipped: 2, rejected: 0 }, who.at);
      return skipped.map((rows) => rows.map(({ line, duplicateOf }) => [line, duplicateOf?.id]));
    });
    expect(skippedLines).toEqual([[], [[50_002, 8]], [], [[75_012, 75_001]]]);
    const leads = await queryTarget<{ id: number; email: string }>(target, 'SELECT id, email FROM leads ORDER BY id');
    expect(leads).toHaveLength(75_010);
    expect(leads.every(({ id, email }) => email === `lead${id - 1}@acme.fr`)).toBe(true);
    expect(await queryTarget(target, 'SELECT count(*) AS n FROM stage_history WHERE id <> lead_id')).toEqual([{ n: 0 }]);
    await expectStageDaysInStep(target);
  });
});
