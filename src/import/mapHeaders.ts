// Which lead field each column of a lead list feeds (PRODUCT.md, "Import"). Headers are compared
// ignoring case, spaces, accents and punctuation; every other named column becomes a custom field.

import { usageError } from '../domain/errors.js';
import { foldText } from '../domain/foldText.js';
import { checkCustomFieldName, isLeadFieldName, type LeadFieldName } from '../domain/lead.js';

/** Columns an import can fill besides the lead fields; `bant_id` is bant's own id in an export, never imported. */
export const IMPORT_EXTRA_FIELDS = ['stage', 'follow_up_on', 'score', 'created_at', 'bant_id', 'updated_at'] as const;
export type ImportField = LeadFieldName | (typeof IMPORT_EXTRA_FIELDS)[number];

/** Normalised header → field. Salesforce API names, HubSpot exports, common spellings and French ones. */
const ALIASES: Record<string, ImportField> = {};
const alias = (field: ImportField, ...headers: string[]) => {
  for (const header of [field, ...headers]) ALIASES[normaliseHeader(header)] = field;
};
alias('email', 'E-mail', 'Email Address', 'Email 1', 'Mail', 'Courriel', 'Adresse e-mail', 'Adresse email', 'Work Email', 'Business Email');
alias('first_name', 'FirstName', 'First', 'Given Name', 'Prénom');
alias('last_name', 'LastName', 'Last', 'Surname', 'Family Name', 'Nom', 'Nom de famille');
alias('company', 'Company Name', 'Account Name', 'Organization', 'Organisation', 'Associated Company', 'Société', 'Entreprise', 'Raison sociale');
alias('title', 'Job Title', 'Position', 'Poste', 'Fonction', 'Intitulé de poste');
alias('phone', 'Phone Number', 'Phone 1', 'Telephone', 'Tel', 'Téléphone', 'Numéro de téléphone');
alias('country', 'Country/Region', 'Pays');
alias('industry', 'Sector', 'Secteur', "Secteur d'activité");
alias('employees', 'NumberOfEmployees', 'Number of Employees', 'Employee Count', 'Headcount', 'Effectif', 'Effectifs', 'Nombre de salariés');
alias('annual_revenue', 'AnnualRevenue', 'Annual Revenue', 'Revenue', "Chiffre d'affaires", 'CA');
alias('source', 'LeadSource', 'Lead Source', 'Original Source', 'Origine', 'Source du lead');
alias('owner', 'OwnerId', 'Lead Owner', 'Contact owner', 'HubSpot Owner', 'Propriétaire', 'Responsable');
alias('external_id', 'Id', 'Record ID', 'Prospect ID', 'Lead ID', 'CRM ID', 'External Id', 'Id externe');
alias('stage', 'Lifecycle Stage', 'Étape', 'Lead Stage');
alias('follow_up_on', 'Follow-up', 'Follow up date', 'Relance');
alias('score');
alias('created_at');
alias('updated_at');
alias('bant_id');

export function normaliseHeader(header: string): string {
  return foldText(header).replace(/[^a-z0-9]/g, '');
}

export interface ColumnPlan {
  /** Position in the row → what it feeds. Columns with an empty header are left out. */
  columns: { index: number; header: string; target: { field: ImportField } | { custom: string } }[];
}

/** `--map "Deal Stage=stage,Mobile=phone"`: header (compared like the aliases) = field. */
export function parseMapOption(text: string | undefined): Map<string, ImportField> {
  const map = new Map<string, ImportField>();
  if (!text) return map;
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const equals = pair.lastIndexOf('=');
    const header = pair.slice(0, equals).trim();
    const field = pair.slice(equals + 1).trim();
    if (equals <= 0 || !header) throw usageError('import.badMap', { value: pair.trim() });
    if (!isImportField(field)) throw usageError('import.badMapField', { field, header });
    map.set(normaliseHeader(header), field);
  }
  return map;
}

function isImportField(name: string): name is ImportField {
  return isLeadFieldName(name) || (IMPORT_EXTRA_FIELDS as readonly string[]).includes(name);
}

/**
 * Plans the columns: `--map` first, then the aliases; the first column to claim a field gets it, and a later
 * one with the same meaning ("Email 2" after "Email 1") is kept as a custom field under its own header.
 */
export function planColumns(headers: readonly string[], overrides: Map<string, ImportField>): ColumnPlan {
  const claimed = new Set<ImportField>();
  const usedCustomNames = new Set<string>();
  const columns: ColumnPlan['columns'] = [];
  headers.forEach((rawHeader, index) => {
    const header = rawHeader.trim();
    if (!header) return;
    const key = normaliseHeader(header);
    const field = overrides.get(key) ?? (key ? ALIASES[key] : undefined);
    if (field && !claimed.has(field)) {
      claimed.add(field);
      columns.push({ index, header, target: { field } });
      return;
    }
    let name = header;
    for (let n = 2; usedCustomNames.has(name) || checkCustomFieldName(name) !== undefined; n++) name = `${header} (${n})`;
    usedCustomNames.add(name);
    columns.push({ index, header, target: { custom: name } });
  });
  return { columns };
}
