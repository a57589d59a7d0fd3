import type { Migration } from './index.js';

// The PostgreSQL step drops the foreign key from leads.import_id to imports: its check ran for every lead an
// import wrote, and was the largest part of the server's work in a large import. SQLite's import does not
// check foreign keys while it writes (SqliteStore turns them off for a bulk write), and rewriting the leads
// table to drop the key would cost a large database a long migration: nothing changes here, the step only
// keeps both engines at the same version.
export const leadsImportWithoutForeignKey: Migration = {
  name: 'leads name their import without a foreign key',
  up: 'SELECT 1',
};
