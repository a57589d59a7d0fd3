import { BANT_APPLICATION_ID } from '../identifyDatabase.js';
import type { Migration } from './index.js';

// The mark that says "this file is bant's" in the header (application id "BANT"), so that a file is
// recognised, or refused as another program's, before anything is written to it.
export const nameKeyAndApplicationId: Migration = {
  name: 'the application id',
  up(db) {
    db.pragma(`application_id = ${BANT_APPLICATION_ID}`);
  },
};
