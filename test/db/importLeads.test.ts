import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { importLeads, type ImportOptions } from '../../src/import/importLeads.js';
import { testDb, who } from '../helpers/testDb.js';

const defaults: ImportOptions = { onDuplicate: 'skip', stage: 'lead', nullValues: [], dryRun: false };

async function* chunks(text: string, size = 17) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function run(t: ReturnType<typeof testDb>, text: string, options: Partial<ImportOptions> = {}) {
  return importLeads(t.db, chunks(text), 'test.csv', { ...defaults, ...options }, who);
}

const everything = (t: ReturnType<typeof testDb>) =>
  JSON.stringify([t.db.prepare('SELECT * FROM leads ORDER BY id').all(), t.db.prepare('SELECT * FROM stage_history ORDER BY id').all(), t.db.prepare('SELECT * FROM imports').all()]);

describe('importing into a real SQLite file', () => {
  it('creates leads with an import id and one history row each, cause import', async () => {
    const t = testDb();
    const result = await run(t, 'email,first_name,stage,campaign\njeanne@acme.fr,Jeanne,mql,Q1\npaul@acme.fr,Paul,,\n');
    expect(result).toMatchObject({ rows: 2, created: 2, updated: 0, skipped: 0, rejected: 0, importId: 1 });
    const jeanne = t.leads.findLead({ kind: 'email', email: 'jeanne@acme.fr' })!;
    expect(jeanne).toMatchObject({ stage: 'mql', importId: 1, custom: { campaign: 'Q1' } });
    expect(t.leads.findLead({ kind: 'email', email: 'paul@acme.fr' })).toMatchObject({ stage: 'lead', custom: {} });
    expect(t.leads.stageHistory(jeanne.id)).toEqual([expect.objectContaining({ fromStage: null, toStage: 'mql', cause: 'import', by: 'alice' })]);
    expect(t.db.prepare('SELECT source, rows, created FROM imports').get()).toEqual({ source: 'test.csv', rows: 2, created: 2 });
  });

  it('gives nurturing leads a follow-up date, and uses --source and --owner where rows have none', async () => {
    const t = testDb();
    await run(t, 'email,stage,source\na@b.co,nurturing,\nb@c.co,lead,webinar\n', { source: 'salon', owner: 'bob' });
    expect(t.leads.findLead({ kind: 'email', email: 'a@b.co' })).toMatchObject({ followUpOn: '2026-12-20', source: 'salon', owner: 'bob' });
    expect(t.leads.findLead({ kind: 'email', email: 'b@c.co' })).toMatchObject({ followUpOn: null, source: 'webinar' });
  });

  it('skips duplicates in the file and in the database, by email in any case, else external id', async () => {
    const t = testDb();
    await run(t, 'email,external_id,first_name\njeanne@acme.fr,,Jeanne\n,SF-1,\n');
    const result = await run(t, 'email,external_id,first_name\nJEANNE@acme.fr,,Other\n,SF-1,X\nnew@acme.fr,,New\nnew@acme.fr,,Twice\n');
    expect(result).toMatchObject({ rows: 4, created: 1, skipped: 3, rejected: 0 });
    expect(t.leads.findLead({ kind: 'email', email: 'jeanne@acme.fr' })?.firstName).toBe('Jeanne');
  });

  it('running the same import twice changes nothing the second time', async () => {
    const t = testDb();
    const text = 'email,first_name,stage\na@b.co,A,mql\nb@c.co,B,lead\n';
    await run(t, text);
    const leadsBefore = JSON.stringify(t.db.prepare('SELECT * FROM leads').all());
    expect(await run(t, text)).toMatchObject({ created: 0, skipped: 2 });
    expect(JSON.stringify(t.db.prepare('SELECT * FROM leads').all())).toBe(leadsBefore);
  });

  it('updates with non-empty values only, merges custom fields, and never blanks a field', async () => {
    const t = testDb();
    await run(t, 'email,first_name,title,phone,team\njeanne@acme.fr,Jeanne,CTO,0102,blue\n');
    const result = await run(t, 'email,first_name,title,phone,budget\njeanne@acme.fr,,CEO,,Q1\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, created: 0 });
    expect(t.leads.findLead({ kind: 'email', email: 'jeanne@acme.fr' })).toMatchObject({
      firstName: 'Jeanne', title: 'CEO', phone: '0102', custom: { team: 'blue', budget: 'Q1' },
    });
  });

  it('on update, moves the stage when the table allows it and rejects the row when it does not', async () => {
    const t = testDb();
    await run(t, 'email,stage\na@b.co,lead\nb@c.co,mql\n');
    const result = await run(t, 'email,stage\na@b.co,mql\nb@c.co,customer\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, rejected: 1 });
    expect(result.firstRejections[0]).toMatchObject({ line: 3, error: { key: 'import.forbiddenMove' } });
    const a = t.leads.findLead({ kind: 'email', email: 'a@b.co' })!;
    expect(t.leads.stageHistory(a.id).map((c) => [c.fromStage, c.toStage, c.cause])).toEqual([[null, 'lead', 'import'], ['lead', 'mql', 'import']]);
  });

  it('keeps the days per stage in step with the leads through creations and moves', async () => {
    const t = testDb();
    await run(t, 'email,stage\na@b.co,lead\nb@c.co,mql\nc@d.co,prospect\n');
    await run(t, 'email,stage\na@b.co,mql\nd@e.co,lead\nd@e.co,mql\n', { onDuplicate: 'update' });
    await run(t, 'email\nx@y.co\n', { dryRun: true });
    const kept = t.db.prepare('SELECT stage, day, count FROM stage_days WHERE count <> 0 ORDER BY 1, 2').all();
    const counted = t.db.prepare('SELECT stage, substr(stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads GROUP BY 1, 2 ORDER BY 1, 2').all();
    expect(kept).toEqual(counted);
  });

  it('a lead created and updated by the same file has one history row, at its final stage', async () => {
    const t = testDb();
    await run(t, 'email,stage,title\na@b.co,lead,\na@b.co,mql,CEO\n', { onDuplicate: 'update' });
    const a = t.leads.findLead({ kind: 'email', email: 'a@b.co' })!;
    expect(a).toMatchObject({ stage: 'mql', title: 'CEO' });
    expect(t.leads.stageHistory(a.id).map((c) => c.toStage)).toEqual(['mql']);
  });

  it('rejects a row whose external id belongs to another lead than its email', async () => {
    const t = testDb();
    await run(t, 'email,external_id\na@b.co,X1\nb@c.co,X2\n');
    const result = await run(t, 'email,external_id\na@b.co,X2\n', { onDuplicate: 'update' });
    expect(result.firstRejections[0]?.error.key).toBe('import.externalIdTaken');
  });

  it('a lead known only by its name is the same lead as another with that name: a list of names imported twice creates nothing', async () => {
    const t = testDb();
    const names = 'Prénom;Nom;Société\nHélène;Dupré;Boulangerie Dupré\nPaul;;Acme\n;;Northwind\nJean Pierre;Martin;ACME\n';
    expect(await run(t, names)).toMatchObject({ created: 4, skipped: 0 });
    expect(await run(t, names)).toMatchObject({ created: 0, skipped: 4 });
    // Case, accents and spaces ignored; inside one file too.
    const respelled = 'Prénom;Nom;Société\nHELENE;Dupre;Boulangerie  dupré\nJeanPierre;MARTIN;acme\nJean-Pierre;Martin;Acme\n';
    expect(await run(t, respelled)).toMatchObject({ created: 1, skipped: 2 });
    expect(t.db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 5 });
  });

  it('a name-only row updates the lead with that name, which keeps its own spelling of it', async () => {
    const t = testDb();
    await run(t, 'first_name,last_name,company,title\nHélène,Dupré,Boulangerie Dupré,Gérante\n');
    const result = await run(t, 'first_name,last_name,company,title,stage\nHELENE,DUPRE,boulangerie dupre,Directrice,mql\n', { onDuplicate: 'update' });
    expect(result).toMatchObject({ updated: 1, created: 0 });
    const leads = t.db.prepare('SELECT first_name, last_name, company, title, stage FROM leads').all();
    expect(leads).toEqual([{ first_name: 'Hélène', last_name: 'Dupré', company: 'Boulangerie Dupré', title: 'Directrice', stage: 'mql' }]);
  });

  it('a row with an email is never taken for a name-only lead, nor the other way round', async () => {
    const t = testDb();
    await run(t, 'email,first_name,company\n,Paul,Acme\npaul@acme.fr,Paul,Acme\n');
    expect(await run(t, 'email,first_name,company\n,Paul,Acme\npaul@acme.fr,Paul,Acme\n')).toMatchObject({ created: 0, skipped: 2 });
    expect(t.db.prepare('SELECT email, name_key FROM leads ORDER BY id').all()).toEqual([
      { email: null, name_key: 'paul acme' },
      { email: 'paul@acme.fr', name_key: null },
    ]);
  });

  it('always adds up: rows = created + updated + skipped + rejected', async () => {
    const t = testDb();
    const result = await run(t, 'email,employees\na@b.co,1\na@b.co,2\nbad,3\nc@d.co,x\nd@e.co,4\n');
    expect(result.rows).toBe(5);
    expect(result.created + result.updated + result.skipped + result.rejected).toBe(5);
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const t = testDb();
    const before = everything(t);
    expect(await run(t, 'email\na@b.co\nb@c.co\n', { dryRun: true })).toMatchObject({ created: 2, importId: null, dryRun: true });
    expect(everything(t)).toBe(before);
  });

  it('a bad file writes nothing, even after good rows', async () => {
    const t = testDb();
    await run(t, 'email\nfirst@b.co\n');
    const before = everything(t);
    await expect(run(t, 'email,notes\na@b.co,fine\nb@c.co,"never closed\n')).rejects.toThrow(BantError);
    expect(everything(t)).toBe(before);
    expect(t.db.inTransaction).toBe(false);
  });

  it('turns foreign keys back on after an import, whether it succeeded or failed', async () => {
    const t = testDb();
    await run(t, 'email\na@b.co\n');
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await expect(run(t, 'email,notes\nb@c.co,"open\n')).rejects.toThrow(BantError);
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
  });
});
