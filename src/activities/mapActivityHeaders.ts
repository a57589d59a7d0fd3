// Which column of an activity file says who did what and when (PRODUCT.md, "Activities"). One row per event:
// an identity (email, external id or bant's id), a type, a date, and every other column kept as a property.
// Headers are compared as lead imports compare them (case, spaces, accents and punctuation ignored), with the
// names the exports of Mautic, HubSpot, Brevo, Mailchimp and Lemlist give them, and French ones.

import { usageError } from '../domain/errors.js';
import { normaliseHeader } from '../import/mapHeaders.js';

export const ACTIVITY_FIELDS = ['email', 'external_id', 'bant_id', 'type', 'occurred_at', 'source'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];
/** What `--map` can send a column to: a field, or `property` to keep it as a property whatever its name. */
export type ActivityMapTarget = ActivityField | 'property';

const FIELD_ALIASES: Record<string, ActivityField> = {};
const field = (target: ActivityField, ...headers: string[]) => {
  for (const header of [target, ...headers]) FIELD_ALIASES[normaliseHeader(header)] = target;
};
// Mautic (`email`, `eventType`, `timestamp`), HubSpot email events (`Recipient`, `Event type`, `Created`),
// Brevo (`email`, `event`, `date`), Mailchimp (`Email Address`, `Action`, `Timestamp`), Lemlist (`leadEmail`,
// `type`, `createdAt`), and French exports.
field('email', 'E-mail', 'Email Address', 'Email_address', 'Recipient', 'Recipient Email', 'Lead Email', 'leadEmail', 'Contact Email', 'Mail',
  'To', 'to_email', 'Adresse e-mail', 'Adresse email', 'Courriel', 'Destinataire', 'E-mail du contact');
field('external_id', 'External Id', 'Contact ID', 'Record ID', 'Lead ID', 'leadId', 'CRM ID', 'Id externe', 'Identifiant externe');
field('bant_id', 'bant id');
field('type', 'Event', 'Event Type', 'eventType', 'Event Name', 'Activity', 'Activity Type', 'Action', 'Interaction', 'Activité', "Type d'activité",
  'Événement', "Type d'événement", 'Evenement');
field('occurred_at', 'Date', 'Timestamp', 'Time', 'Created', 'Created At', 'createdAt', 'Date Added', 'dateAdded', 'Event Date', 'Event Time', 'Date of event',
  'Occurred', 'Occurred At', 'Horodatage', "Date de l'événement", 'Date et heure', 'Date/heure', 'Heure');
field('source', 'Tool', 'Outil');

/** Common property columns under one name, so that a rule's `where: { url }` reads them whatever the tool called them. */
const PROPERTY_ALIASES: Record<string, string> = {};
const property = (name: string, ...headers: string[]) => {
  for (const header of [name, ...headers]) PROPERTY_ALIASES[normaliseHeader(header)] = name;
};
property('url', 'Link', 'Page', 'Page URL', 'Clicked URL', 'Click URL', 'Link URL', 'Lien', 'URL de la page', 'Page visitée');
property('campaign', 'Campaign Name', 'campaignName', 'Campaign Title', 'Email Campaign', 'Campagne', 'Nom de la campagne');
property('subject', 'Email Subject', 'Subject Line', 'Objet', 'Sujet');

export type ActivityColumnTarget = { field: ActivityField } | { property: string };

export interface ActivityColumnPlan {
  columns: { index: number; header: string; target: ActivityColumnTarget }[];
  /** Columns with an empty header: nothing to name their values by, so they are left out. */
  ignored: { index: number }[];
}

/** `--map "Who=email,Quoi=type,Quand=occurred_at,Score=property"`. */
export function parseActivityMap(text: string | undefined): Map<string, ActivityMapTarget> {
  const map = new Map<string, ActivityMapTarget>();
  if (!text) return map;
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const equals = pair.lastIndexOf('=');
    const header = pair.slice(0, equals).trim();
    const target = pair.slice(equals + 1).trim();
    if (equals <= 0 || !header) throw usageError('import.badMap', { value: pair.trim() });
    if (target !== 'property' && !(ACTIVITY_FIELDS as readonly string[]).includes(target)) {
      throw usageError('activity.badMapField', { field: target, header, fields: [...ACTIVITY_FIELDS, 'property'].join(', ') });
    }
    map.set(normaliseHeader(header), target as ActivityMapTarget);
  }
  return map;
}

/**
 * The first column to claim a field gets it; a later one with the same meaning (`Email 2`) is a property under
 * its own header, like every column no field claims.
 */
export function planActivityColumns(headers: readonly string[], overrides: ReadonlyMap<string, ActivityMapTarget>): ActivityColumnPlan {
  const plan: ActivityColumnPlan = { columns: [], ignored: [] };
  const claimed = new Set<string>();
  const names = new Set<string>();
  headers.forEach((raw, index) => {
    const header = raw.trim();
    const key = normaliseHeader(header);
    if (!key) {
      plan.ignored.push({ index });
      return;
    }
    const target = overrides.get(key) ?? FIELD_ALIASES[key];
    if (target && target !== 'property' && !claimed.has(target)) {
      claimed.add(target);
      plan.columns.push({ index, header, target: { field: target } });
      return;
    }
    let name = (target === 'property' ? undefined : PROPERTY_ALIASES[key]) ?? header;
    for (let n = 2; names.has(name); n++) name = `${header} (${n})`;
    names.add(name);
    plan.columns.push({ index, header, target: { property: name } });
  });
  return plan;
}

/** The field of each kind the plan found, by column index. */
export function fieldColumns(plan: ActivityColumnPlan): Partial<Record<ActivityField, number>> {
  const found: Partial<Record<ActivityField, number>> = {};
  for (const column of plan.columns) if ('field' in column.target) found[column.target.field] = column.index;
  return found;
}
