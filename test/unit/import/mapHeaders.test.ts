import { describe, expect, it } from 'vitest';
import { BantError } from '../../../src/domain/errors.js';
import { normaliseHeader, parseMapOption, planColumns, suggestIdentityMap } from '../../../src/import/mapHeaders.js';

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

  it('knows the headers of Zoho, SuiteCRM, Odoo, Pipedrive and Krayin exports', () => {
    expect(targets(['Record Id', 'Lead Owner', 'Designation', 'Mobile', 'No. of Employees', 'Created Time', 'Modified Time'])).toEqual([
      'external_id', 'owner', 'title', 'phone', 'employees', 'created_at', 'custom:Modified Time',
    ]);
    expect(targets(['Office Phone', 'Mobile', 'Assigned User', 'Primary Address Country', 'Date Created', 'Email Address'])).toEqual([
      'phone', 'custom:Mobile', 'owner', 'country', 'created_at', 'email',
    ]);
    expect(targets(['Contact Name', 'Company Name', 'Salesperson', 'Created on', 'Job Position'])).toEqual(['full_name', 'company', 'owner', 'created_at', 'title']);
    expect(targets(['Person - Name', 'Person - Organization', 'Person - Email - Work', 'Person - Owner', 'Person - Person created'])).toEqual([
      'full_name', 'company', 'email', 'owner', 'created_at',
    ]);
    expect(targets(['Name', 'Sales Owner', 'Created At', 'Assigned to'])).toEqual(['full_name', 'owner', 'created_at', 'custom:Assigned to']);
    expect(targets(['CreatedDate', 'Create Date', 'Date de création', "Date d'ajout", 'Nom complet'])).toEqual([
      'created_at', 'custom:Create Date', 'custom:Date de création', "custom:Date d'ajout", 'full_name',
    ]);
  });

  it('reads labels followed by a bracketed technical name (Dolibarr), by the label, else the technical name', () => {
    expect(targets(['Email (s.email)', 'Phone (s.tel)', 'Tiers (s.nom)', 'Nom (sp.lastname)', 'Date création (sp.datec)', 'Ville (s.town)'])).toEqual([
      'email', 'phone', 'company', 'last_name', 'created_at', 'custom:Ville (s.town)',
    ]);
    expect(targets(['Third party (s.nom)', 'Something (s.nom)'])).toEqual(['company', 'custom:Something (s.nom)']);
  });

  it('splits a full name column only when the file has no first or last name column', () => {
    expect(targets(['Name', 'Email'])).toEqual(['full_name', 'email']);
    expect(targets(['Name', 'First Name', 'Last Name'])).toEqual(['custom:Name', 'first_name', 'last_name']);
  });

  it('keeps a column as a custom field when --map says custom', () => {
    expect(targets(['Stage', 'Email'], 'Stage=custom')).toEqual(['custom:Stage', 'email']);
  });

  it('suggests the --map that would give a file an identity', () => {
    expect(suggestIdentityMap(['Country', 'Prospect Number', 'City'])).toBe('--map "Prospect Number=external_id"');
    expect(suggestIdentityMap(['Country', 'Mail perso'])).toBe('--map "Mail perso=email"');
    expect(suggestIdentityMap(['Country', 'Raison Sociale Client'])).toBe('--map "Country=external_id"');
    expect(suggestIdentityMap(['Pays', 'Nom du client'])).toBe('--map "Nom du client=company"');
  });
});
