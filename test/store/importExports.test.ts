// CRM exports written here in the shape each CRM gives them (test/fixtures/exports): their headers, their
// date formats, their name columns. Imported through the command, in this process, at a set date.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryTarget } from '../helpers/engines.js';
import { bantAt } from '../helpers/runInProcess.js';
import { tempDir } from '../helpers/tempDir.js';

const NOW = '2026-07-01T12:00:00.000Z';
const fixture = (name: string) => path.resolve('test/fixtures/exports', name);

interface LeadJson {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  owner: string | null;
  externalId: string | null;
  stage: string;
  createdAt: string;
  stageChangedAt: string;
  custom: Record<string, string>;
}

async function importExport(name: string, ...options: string[]) {
  const db = path.join(tempDir(), 'bant.db');
  const preview = await bantAt(db, NOW, ['import', fixture(name), '--dry-run', '--format', 'json', ...options]);
  expect(preview.code, preview.err).toBe(0);
  const imported = await bantAt(db, NOW, ['import', fixture(name), '--format', 'json', ...options]);
  expect(imported.code, imported.err).toBe(0);
  const leads = JSON.parse((await bantAt(db, NOW, ['leads', 'list', '--format', 'json'])).out) as LeadJson[];
  const plan = Object.fromEntries((JSON.parse(preview.out).columns as { header: string; field?: string; custom?: string }[]).map((c) => [c.header, c.field ?? `custom:${c.custom}`]));
  return { db, leads, plan, summary: JSON.parse(imported.out), dryRun: JSON.parse(preview.out) };
}

describe('importing the exports of CRMs', () => {
  it('Zoho: Record Id, Designation, Mobile, and "15 Apr, 2021 00:03:00" creation times', async () => {
    const { leads, plan, summary } = await importExport('zoho-leads.csv');
    expect(summary).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    expect(plan).toMatchObject({ 'Record Id': 'external_id', 'Lead Owner': 'owner', Designation: 'title', Phone: 'phone', Mobile: 'custom:Mobile', 'Created Time': 'created_at', 'Modified Time': 'custom:Modified Time' });
    expect(leads[0]).toMatchObject({ externalId: 'zcrm_5725767000000419001', firstName: 'Jeanne', title: 'CTO', owner: 'Alice Moreau', createdAt: '2021-04-15T00:03:00.000Z', stageChangedAt: '2021-04-15T00:03:00.000Z' });
    expect(leads.map((lead) => lead.createdAt)).toEqual(['2021-04-15T00:03:00.000Z', '2022-05-03T10:03:00.000Z', '2023-12-28T17:45:10.000Z']);
    // Paul has no Phone: the Mobile column is still kept, as a custom field.
    expect(leads[1]).toMatchObject({ phone: null, custom: expect.objectContaining({ Mobile: '+33 6 10 00 00 02' }) });
  });

  it('SuiteCRM: Office Phone, Assigned User, Primary Address Country, Date Created; Name kept beside First and Last Name', async () => {
    const { leads, plan } = await importExport('suitecrm-leads.csv');
    expect(plan).toMatchObject({ ID: 'external_id', Name: 'custom:Name', 'Date Created': 'created_at', 'Assigned User': 'owner', 'Office Phone': 'phone', 'Email Address': 'email', 'Primary Address Country': 'country', 'Account Name': 'company' });
    expect(leads[0]).toMatchObject({ firstName: 'James', lastName: 'Reid', owner: 'sally', country: 'USA', phone: '+1 555 0100', createdAt: '2021-04-15T00:03:00.000Z' });
  });

  it('Dolibarr: French labels with technical names, semicolons, day-first dates learnt from the column', async () => {
    const { leads, plan, dryRun } = await importExport('dolibarr-contacts.csv');
    expect(plan).toMatchObject({
      'Id (sp.rowid)': 'external_id', 'Nom (sp.lastname)': 'last_name', 'Prénom (sp.firstname)': 'first_name', 'Poste/fonction (sp.poste)': 'title',
      'Tél pro (sp.phone)': 'phone', 'Email (sp.email)': 'email', 'Pays (co.label)': 'country', 'Date création (sp.datec)': 'created_at', 'Tiers (s.nom)': 'company',
    });
    expect(dryRun.dateOrder).toBe('dmy');
    // 03/04/2026 is 3 April: the second row's 24/02/2026 says the column writes the day first.
    expect(leads.map((lead) => [lead.lastName, lead.company, lead.createdAt])).toEqual([
      ['Lefèvre', 'Énergies Vertes', '2026-04-03T09:15:00.000Z'],
      ['Moreau', 'Dupont, Fils & Cie', '2026-02-24T14:02:00.000Z'],
      ['Nguyen', 'Café du Port', '2026-01-05T08:30:00.000Z'],
    ]);
  });

  it('Odoo: Contact Name split into first and last name, Salesperson, Created on', async () => {
    const { leads, plan } = await importExport('odoo-crm-leads.csv');
    expect(plan).toMatchObject({ 'Contact Name': 'full_name', 'Company Name': 'company', Salesperson: 'owner', 'Created on': 'created_at', 'Job Position': 'title', Opportunity: 'custom:Opportunity' });
    expect(leads.map((lead) => [lead.firstName, lead.lastName, lead.owner, lead.createdAt])).toEqual([
      ['Hélène', 'Dupré', 'Mitchell Admin', '2023-06-12T08:41:07.000Z'],
      ['Liam', "O'Brien", 'Marc Demo', '2024-01-05T14:00:00.000Z'],
    ]);
  });

  it('Pipedrive: "Person - …" columns', async () => {
    const { leads, plan } = await importExport('pipedrive-people.csv');
    expect(plan).toMatchObject({ 'Person - ID': 'external_id', 'Person - Name': 'full_name', 'Person - Organization': 'company', 'Person - Email - Work': 'email', 'Person - Owner': 'owner', 'Person - Person created': 'created_at' });
    expect(leads[0]).toMatchObject({ firstName: 'Mathieu', lastName: 'Lefèvre', company: 'Ateliers Lefèvre', email: 'mathieu@ateliers.example', createdAt: '2022-09-14T11:05:33.000Z' });
  });

  it('Krayin: a single Name column, Sales Owner, Created At', async () => {
    const { leads, plan } = await importExport('krayin-persons.csv');
    expect(plan).toMatchObject({ ID: 'external_id', Name: 'full_name', Organization: 'company', 'Job Title': 'title', 'Sales Owner': 'owner', 'Created At': 'created_at' });
    expect(leads.map((lead) => [lead.firstName, lead.lastName])).toEqual([['Anna', 'Schmidt'], ['Jean-Pierre', 'de la Fontaine']]);
  });

  it('HubSpot and Salesforce: Create Date and CreatedDate with their zones', async () => {
    const hubspot = await importExport('hubspot-contacts.csv');
    expect(hubspot.leads.map((lead) => [lead.stage, lead.createdAt])).toEqual([['mql', '2024-03-05T10:15:00.000Z'], ['lead', '2024-03-06T16:40:00.000Z']]);
    const salesforce = await importExport('salesforce-leads.csv');
    expect(salesforce.leads.map((lead) => [lead.lastName, lead.createdAt])).toEqual([['Clark', '2021-04-15T00:03:00.000Z'], ['Lopez', '2022-07-01T16:30:00.000Z']]);
  });

  it('an American spreadsheet: "02/24/26 02:18 AM" read month first, the column says so', async () => {
    const { leads, dryRun } = await importExport('us-excel-leads.csv');
    expect(dryRun.dateOrder).toBe('mdy');
    expect(leads.map((lead) => [lead.firstName, lead.lastName, lead.createdAt])).toEqual([
      ['Ava', 'Thompson', '2026-02-24T02:18:00.000Z'],
      ['Noah', 'Wilson', '2026-03-04T23:05:00.000Z'],
    ]);
  });

  it('a Swiss-French list: Nom complet, Courriel, Date d’ajout with dots, day first by default', async () => {
    const { leads, dryRun } = await importExport('prospects-suisse.csv');
    expect(dryRun.dateOrder).toBe('dmy');
    expect(leads.map((lead) => [lead.firstName, lead.lastName, lead.email, lead.createdAt])).toEqual([
      ['Sophie', 'Rochat', 'sophie.rochat@horlogerie.example', '2026-04-03T00:00:00.000Z'],
      ['Marc-André', 'Favre', 'ma.favre@fiduciaire.example', '2026-01-21T00:00:00.000Z'],
      ['Léa', 'Python', null, '2026-03-04T00:00:00.000Z'],
    ]);
    const forced = await importExport('prospects-suisse.csv', '--date-order', 'mdy');
    expect(forced.dryRun.dateOrder).toBe('mdy');
  });
});

describe('reports count imported history from the file’s creation dates', () => {
  it('--since, the funnel and aging see the Zoho leads as created in 2021-2023, not on the day of the import', async () => {
    const { db } = await importExport('zoho-leads.csv');
    const report = async (...args: string[]) => JSON.parse((await bantAt(db, NOW, ['report', ...args, '--format', 'json'])).out);
    expect((await report('funnel', '--since', '2022-01-01')).created).toBe(2);
    expect((await report('funnel', '--since', '2026-01-01')).created).toBe(0);
    expect((await report('pipeline', '--until', '2021-12-31')).rows.find((row: { stage: string }) => row.stage === 'lead').count).toBe(1);
    const aging = await report('aging', '--older-than', '365');
    // In stage "lead" since 2021-04-15, 2022-05-03 and 2023-12-28: 1903, 1520 and 916 days on 2026-07-01.
    expect(aging.stages.find((row: { stage: string }) => row.stage === 'lead')).toEqual({ stage: 'lead', leads: 3, medianDays: 1520, p90Days: 1903 });
    expect(aging.stale.map((lead: { days: number }) => lead.days)).toEqual([1903, 1520, 916]);
    // The days kept per stage agree with the leads.
    expect(await queryTarget(db, 'SELECT stage, day, count FROM stage_days WHERE count <> 0 ORDER BY 1, 2')).toEqual(
      await queryTarget(db, 'SELECT stage, substr(stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads GROUP BY 1, 2 ORDER BY 1, 2'),
    );
  });
});
