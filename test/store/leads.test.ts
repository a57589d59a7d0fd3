// Leads through the use cases, on a real store of each engine: a SQLite file in a temp dir, and a database
// of its own on the test run's PostgreSQL server.

import { describe, expect, it } from 'vitest';
import { planStageChange, type StageChangePlan } from '../../src/domain/planStageChange.js';
import { addLead } from '../../src/leads/addLead.js';
import { assignLeads } from '../../src/leads/assignLeads.js';
import { changeLeadStage } from '../../src/leads/changeLeadStage.js';
import { editLead } from '../../src/leads/editLead.js';
import { findLeadOrFail } from '../../src/leads/findLeadOrFail.js';
import { forgetLead } from '../../src/leads/forgetLead.js';
import type { LeadFilter, Store } from '../../src/store/store.js';
import { ENGINES, execTarget, openTestStore, queryTarget, snapshotTarget } from '../helpers/engines.js';
import { anotherWriter, expectStageDaysInStep, failure, importCsv, who } from '../helpers/storeChecks.js';

async function seed(engine: (typeof ENGINES)[number]) {
  const { store, target } = await openTestStore(engine);
  const add = (texts: Record<string, string>, stage = 'mql', custom = {}) => addLead(store, { texts, stage, custom }, who);
  const jeanne = await add({ email: 'Jeanne.Martin@Acme.fr', first_name: 'Jeanne', last_name: 'Martin', company: 'Acme', owner: 'alice', source: 'webinar' }, 'mql', { linkedin: 'jmartin' });
  const helene = await add({ email: 'helene@boulangerie.fr', first_name: 'Hélène', last_name: 'Dupré', company: 'Boulangerie Dupré', owner: 'bob', employees: '12' }, 'lead');
  const sam = await add({ external_id: 'SF-001', company: 'Northwind', owner: 'alice', source: 'webinar', employees: '1 200' }, 'prospect');
  return { store, target, add, jeanne, helene, sam };
}

const count = async (store: Store) => (await store.leads.list({})).leads.length;

describe.each(ENGINES)('leads on %s', (engine) => {
  describe('leads known only by their name', () => {
    it('a second lead with the same name and company (case, accents, spaces aside) is refused; an email tells them apart', async () => {
      const { add } = await seed(engine);
      await add({ first_name: 'Hélène', last_name: 'Dupré', company: 'Café du Port' });
      expect(await failure(() => add({ first_name: 'helene', last_name: 'DUPRE', company: 'Cafe du  port' }))).toBe('3 lead.duplicateName');
      expect(await failure(() => add({ first_name: 'Hélène', last_name: 'Dupré', company: 'Café du Port', email: 'helene@cafe.fr' }))).toBe('no error');
    });

    it('an edit that removes the email of a lead whose name another name-only lead has is refused; forgetting frees the name', async () => {
      const { store, add } = await seed(engine);
      const named = await add({ first_name: 'Paul', company: 'Acme' });
      const withEmail = await add({ first_name: 'Paul', company: 'Acme', email: 'paul@acme.fr' });
      expect(await failure(() => editLead(store, String(withEmail.id), { texts: { email: '' }, set: {}, unset: [] }, who))).toBe('3 lead.duplicateName');
      await forgetLead(store, String(named.id), who.at);
      expect(await editLead(store, String(withEmail.id), { texts: { email: '' }, set: {}, unset: [] }, who)).toMatchObject({ email: null, firstName: 'Paul' });
    });
  });

  it('adds a lead with a first history row, normalised fields and custom fields', async () => {
    const { store, jeanne } = await seed(engine);
    expect(jeanne).toMatchObject({ email: 'jeanne.martin@acme.fr', firstName: 'Jeanne', stage: 'mql', custom: { linkedin: 'jmartin' } });
    expect(await store.leads.history(jeanne.id)).toEqual([expect.objectContaining({ fromStage: null, toStage: 'mql', by: 'alice', cause: 'manual', at: who.at })]);
  });

  it('refuses a duplicate email in any case, and writes nothing', async () => {
    const { store, target, add } = await seed(engine);
    const before = await snapshotTarget(target);
    expect(await failure(() => add({ email: 'JEANNE.MARTIN@acme.fr' }))).toBe('3 lead.duplicateEmail');
    expect(await count(store)).toBe(3);
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('refuses a duplicate external id, a lead with no identity, a bad number, a late creation stage', async () => {
    const { store, target, add } = await seed(engine);
    const before = await snapshotTarget(target);
    expect(await failure(() => add({ external_id: 'SF-001' }))).toBe('3 lead.duplicateExternalId');
    expect(await failure(() => add({ title: 'CEO' }))).toBe('3 lead.noIdentity');
    expect(await failure(() => add({ company: 'X', employees: 'many' }))).toBe('3 lead.notANumber');
    expect(await failure(() => add({ company: 'X' }, 'sql'))).toBe('3 lead.badCreationStage');
    expect(await count(store)).toBe(3);
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('a refused duplicate leaves the store usable: the next lead is added', async () => {
    const { store, add } = await seed(engine);
    expect(await failure(() => add({ email: 'helene@boulangerie.fr' }))).toBe('3 lead.duplicateEmail');
    expect((await add({ email: 'next@acme.fr' })).email).toBe('next@acme.fr');
    expect(await count(store)).toBe(4);
  });

  it('finds a lead by id, email in any case, or external id', async () => {
    const { store, jeanne, sam } = await seed(engine);
    expect((await findLeadOrFail(store.leads, String(jeanne.id))).id).toBe(jeanne.id);
    expect((await findLeadOrFail(store.leads, 'JEANNE.martin@acme.FR')).id).toBe(jeanne.id);
    expect((await findLeadOrFail(store.leads, 'SF-001')).id).toBe(sam.id);
    expect(await failure(() => findLeadOrFail(store.leads, 'nobody@acme.fr'))).toBe('4 lead.notFound');
  });

  it('a numeric ref is an id first, then an external id, even beyond a 32-bit id', async () => {
    const { store, add, jeanne } = await seed(engine);
    const hubspot = await add({ external_id: '12345678901', company: 'HubSpot record' });
    const numbered = await add({ external_id: '77', company: 'Record 77' });
    await add({ external_id: String(jeanne.id), company: 'Shadowed by an id' });
    expect((await findLeadOrFail(store.leads, '12345678901')).id).toBe(hubspot.id);
    expect((await findLeadOrFail(store.leads, '77')).id).toBe(numbered.id);
    expect((await findLeadOrFail(store.leads, String(jeanne.id))).id).toBe(jeanne.id);
  });

  it('lists with filters, accent-blind search, sorting and paging', async () => {
    const { store, jeanne, helene, sam } = await seed(engine);
    const ids = async (filter: LeadFilter) => (await store.leads.list(filter)).leads.map((lead) => lead.id);
    expect(await ids({ stages: ['mql', 'prospect'] })).toEqual([jeanne.id, sam.id]);
    expect(await ids({ owner: 'ALICE' })).toEqual([jeanne.id, sam.id]);
    expect(await ids({ source: 'webinar', stages: ['prospect'] })).toEqual([sam.id]);
    expect(await ids({ search: 'helene dupre' })).toEqual([helene.id]);
    expect(await ids({ search: 'HÉLÈNE' })).toEqual([helene.id]);
    expect(await ids({ search: 'ACME' })).toEqual([jeanne.id]);
    expect(await ids({ search: '100%' })).toEqual([]);
    expect(await ids({ search: 'jeanne_martin' })).toEqual([]);
    expect(await ids({ sort: { field: 'employees', descending: true } })).toEqual([sam.id, helene.id, jeanne.id]);
    expect(await ids({ sort: { field: 'employees', descending: false } })).toEqual([helene.id, sam.id, jeanne.id]);
    expect(await store.leads.list({ limit: 1, offset: 1 })).toMatchObject({ more: true, leads: [{ id: helene.id }] });
    expect((await store.leads.list({ limit: 1, offset: 2 })).more).toBe(false);
  });

  it('search ignores the case of letters without accents to strip too (Ø, Ł, Cyrillic)', async () => {
    const { store, add } = await seed(engine);
    const orsted = await add({ company: 'ØRSTED Łódź', first_name: 'ЖАННА' });
    const ids = async (search: string) => (await store.leads.list({ search })).leads.map((lead) => lead.id);
    expect(await ids('ørsted')).toEqual([orsted.id]);
    expect(await ids('łodz')).toEqual([orsted.id]);
    expect(await ids('жанна')).toEqual([orsted.id]);
  });

  it('iterates every matching lead in id order, past one batch, and names their custom fields in order', async () => {
    const { store, add, jeanne } = await seed(engine);
    const rows = Array.from({ length: 1_100 }, (_, i) => `bulk${i}@acme.fr,lead,${i === 5 ? 'gold' : ''}`);
    await importCsv(store, `email,stage,tier\n${rows.join('\n')}\n`);
    await add({ company: 'Last' }, 'mql', { region: 'north' });
    const all: number[] = [];
    for await (const lead of store.leads.iterate({})) all.push(lead.id);
    expect(all).toHaveLength(1_104);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(all[0]).toBe(jeanne.id);
    const mqls: string[] = [];
    for await (const lead of store.leads.iterate({ stages: ['mql'] })) mqls.push(lead.company ?? '');
    expect(mqls).toEqual(['Acme', 'Last']);
    expect(await store.leads.customFieldNames({})).toEqual(['linkedin', 'tier', 'region']);
    expect(await store.leads.customFieldNames({ stages: ['mql'] })).toEqual(['linkedin', 'region']);
  });

  it('edits fields, clears with an empty value, sets and unsets custom fields', async () => {
    const { store, jeanne } = await seed(engine);
    const edited = await editLead(store, String(jeanne.id), { texts: { title: 'CTO', company: '' }, set: { budget_cycle: 'Q1' }, unset: ['linkedin'] }, { ...who, at: '2026-11-21T00:00:00.000Z' });
    expect(edited).toMatchObject({ title: 'CTO', company: null, custom: { budget_cycle: 'Q1' }, updatedAt: '2026-11-21T00:00:00.000Z' });
    expect(await failure(() => editLead(store, String(jeanne.id), { texts: {}, set: {}, unset: ['nope'] }, who))).toBe('3 lead.noSuchCustomField');
  });

  it("refuses an edit to another lead's email, and writes nothing", async () => {
    const { store, target, jeanne } = await seed(engine);
    const before = await snapshotTarget(target);
    expect(await failure(() => editLead(store, String(jeanne.id), { texts: { email: 'HELENE@boulangerie.fr', title: 'CEO' }, set: {}, unset: [] }, who))).toBe('3 lead.duplicateEmail');
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('refuses an edit that would leave the lead without identity', async () => {
    const { store, sam } = await seed(engine);
    expect(await failure(() => editLead(store, 'SF-001', { texts: { external_id: '', company: '' }, set: {}, unset: [] }, who))).toBe('3 lead.noIdentity');
    expect((await findLeadOrFail(store.leads, String(sam.id))).externalId).toBe('SF-001');
  });

  it('assigns several leads at once, or none when one ref is unknown', async () => {
    const { store, jeanne, helene } = await seed(engine);
    expect(await failure(() => assignLeads(store, [String(jeanne.id), 'ghost@acme.fr'], 'carol', who.at))).toBe('4 lead.notFound');
    expect((await findLeadOrFail(store.leads, String(jeanne.id))).owner).toBe('alice');
    await assignLeads(store, [String(jeanne.id), 'helene@boulangerie.fr'], 'carol', who.at);
    expect((await store.leads.list({ owner: 'carol' })).leads.map((lead) => lead.id)).toEqual([jeanne.id, helene.id]);
  });

  it('moves a lead by hand and records who, why and what caused it', async () => {
    const { store, jeanne } = await seed(engine);
    const result = await changeLeadStage(store, { ref: String(jeanne.id), to: 'nurturing', reason: 'budget next year' }, who);
    expect(result).toMatchObject({ changed: true, from: 'mql', lead: { stage: 'nurturing', followUpOn: '2026-12-20' } });
    expect((await store.leads.history(jeanne.id)).at(-1)).toMatchObject({ fromStage: 'mql', toStage: 'nurturing', reason: 'budget next year', cause: 'manual', by: 'alice' });
    expect(await store.leads.nurturing()).toEqual([expect.objectContaining({ id: jeanne.id })]);
    expect(await store.leads.nurturing('2026-12-19')).toEqual([]);
  });

  it('refuses forbidden moves, sql outside qualification, and disqualifying without a reason', async () => {
    const { store, target, jeanne, helene } = await seed(engine);
    const before = await snapshotTarget(target);
    const move = (ref: number, to: string, extra: { reason?: string; followUpOn?: string } = {}) => failure(() => changeLeadStage(store, { ref: String(ref), to, ...extra }, who));
    expect(await move(jeanne.id, 'customer')).toBe('3 stage.forbidden');
    expect(await move(jeanne.id, 'sql')).toBe('3 stage.sqlOnlyByQualify');
    expect(await move(helene.id, 'sql')).toBe('3 stage.sqlOnlyByQualifyFromMql');
    expect(await move(jeanne.id, 'disqualified')).toBe('2 stage.reasonRequired');
    expect(await move(jeanne.id, 'won')).toBe('2 stage.unknown');
    expect(await move(jeanne.id, 'nurturing', { followUpOn: '2026-02-30' })).toBe('3 stage.badFollowUp');
    expect(await store.leads.history(jeanne.id)).toHaveLength(1);
    expect(await snapshotTarget(target)).toBe(before);
  });

  it('reopens a disqualified lead, and does nothing when the stage is the same', async () => {
    const { store, helene } = await seed(engine);
    await changeLeadStage(store, { ref: String(helene.id), to: 'disqualified', reason: 'student' }, who);
    expect((await changeLeadStage(store, { ref: String(helene.id), to: 'lead' }, who)).lead.stage).toBe('lead');
    expect((await changeLeadStage(store, { ref: String(helene.id), to: 'lead' }, who)).changed).toBe(false);
    expect((await store.leads.history(helene.id)).map((change) => change.toStage)).toEqual(['lead', 'disqualified', 'lead']);
  });

  it('forgets a person: fields and reasons erased, anonymous moves kept, history still append-only', async () => {
    const { store, target, jeanne } = await seed(engine);
    await changeLeadStage(store, { ref: String(jeanne.id), to: 'disqualified', reason: 'Jeanne left Acme' }, who);
    const { lead: forgotten } = await forgetLead(store, 'jeanne.martin@acme.fr', '2026-11-22T00:00:00.000Z');
    expect(forgotten).toMatchObject({ email: null, firstName: null, lastName: null, company: null, custom: {}, stage: 'disqualified', owner: 'alice' });
    expect((await store.leads.history(jeanne.id)).map((change) => [change.toStage, change.reason])).toEqual([['mql', null], ['disqualified', null]]);
    expect(await failure(() => findLeadOrFail(store.leads, String(jeanne.id)))).toBe('4 lead.notFound');
    expect(await count(store)).toBe(2);
    await expect(execTarget(target, 'DELETE FROM stage_history')).rejects.toThrow(/append-only/);
    await expect(execTarget(target, "UPDATE stage_history SET to_stage = 'sql'")).rejects.toThrow(/append-only/);
    await expect(execTarget(target, "UPDATE stage_history SET reason = 'put back'")).rejects.toThrow(/append-only/);
    expect(await store.leads.history(jeanne.id)).toHaveLength(2);
  });

  describe('a planned stage change, applied by the store', () => {
    it('is refused when the lead moved meanwhile (lead.moved): nothing written', async () => {
      const { store, target, jeanne } = await seed(engine);
      // An SDR reads the lead and plans a move; a colleague moves it first.
      const read = (await store.leads.get(jeanne.id))!;
      const plan = planStageChange(read, 'nurturing', { ...who, at: '2026-11-21T09:00:00.000Z', cause: 'manual', reason: 'later' }) as StageChangePlan;
      expect(plan).not.toBeInstanceOf(Error);
      await changeLeadStage(store, { ref: String(jeanne.id), to: 'disqualified', reason: 'duplicate' }, { ...who, at: '2026-11-21T08:00:00.000Z' });
      const before = await snapshotTarget(target);
      expect(await failure(() => store.transaction((tx) => tx.leads.applyStageChange(plan)))).toBe('3 lead.moved');
      expect(await snapshotTarget(target)).toBe(before);
      expect((await store.leads.get(jeanne.id))!.stage).toBe('disqualified');
    });

    it('is refused when the lead moved away and back to the same stage', async () => {
      const { store, target, jeanne } = await seed(engine);
      const read = (await store.leads.get(jeanne.id))!;
      const plan = planStageChange(read, 'disqualified', { ...who, at: '2026-11-23T09:00:00.000Z', cause: 'manual', reason: 'no budget' }) as StageChangePlan;
      await changeLeadStage(store, { ref: String(jeanne.id), to: 'nurturing' }, { ...who, at: '2026-11-21T09:00:00.000Z' });
      await changeLeadStage(store, { ref: String(jeanne.id), to: 'mql' }, { ...who, at: '2026-11-22T09:00:00.000Z' });
      const before = await snapshotTarget(target);
      expect(await failure(() => store.transaction((tx) => tx.leads.applyStageChange(plan)))).toBe('3 lead.moved');
      expect(await snapshotTarget(target)).toBe(before);
    });

    it('writes the move, its history row, the furthest step and the days per stage together', async () => {
      const { store, target, helene } = await seed(engine);
      const read = (await store.leads.get(helene.id))!;
      const plan = planStageChange(read, 'mql', { at: '2026-11-25T09:00:00.000Z', by: 'bob', cause: 'manual', today: '2026-11-25' }) as StageChangePlan;
      const moved = await store.transaction((tx) => tx.leads.applyStageChange(plan));
      expect(moved).toMatchObject({ stage: 'mql', stageChangedAt: '2026-11-25T09:00:00.000Z', followUpOn: null });
      expect((await store.leads.history(helene.id)).at(-1)).toMatchObject({ fromStage: 'lead', toStage: 'mql', by: 'bob', cause: 'manual' });
      const [row] = await queryTarget(target, 'SELECT stage, reached_rank FROM leads WHERE id = ?', helene.id);
      expect(row).toEqual({ stage: 'mql', reached_rank: 2 });
      await expectStageDaysInStep(target);
    });

    it('getForUpdate gives the lead as it is now, inside the transaction, or nothing', async () => {
      const { store, jeanne } = await seed(engine);
      const seen = await store.transaction(async (tx) => {
        await tx.leads.applyStageChange(planStageChange(jeanne, 'nurturing', { ...who, at: '2026-11-21T00:00:00.000Z', cause: 'manual' }) as StageChangePlan);
        return { moved: await tx.leads.getForUpdate(jeanne.id), missing: await tx.leads.getForUpdate(9_999) };
      });
      expect(seen.moved).toMatchObject({ id: jeanne.id, stage: 'nurturing', stageChangedAt: '2026-11-21T00:00:00.000Z' });
      expect(seen.missing).toBeUndefined();
    });

    it('getForUpdate keeps every other writer off the lead until the transaction ends', async () => {
      const { store, target, jeanne } = await seed(engine);
      await store.transaction(async (tx) => {
        await tx.leads.getForUpdate(jeanne.id);
        expect(await anotherWriter(target, jeanne.id)).toBe('blocked');
      });
      expect(await anotherWriter(target, jeanne.id)).toBe('written');
    });
  });
});

