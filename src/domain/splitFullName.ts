// A person's whole name in one cell ("Jeanne Martin", "Martin, Jeanne", "Dr. Jean-Pierre de la Fontaine")
// → first name and last name, for lead lists that have a single name column.

/** Courtesy titles written before a name in CRM exports (Salesforce's and Zoho's Salutation, French ones). */
const SALUTATIONS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'm', 'mme', 'mlle', 'me', 'pr', 'monsieur', 'madame', 'mademoiselle']);

/** Words that start a family name rather than end a first name: "Jean de la Fontaine", "Ludwig van Beethoven". */
const PARTICLES = new Set(['de', 'du', 'des', 'del', 'della', 'di', 'da', 'dos', 'das', 'van', 'von', 'der', 'den', 'ter', 'le', 'la', 'st', 'saint', 'mac', 'bin', 'ibn', 'al', 'el']);

export interface PersonName {
  firstName: string | null;
  lastName: string | null;
}

/**
 * "Last, First" when there is a comma; otherwise the first word is the first name and the rest the last name,
 * except that a family-name particle (de, van, von…) starts the last name. A single word is taken as the last
 * name, the one CRMs require (Salesforce and Zoho leads must have a last name).
 */
export function splitFullName(text: string): PersonName {
  const comma = text.indexOf(',');
  if (comma !== -1) {
    const last = clean(text.slice(0, comma));
    const first = dropSalutation(words(text.slice(comma + 1))).join(' ');
    if (last) return { firstName: first || null, lastName: last };
  }
  const parts = dropSalutation(words(text));
  if (parts.length === 0) return { firstName: null, lastName: null };
  if (parts.length === 1) return { firstName: null, lastName: parts[0]! };
  let split = 1;
  // "Jean-Pierre Marie de la Fontaine": the first names run until a particle, when one follows.
  const particle = parts.findIndex((part, index) => index > 0 && index < parts.length - 1 && PARTICLES.has(part.toLowerCase()));
  if (particle > 0) split = particle;
  return { firstName: parts.slice(0, split).join(' '), lastName: parts.slice(split).join(' ') };
}

function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

function clean(text: string): string {
  return words(text).join(' ');
}

function dropSalutation(parts: string[]): string[] {
  return parts.length > 1 && SALUTATIONS.has(parts[0]!.toLowerCase().replace(/\.$/, '')) ? parts.slice(1) : parts;
}
