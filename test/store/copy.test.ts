// A whole database from one engine to the other through the store (what `bant db copy` is made of):
// dump.counts and dump.rows on the source, copy.insertRows and finishCopy on the target, in one transaction.
// SQLite → PostgreSQL → SQLite gives back the same rows, and the copies go on as if born there.

import { describe, expect, it } from 'vitest';
import { addLead } from '../../src/leads/addLead.js';
import { changeLeadStage } from '../../src/leads/changeLeadStage.js';
import { COPIED_TABLES, type CopiedTable, type Engine, type PlainRow, type Store } from '../../src/store/store.js';
import { freshTarget, openTargetStore, queryTarget } from '../helpers/engines.js';
import { bantAt } from '../helpers/runInProcess.js';
import { expectCriterionDaysInStep, expectReachedRankInStep, expectStageDaysInStep, importCsv, who, keptBant } from '../helpers/storeChecks.js';
import { fullStory } from '../helpers/stories.js';

/** The full story, plus what a story through finished commands leaves out: a draft, and a live claim. */
async function seeded(engine: Engine): Promise<Store> {
  const store = await openTargetStore(await fullStory(engine));
  await store.transaction(async (tx) => {
    const draft = await tx.qualifications.startDraft(8, 'dana', await keptBant(tx, '2026-03-09T15:00:00.000Z'), '2026-03-09T15:00:00.000Z');
    await tx.qualifications.saveAnswer(draft, 'budget.status', 'allocated');
    await tx.qualifications.saveAnswer(draft, 'budget.amount', null); // an optional question skipped
    await tx.qualifications.saveNote(draft, 'budget', 'Signed off by the CFO, "urgent"\ttab and\nnew line \\ backslash');
    await tx.qualifications.claim({ leadId: 8, sdr: 'dana', claimedAt: '2026-03-09T15:00:00.000Z', expiresAt: '2026-03-09T15:30:00.000Z' }, '2026-03-09T15:00:00.000Z');
  });
  return store;
}

async function copyAll(from: Store, to: Store): Promise<void> {
  await to.transaction(
    async (tx) => {
      for (const { name } of COPIED_TABLES) for await (const rows of from.dump.rows(name)) await tx.copy.insertRows(name, rows);
      await tx.copy.finishCopy();
    },
    { bulk: true },
  );
}

async function allRows(store: Store): Promise<Record<CopiedTable, PlainRow[]>> {
  const tables = {} as Record<CopiedTable, PlainRow[]>;
  for (const { name } of COPIED_TABLES) {
    tables[name] = [];
    for await (const rows of store.dump.rows(name)) tables[name].push(...rows);
  }
  return tables;
}

async function emptyStore(engine: Engine): Promise<Store> {
  return openTargetStore(await freshTarget(engine));
}

describe.each([['sqlite', 'postgres'], ['postgres', 'sqlite']] as const)('a database copied from %s to %s', (from, to) => {
  it('arrives whole: the same counts and the same rows, table by table, and back again', async () => {
    const source = await seeded(from);
    const counts = await source.dump.counts();
    for (const { name } of COPIED_TABLES) expect(counts[name], name).toBeGreaterThan(0);
    const target = await emptyStore(to);
    await copyAll(source, target);
    expect(await target.dump.counts()).toEqual(counts);
    const rows = await allRows(source);
    const copied = await allRows(target);
    for (const { name } of COPIED_TABLES) expect(copied[name], name).toEqual(rows[name]);

    const back = await emptyStore(from);
    await copyAll(target, back);
    const returned = await allRows(back);
    for (const { name } of COPIED_TABLES) expect(returned[name], name).toEqual(rows[name]);
  });

  it('the copy reads as the original: the same lead, history, qualifications, draft, claim and reports', async () => {
    const source = await seeded(from);
    const target = await emptyStore(to);
    await copyAll(source, target);
    for (const id of [1, 3, 8, 61, 62]) {
      expect(await target.leads.get(id)).toEqual(await source.leads.get(id));
      expect(await target.leads.history(id)).toEqual(await source.leads.history(id));
      expect(await target.qualifications.listForLead(id)).toEqual(await source.qualifications.listForLead(id));
    }
    expect(await target.qualifications.findDraft(8, 'dana')).toEqual(await source.qualifications.findDraft(8, 'dana'));
    expect(await target.qualifications.claimOf(8, '2026-03-09T15:10:00.000Z')).toEqual({ leadId: 8, sdr: 'dana', claimedAt: '2026-03-09T15:00:00.000Z', expiresAt: '2026-03-09T15:30:00.000Z' });
    expect((await target.leads.list({ search: 'helene' })).leads).toEqual((await source.leads.list({ search: 'helene' })).leads);
    for (const report of [['pipeline', '--by', 'owner'], ['funnel'], ['gaps'], ['sdr'], ['aging']]) {
      const [original, copy] = await Promise.all([source, target].map((store) => bantAt(targetOf(store), '2026-03-10T12:00:00Z', ['report', ...report, '--format', 'json'])));
      expect(copy!.out, report.join(' ')).toBe(original!.out);
    }
  });

  it('new rows get ids after the copied ones, and the counters stay in step', async () => {
    const source = await seeded(from);
    const target = await emptyStore(to);
    await copyAll(source, target);
    const { leads, stage_history, imports, qualifications } = await target.dump.counts();
    const maxId = async (table: string) => (await queryTarget<{ id: number }>(targetOf(target), `SELECT max(id) AS id FROM ${table}`))[0]!.id;
    const before = { leads: await maxId('leads'), history: await maxId('stage_history'), imports: await maxId('imports'), qualifications: await maxId('qualifications') };

    const lead = await addLead(target, { texts: { company: 'Born after the copy' }, stage: 'mql', custom: {} }, who);
    expect(lead.id).toBeGreaterThan(before.leads);
    await changeLeadStage(target, { ref: String(lead.id), to: 'nurturing' }, who);
    expect(await maxId('stage_history')).toBeGreaterThan(before.history);
    const imported = await importCsv(target, 'email,stage\nafter.copy@acme.fr,mql\n');
    expect(imported.importId).toBeGreaterThan(before.imports);
    const draft = await target.transaction(async (tx) => tx.qualifications.startDraft(lead.id, 'erin', await keptBant(tx, who.at), who.at));
    expect(draft).toBeGreaterThan(before.qualifications);

    expect(await target.dump.counts()).toMatchObject({ leads: leads + 2, stage_history: stage_history + 3, imports: imports + 1, qualifications: qualifications + 1 });
    await expectStageDaysInStep(targetOf(target));
    await expectReachedRankInStep(targetOf(target));
    await expectCriterionDaysInStep(targetOf(target));
  });
});

/** The path or URL a store was opened on (the test cluster has no password for its location to hide). */
function targetOf(store: Store): string {
  return store.location;
}
