// Writes a synthetic lead list of any size: `node scripts/bench/generateLeads.mjs 1000000 > leads.csv`.
// Realistic shape (quoted commas, accents, empty cells, a custom column), unique emails, deterministic.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIRST = ['Jeanne', 'Hélène', 'Mathieu', 'Olivia', 'James', 'Priya', 'Étienne', 'Noah', 'Chloé', 'Liam'];
const LAST = ['Martin', 'Dupré', 'Lefèvre', 'Walsh', 'Patel', 'Okafor', "O'Brien", 'Nguyen', 'Moreau', 'Reid'];
const COMPANIES = ['Acme', 'Boulangeries Dupré', '"Dupont, Fils & Cie"', 'Northwind Traders', 'Énergies Vertes', 'Ledgerly', 'Atlas Insurance Group'];
const TITLES = ['CEO', 'DSI', '"VP, Sales"', 'Head of Marketing', 'Responsable achats', ''];
const STAGES = ['prospect', 'lead', 'mql', 'nurturing'];

export const HEADER = 'email,first_name,last_name,company,title,phone,country,industry,employees,annual_revenue,source,owner,external_id,stage,campaign';

export function leadLine(i) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[(i >> 3) % LAST.length];
  return [
    `lead${i}@company${i % 9973}.example`,
    first,
    last,
    COMPANIES[i % COMPANIES.length],
    TITLES[i % TITLES.length],
    `+33 1 ${String(i % 100).padStart(2, '0')} ${String((i >> 7) % 100).padStart(2, '0')} 00 00`,
    i % 2 ? 'France' : 'United Kingdom',
    i % 3 ? 'Software' : '',
    String(10 + (i % 5000)),
    i % 4 ? String((i % 900) * 10000) : '',
    ['webinar', 'salon', 'linkedin', 'site web'][i % 4],
    ['alice', 'bob', 'chloe', ''][i % 4],
    `CRM-${i}`,
    STAGES[i % STAGES.length],
    `Q${1 + (i % 4)}-2026`,
  ].join(',');
}

/** Writes `rows` leads to `file`; returns when the file is complete. */
export async function generateLeads(file, rows) {
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  await write(`${HEADER}\n`);
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    batch += `${leadLine(i)}\n`;
    if (i % 10_000 === 0) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise((resolve) => out.end(resolve));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1000);
  const file = process.argv[3] ?? '/dev/stdout';
  await generateLeads(file, rows);
}
