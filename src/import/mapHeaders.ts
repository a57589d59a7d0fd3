// Which lead field each column of a lead list feeds (PRODUCT.md, "Import"). Headers are compared
// ignoring case, spaces, accents and punctuation; every other named column becomes a custom field.

import { usageError } from '../domain/errors.js';
import { foldText } from '../domain/foldText.js';
import { checkCustomFieldName, isLeadFieldName, LEAD_FIELD_NAMES, type LeadFieldName } from '../domain/lead.js';

/** Columns an import can fill besides the lead fields; `bant_id` is bant's own id in an export, never imported. */
export const IMPORT_EXTRA_FIELDS = ['full_name', 'stage', 'follow_up_on', 'score', 'fit_score', 'engagement_score', 'created_at', 'bant_id', 'updated_at'] as const;
export type ImportField = LeadFieldName | (typeof IMPORT_EXTRA_FIELDS)[number];

/** Normalised header → field. Salesforce API names, HubSpot, Zoho, SuiteCRM, Dolibarr, Odoo, Pipedrive and Krayin exports, common spellings and French ones. */
const ALIASES: Record<string, ImportField> = {};
const alias = (field: ImportField, ...headers: string[]) => {
  for (const header of [field, ...headers]) ALIASES[normaliseHeader(header)] = field;
};
alias('email', 'E-mail', 'Email Address', 'Email 1', 'Mail', 'Courriel', 'Adresse e-mail', 'Adresse email', 'Work Email', 'Business Email',
  'Primary Email', 'Email Address 1', 'email_from', 'Person - Email', 'Person - Email - Work', 'Contact Email');
alias('first_name', 'FirstName', 'First', 'Given Name', 'Prénom', 'Contact First Name', 'Person - First name');
alias('last_name', 'LastName', 'Last', 'Surname', 'Family Name', 'Nom', 'Nom de famille', 'Contact Last Name', 'Person - Last name');
// One column with the whole name: split into first and last name when the file has no columns for them.
alias('full_name', 'Name', 'Full Name', 'Contact Name', 'Contact Person', 'Person Name', 'Nom complet', 'Nom et prénom', 'Prénom et nom',
  'contact_name', 'Person - Name', 'Lead Name');
alias('company', 'Company Name', 'Account Name', 'Organization', 'Organisation', 'Associated Company', 'Société', 'Entreprise', 'Raison sociale',
  'partner_name', 'Organization - Name', 'Person - Organization', 'Organization Name', 'Tiers', 'Nom du tiers', 'Third party', 'Third-party name');
alias('title', 'Job Title', 'Position', 'Poste', 'Fonction', 'Intitulé de poste', 'Designation', 'Job Position', 'function', 'Poste/fonction');
alias('phone', 'Phone Number', 'Phone 1', 'Telephone', 'Tel', 'Téléphone', 'Numéro de téléphone', 'Mobile', 'Mobile Phone', 'Mobile Phone Number',
  'MobilePhone', 'Office Phone', 'Work Phone', 'Business Phone', 'Phone Work', 'Person - Phone', 'Person - Phone - Work',
  'Person - Phone - Mobile', 'Portable', 'Tél', 'Tél pro', 'Tél portable', 'Téléphone portable', 'Téléphone mobile', 'phone_mobile');
alias('country', 'Country/Region', 'Pays', 'Primary Address Country', 'Billing Country', 'Mailing Country', 'country_id', 'Country Name');
alias('industry', 'Sector', 'Secteur', "Secteur d'activité");
alias('employees', 'NumberOfEmployees', 'Number of Employees', 'Employee Count', 'Headcount', 'Effectif', 'Effectifs', 'Nombre de salariés',
  'No. of Employees', 'Employees Count');
alias('annual_revenue', 'AnnualRevenue', 'Annual Revenue', 'Revenue', "Chiffre d'affaires", 'CA');
alias('source', 'LeadSource', 'Lead Source', 'Original Source', 'Origine', 'Source du lead', 'source_id');
alias('owner', 'OwnerId', 'Lead Owner', 'Contact owner', 'HubSpot Owner', 'Propriétaire', 'Responsable', 'Assigned to', 'Assigned User',
  'Assigned User Name', 'Salesperson', 'Sales Person', 'Sales Owner', 'user_id', 'Person - Owner', 'Lead - Owner', 'Owner Name', 'Commercial');
alias('external_id', 'Id', 'Record ID', 'Prospect ID', 'Lead ID', 'CRM ID', 'External Id', 'Id externe', 'Record Id', 'Contact ID', 'Person - ID');
alias('stage', 'Lifecycle Stage', 'Étape', 'Lead Stage');
alias('follow_up_on', 'Follow-up', 'Follow up date', 'Relance');
// bant's export writes its scores; an import computes them again from its own model, never reads them. Another
// tool's score (`HubSpot Score`) is kept as a custom field, like any column bant has no field for.
alias('score');
alias('fit_score');
alias('engagement_score');
// The record's own creation date: Salesforce, Zoho, HubSpot, SuiteCRM, Odoo, Dolibarr, Pipedrive, Krayin, and French.
alias('created_at', 'CreatedDate', 'Created Date', 'Created Time', 'Create Date', 'Date Created', 'Created', 'Created On', 'Created At',
  'Creation Date', 'Date of creation', 'create_date', 'createdate', 'date_entered', 'Add time', 'Person - Add time', 'Person created', 'Person - Person created',
  'Lead created', 'Lead - Lead created', 'Date de création', 'Date création', "Date d'ajout", "Date d'entrée", 'Créé le', 'Ajouté le', 'datec');
alias('updated_at');
alias('bant_id');

export function normaliseHeader(header: string): string {
  return foldText(header).replace(/[^a-z0-9]/g, '');
}

/** What the import does with a column: feed a field, keep it as a custom field, or leave it out. */
export type ColumnTarget = { field: ImportField } | { custom: string };

export interface ColumnPlan {
  /** Position in the row → what it feeds. */
  columns: { index: number; header: string; target: ColumnTarget }[];
  /** Columns with an empty header: nothing to name them by, so they are left out. */
  ignored: { index: number }[];
}

/** Fields the import reads from a file but never stores: bant's own bookkeeping in an export, scores it computes itself. */
export const IGNORED_FIELDS: readonly ImportField[] = ['bant_id', 'updated_at', 'score', 'fit_score', 'engagement_score'];

/** What `--map` can send a column to: a field, or `custom` to keep it as a custom field whatever its name. */
export type MapTarget = ImportField | 'custom';

/** `--map "Deal Stage=stage,Mobile=phone,Stage=custom"`: header (compared like the aliases) = field, or custom. */
export function parseMapOption(text: string | undefined): Map<string, MapTarget> {
  const map = new Map<string, MapTarget>();
  if (!text) return map;
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const equals = pair.lastIndexOf('=');
    const header = pair.slice(0, equals).trim();
    const field = pair.slice(equals + 1).trim();
    if (equals <= 0 || !header) throw usageError('import.badMap', { value: pair.trim() });
    if (field !== 'custom' && !isImportField(field)) throw usageError('import.badMapField', { field, header, fields: IMPORTABLE_FIELD_LIST });
    map.set(normaliseHeader(header), field);
  }
  return map;
}

function isImportField(name: string): name is ImportField {
  return isLeadFieldName(name) || (IMPORT_EXTRA_FIELDS as readonly string[]).includes(name);
}

const IMPORTABLE_FIELD_LIST = [...LEAD_FIELD_NAMES, ...IMPORT_EXTRA_FIELDS.filter((field) => !IGNORED_FIELDS.includes(field)), 'custom'].join(', ');

/** Dolibarr's technical names whose bare column name would mislead: `s.nom` is the third party's name, not a person's. */
const TECHNICAL_NAMES: Record<string, ImportField> = { snom: 'company', sname: 'company' };

/**
 * The field a header names: `--map` first, then the aliases; a label followed by a bracketed technical name,
 * as Dolibarr writes them (`Email (s.email)`, `Tél pro (sp.phone)`), by its label, else by its technical name.
 */
export function fieldForHeader(header: string, overrides: ReadonlyMap<string, MapTarget>): MapTarget | undefined {
  const key = normaliseHeader(header);
  if (!key) return undefined;
  const direct = overrides.get(key) ?? ALIASES[key];
  if (direct) return direct;
  const bracketed = /^(.*\S)\s*\(\s*(?:([a-z]\w*)\.)?([a-z]\w*)\s*\)$/i.exec(header.trim());
  if (!bracketed) return undefined;
  const [, label, table, column] = bracketed as unknown as [string, string, string | undefined, string];
  const labelKey = normaliseHeader(label);
  return (
    overrides.get(labelKey) ??
    ALIASES[labelKey] ??
    (table ? TECHNICAL_NAMES[normaliseHeader(`${table}${column}`)] : undefined) ??
    ALIASES[normaliseHeader(column)]
  );
}

/**
 * Plans the columns: the first column to claim a field gets it, and a later one with the same meaning
 * ("Email 2" after "Email 1", "Mobile" after "Phone") is kept as a custom field under its own header. A
 * full-name column is split into first and last name only when the file has no column for either: next to
 * them it is kept as a custom field.
 */
export function planColumns(headers: readonly string[], overrides: ReadonlyMap<string, MapTarget>): ColumnPlan {
  const fields = headers.map((header) => fieldForHeader(header.trim(), overrides));
  const hasNameParts = fields.includes('first_name') || fields.includes('last_name');
  const claimed = new Set<MapTarget>();
  const usedCustomNames = new Set<string>();
  const plan: ColumnPlan = { columns: [], ignored: [] };
  headers.forEach((rawHeader, index) => {
    const header = rawHeader.trim();
    if (!header) {
      plan.ignored.push({ index });
      return;
    }
    const field = fields[index];
    if (field && field !== 'custom' && !claimed.has(field) && !(field === 'full_name' && hasNameParts)) {
      claimed.add(field);
      plan.columns.push({ index, header, target: { field } });
      return;
    }
    let name = header;
    for (let n = 2; usedCustomNames.has(name) || checkCustomFieldName(name) !== undefined; n++) name = `${header} (${n})`;
    usedCustomNames.add(name);
    plan.columns.push({ index, header, target: { custom: name } });
  });
  return plan;
}

/**
 * The `--map` most likely to give a file without an identity column one: a column named like an id (Lead Number,
 * Prospect ID, Ref) as external_id, else one named like an email, else one named like a name, else the first.
 */
export function suggestIdentityMap(headers: readonly string[]): string {
  const named = headers.map((header) => header.trim()).filter(Boolean);
  const guesses: [RegExp, ImportField][] = [
    [/\b(id|ref|reference|code|number|num|no|numero|key|uuid)\b|id$/, 'external_id'],
    [/mail/, 'email'],
    [/name|nom|company|societe|entreprise|account|organi[sz]ation/, 'company'],
  ];
  for (const [pattern, field] of guesses) {
    const header = named.find((candidate) => pattern.test(foldText(candidate)));
    if (header) return `--map "${header.replace(/"/g, '')}=${field}"`;
  }
  return `--map "${(named[0] ?? 'Header').replace(/"/g, '')}=external_id"`;
}
