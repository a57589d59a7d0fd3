import { describe, expect, it } from 'vitest';
import { QualificationRepository } from '../../src/db/qualificationRepository.js';
import { BantError } from '../../src/domain/errors.js';
import { addLead } from '../../src/leads/addLead.js';
import { assignLeads } from '../../src/leads/assignLeads.js';
import { changeLeadStage } from '../../src/leads/changeLeadStage.js';
import { editLead } from '../../src/leads/editLead.js';
import { findLeadOrFail } from '../../src/leads/findLeadOrFail.js';
import { forgetLead } from '../../src/leads/forgetLead.js';
import { testDb, who } from '../helpers/testDb.js';

const failure = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof BantError) return `${error.exitCode} ${error.key}`;
    throw error;
  }
  return 'no error';
};

function seed() {
  const t = testDb();
  const add = (texts: Record<string, string>, stage = 'mql', custom = {}) => addLead(t.leads, { texts, stage, custom }, who);
  const jeanne = add({ email: 'Jeanne.Martin@Acme.fr', first_name: 'Jeanne', last_name: 'Martin', company: 'Acme', owner: 'alice', source: 'webinar' }, 'mql', { linkedin: 'jmartin' });
  const helene = add({ email: 'helene@boulangerie.fr', first_name: 'Hélène', last_name: 'Dupré', company: 'Boulangerie Dupré', owner: 'bob', employees: '12' }, 'lead');
  const sam = add({ external_id: 'SF-001', company: 'Northwind', owner: 'alice', source: 'webinar', employees: '1 200' }, 'prospect');
  return { ...t, add, jeanne, helene, sam };
}

describe('leads known only by their name', () => {
  it('a second lead with the same name and company (case, accents, spaces aside) is refused; an email tells them apart', () => {
    const { add } = seed();
    add({ first_name: 'Hélène', last_name: 'Dupré', company: 'Café du Port' });
    expect(failure(() => add({ first_name: 'helene', last_name: 'DUPRE', company: 'Cafe du  port' }))).toBe('3 lead.duplicateName');
    expect(failure(() => add({ first_name: 'Hélène', last_name: 'Dupré', company: 'Café du Port', email: 'helene@cafe.fr' }))).toBe('no error');
  });

  it('an edit that removes the email of a lead whose name another name-only lead has is refused; forgetting frees the name', () => {
    const { add, leads, db } = seed();
    const named = add({ first_name: 'Paul', company: 'Acme' });
    const withEmail = add({ first_name: 'Paul', company: 'Acme', email: 'paul@acme.fr' });
    expect(failure(() => editLead(leads, String(withEmail.id), { texts: { email: '' }, set: {}, unset: [] }, who.at))).toBe('3 lead.duplicateName');
    forgetLead(leads, new QualificationRepository(db), String(named.id), who.at);
    expect(editLead(leads, String(withEmail.id), { texts: { email: '' }, set: {}, unset: [] }, who.at)).toMatchObject({ email: null, firstName: 'Paul' });
  });
});

describe('leads in a real SQLite file', () => {
  it('adds a lead with a first history row, normalised fields and custom fields', () => {
    const { leads, jeanne } = seed();
    expect(jeanne).toMatchObject({ email: 'jeanne.martin@acme.fr', firstName: 'Jeanne', stage: 'mql', custom: { linkedin: 'jmartin' } });
    expect(leads.stageHistory(jeanne.id)).toEqual([
      expect.objectContaining({ fromStage: null, toStage: 'mql', by: 'alice', cause: 'manual', at: who.at }),
    ]);
  });

  it('refuses a duplicate email in any case, and writes nothing', () => {
    const { add, leads } = seed();
    expect(failure(() => add({ email: 'JEANNE.MARTIN@acme.fr' }))).toBe('3 lead.duplicateEmail');
    expect(leads.listLeads({}).leads).toHaveLength(3);
  });

  it('refuses a duplicate external id, a lead with no identity, a bad number, a late creation stage', () => {
    const { add, leads } = seed();
    expect(failure(() => add({ external_id: 'SF-001' }))).toBe('3 lead.duplicateExternalId');
    expect(failure(() => add({ title: 'CEO' }))).toBe('3 lead.noIdentity');
    expect(failure(() => add({ company: 'X', employees: 'many' }))).toBe('3 lead.notANumber');
    expect(failure(() => add({ company: 'X' }, 'sql'))).toBe('3 lead.badCreationStage');
    expect(leads.listLeads({}).leads).toHaveLength(3);
  });

  it('finds a lead by id, email in any case, or external id', () => {
    const { leads, jeanne, sam } = seed();
    expect(findLeadOrFail(leads, String(jeanne.id)).id).toBe(jeanne.id);
    expect(findLeadOrFail(leads, 'JEANNE.martin@acme.FR').id).toBe(jeanne.id);
    expect(findLeadOrFail(leads, 'SF-001').id).toBe(sam.id);
    expect(failure(() => findLeadOrFail(leads, 'nobody@acme.fr'))).toBe('4 lead.notFound');
  });

  it('lists with filters, accent-blind search, sorting and paging', () => {
    const { leads, jeanne, helene, sam } = seed();
    const ids = (filter: Parameters<typeof leads.listLeads>[0]) => leads.listLeads(filter).leads.map((lead) => lead.id);
    expect(ids({ stages: ['mql', 'prospect'] })).toEqual([jeanne.id, sam.id]);
    expect(ids({ owner: 'ALICE' })).toEqual([jeanne.id, sam.id]);
    expect(ids({ source: 'webinar', stages: ['prospect'] })).toEqual([sam.id]);
    expect(ids({ search: 'helene dupre' })).toEqual([helene.id]);
    expect(ids({ search: 'ACME' })).toEqual([jeanne.id]);
    expect(ids({ search: '100%' })).toEqual([]);
    expect(ids({ sort: { field: 'employees', descending: true } })).toEqual([sam.id, helene.id, jeanne.id]);
    expect(ids({ sort: { field: 'employees', descending: false } })).toEqual([helene.id, sam.id, jeanne.id]);
    expect(leads.listLeads({ limit: 1, offset: 1 })).toMatchObject({ more: true, leads: [{ id: helene.id }] });
    expect(leads.listLeads({ limit: 1, offset: 2 }).more).toBe(false);
  });

  it('edits fields, clears with an empty value, sets and unsets custom fields', () => {
    const { leads, jeanne } = seed();
    const edited = editLead(leads, String(jeanne.id), { texts: { title: 'CTO', company: '' }, set: { budget_cycle: 'Q1' }, unset: ['linkedin'] }, '2026-11-21T00:00:00.000Z');
    expect(edited).toMatchObject({ title: 'CTO', company: null, custom: { budget_cycle: 'Q1' }, updatedAt: '2026-11-21T00:00:00.000Z' });
    expect(failure(() => editLead(leads, String(jeanne.id), { texts: {}, set: {}, unset: ['nope'] }, who.at))).toBe('3 lead.noSuchCustomField');
  });

  it('refuses an edit that would leave the lead without identity', () => {
    const { leads, sam } = seed();
    expect(failure(() => editLead(leads, 'SF-001', { texts: { external_id: '', company: '' }, set: {}, unset: [] }, who.at))).toBe('3 lead.noIdentity');
    expect(findLeadOrFail(leads, String(sam.id)).externalId).toBe('SF-001');
  });

  it('assigns several leads at once, or none when one ref is unknown', () => {
    const { leads, jeanne, helene } = seed();
    expect(failure(() => assignLeads(leads, [String(jeanne.id), 'ghost@acme.fr'], 'carol', who.at))).toBe('4 lead.notFound');
    expect(findLeadOrFail(leads, String(jeanne.id)).owner).toBe('alice');
    assignLeads(leads, [String(jeanne.id), 'helene@boulangerie.fr'], 'carol', who.at);
    expect(leads.listLeads({ owner: 'carol' }).leads.map((lead) => lead.id)).toEqual([jeanne.id, helene.id]);
  });

  it('moves a lead by hand and records who, why and what caused it', () => {
    const { leads, jeanne } = seed();
    const result = changeLeadStage(leads, { ref: String(jeanne.id), to: 'nurturing', reason: 'budget next year' }, who);
    expect(result).toMatchObject({ changed: true, from: 'mql', lead: { stage: 'nurturing', followUpOn: '2026-12-20' } });
    expect(leads.stageHistory(jeanne.id).at(-1)).toMatchObject({ fromStage: 'mql', toStage: 'nurturing', reason: 'budget next year', cause: 'manual', by: 'alice' });
  });

  it('refuses forbidden moves, sql outside qualification, and disqualifying without a reason', () => {
    const { leads, jeanne, helene } = seed();
    expect(failure(() => changeLeadStage(leads, { ref: String(jeanne.id), to: 'customer' }, who))).toBe('3 stage.forbidden');
    expect(failure(() => changeLeadStage(leads, { ref: String(jeanne.id), to: 'sql' }, who))).toBe('3 stage.sqlOnlyByQualify');
    expect(failure(() => changeLeadStage(leads, { ref: String(helene.id), to: 'sql' }, who))).toBe('3 stage.sqlOnlyByQualifyFromMql');
    expect(failure(() => changeLeadStage(leads, { ref: String(jeanne.id), to: 'disqualified' }, who))).toBe('2 stage.reasonRequired');
    expect(failure(() => changeLeadStage(leads, { ref: String(jeanne.id), to: 'won' }, who))).toBe('2 stage.unknown');
    expect(failure(() => changeLeadStage(leads, { ref: String(jeanne.id), to: 'nurturing', followUpOn: '2026-02-30' }, who))).toBe('3 stage.badFollowUp');
    expect(leads.stageHistory(jeanne.id)).toHaveLength(1);
  });

  it('reopens a disqualified lead, and does nothing when the stage is the same', () => {
    const { leads, helene } = seed();
    changeLeadStage(leads, { ref: String(helene.id), to: 'disqualified', reason: 'student' }, who);
    expect(changeLeadStage(leads, { ref: String(helene.id), to: 'lead' }, who).lead.stage).toBe('lead');
    expect(changeLeadStage(leads, { ref: String(helene.id), to: 'lead' }, who).changed).toBe(false);
    expect(leads.stageHistory(helene.id).map((change) => change.toStage)).toEqual(['lead', 'disqualified', 'lead']);
  });

  it('forgets a person: fields and reasons erased, anonymous moves kept, history still append-only', () => {
    const { db, leads, jeanne } = seed();
    changeLeadStage(leads, { ref: String(jeanne.id), to: 'disqualified', reason: 'Jeanne left Acme' }, who);
    const { lead: forgotten } = forgetLead(leads, new QualificationRepository(db), 'jeanne.martin@acme.fr', '2026-11-22T00:00:00.000Z');
    expect(forgotten).toMatchObject({ email: null, firstName: null, lastName: null, company: null, custom: {}, stage: 'disqualified', owner: 'alice' });
    expect(leads.stageHistory(jeanne.id).map((change) => [change.toStage, change.reason])).toEqual([['mql', null], ['disqualified', null]]);
    expect(failure(() => findLeadOrFail(leads, String(jeanne.id)))).toBe('4 lead.notFound');
    expect(leads.listLeads({}).leads).toHaveLength(2);
    expect(() => db.prepare('DELETE FROM stage_history').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE stage_history SET to_stage = 'sql'").run()).toThrow(/append-only/);
  });
});
