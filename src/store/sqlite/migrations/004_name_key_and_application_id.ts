import { nameKey } from '../../../domain/lead.js';
import { BANT_APPLICATION_ID } from '../identifyDatabase.js';
import type { Migration } from './index.js';

// A lead known only by its name is the same lead as another with the same person name and company (case,
// accents and spaces ignored): `name_key` holds that folded name for leads with neither an email nor an
// external id, under a unique partial index, so that importing a list of names twice creates nothing the
// second time, as fast as the email index does it (INSERT OR IGNORE). The fold is JavaScript's
// (src/domain/lead.ts), so the key is computed by bant and stored, not by SQL.
//
// Also the mark that says "this file is bant's" in the header (application id "BANT"), so that a file is
// recognised, or refused as another program's, before anything is written to it.
export const nameKeyAndApplicationId: Migration = {
  name: 'name key of leads known only by their name, and the application id',
  up(db) {
    db.exec('ALTER TABLE leads ADD COLUMN name_key TEXT');
    const rows = db
      .prepare('SELECT id, first_name AS firstName, last_name AS lastName, company FROM leads WHERE email IS NULL AND external_id IS NULL AND forgotten_at IS NULL ORDER BY id')
      .all() as { id: number; firstName: string | null; lastName: string | null; company: string | null }[];
    const setKey = db.prepare('UPDATE leads SET name_key = ? WHERE id = ?');
    // Duplicates made by earlier imports stay as they are (nothing is deleted): the oldest holds the key.
    const taken = new Set<string>();
    for (const row of rows) {
      const key = nameKey(row);
      if (key === null || taken.has(key)) continue;
      taken.add(key);
      setKey.run(key, row.id);
    }
    db.exec('CREATE UNIQUE INDEX leads_by_name_key ON leads (name_key) WHERE name_key IS NOT NULL');
    db.pragma(`application_id = ${BANT_APPLICATION_ID}`);
  },
};
