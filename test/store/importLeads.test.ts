// The import use case on a real store of each engine (SQLite's prepared statements, PostgreSQL's COPY).

import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, openTestStore, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { expectReachedRankInStep, expectStageDaysInStep, importCsv as run } from '../helpers/storeChecks.js';

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
