import { describe, expect, it } from 'vitest';
import { BantError } from '../../../src/domain/errors.js';
import { normaliseHeader, parseMapOption, planColumns } from '../../../src/import/mapHeaders.js';

const targets = (headers: string[], map?: string) =>
  planColumns(headers, parseMapOption(map)).columns.map((column) => ('field' in column.target ? column.target.field : `custom:${column.target.custom}`));

describe('header matching', () => {
  it('ignores case, spaces, accents and punctuation', () => {
    expect(normaliseHeader(" Chiffre d'Affaires ")).toBe('chiffredaffaires');
    expect(normaliseHeader('E-MAIL')).toBe('email');
  });

  it('knows Salesforce API names', () => {
    expect(targets(['Id', 'FirstName', 'LastName', 'Company', 'Title', 'Email', 'LeadSource', 'NumberOfEmployees', 'AnnualRevenue', 'OwnerId', 'Status'])).toEqual([
      'external_id', 'first_name', 'last_name', 'company', 'title', 'email', 'source', 'employees', 'annual_revenue', 'owner', 'custom:Status',
    ]);
  });

  it('knows HubSpot exports and common spellings', () => {
    expect(targets(['Record ID', 'First Name', 'Job Title', 'Lifecycle Stage', 'Contact owner', 'Email 1', 'Lead Owner'])).toEqual([
      'external_id', 'first_name', 'title', 'stage', 'owner', 'email', 'custom:Lead Owner',
    ]);
  });

  it('knows French headers', () => {
    expect(targets(['Prénom', 'Nom', 'Société', 'Poste', 'Téléphone', 'Effectif', "Chiffre d'affaires", 'Pays'])).toEqual([
      'first_name', 'last_name', 'company', 'title', 'phone', 'employees', 'annual_revenue', 'country',
    ]);
  });

  it('keeps a second column with the same meaning as a custom field, and skips empty headers', () => {
    const plan = planColumns(['Email 1', 'Email 2', '', 'E-mail', 'Notes'], new Map());
    expect(plan.columns.map((c) => [c.index, 'field' in c.target ? c.target.field : c.target.custom])).toEqual([
      [0, 'email'], [1, 'Email 2'], [3, 'E-mail'], [4, 'Notes'],
    ]);
  });

  it('never lets a custom field take a lead field name', () => {
    expect(targets(['email', 'email', 'stage', 'stage'])).toEqual(['email', 'custom:email (2)', 'stage', 'custom:stage (2)']);
  });

  it('lets --map override the aliases', () => {
    expect(targets(['Deal Stage', 'Mobile', 'Phone'], 'Deal Stage=stage, mobile=phone')).toEqual(['stage', 'phone', 'custom:Phone']);
  });

  it('refuses a --map that is not Header=field, or names no lead field', () => {
    expect(() => parseMapOption('Mobile')).toThrow(BantError);
    expect(() => parseMapOption('Mobile=portable')).toThrow(/badMapField/);
  });
});
