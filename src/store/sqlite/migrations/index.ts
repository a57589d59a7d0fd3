// Numbered schema steps (Signal-Desktop's way): the position in MIGRATIONS is the version stored in
// PRAGMA user_version. Never edit a step that has shipped; add the next one. The PostgreSQL engine has the
// same steps, numbered alike, in its own dialect (src/store/postgres/migrations).

import type Database from 'better-sqlite3';
import { invalidInput } from '../../../domain/errors.js';
import { SCHEMA_VERSION } from '../../schemaVersion.js';
import { leadsAndStageHistory } from './001_leads_and_stage_history.js';
import { imports } from './002_imports.js';
import { qualifications } from './003_qualifications.js';
import { nameKeyAndApplicationId } from './004_name_key_and_application_id.js';
import { claims } from './005_claims.js';
import { frameworks } from './006_frameworks.js';
import { activitiesAndLeadScores } from './007_activities_and_lead_scores.js';
import { activitiesStoredByLead } from './008_activities_stored_by_lead.js';
import { whatReportsRead } from './009_what_reports_read.js';
import { leadsImportWithoutForeignKey } from './010_leads_import_without_foreign_key.js';

export interface Migration {
  name: string;
  up: string | ((db: Database.Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [leadsAndStageHistory, imports, qualifications, nameKeyAndApplicationId, claims, frameworks, activitiesAndLeadScores, activitiesStoredByLead, whatReportsRead, leadsImportWithoutForeignKey];

if (MIGRATIONS.length !== SCHEMA_VERSION) throw new Error(`the SQLite migrations stop at ${MIGRATIONS.length}, the schema is at ${SCHEMA_VERSION}`);

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending step up to `target` in one transaction; a newer file than this code is refused. */
export function migrate(db: Database.Database, target: number = SCHEMA_VERSION): void {
  const refuseNewer = (version: number) => {
    if (version > SCHEMA_VERSION) throw invalidInput('db.newerSchema', { version, known: SCHEMA_VERSION });
  };
  const before = schemaVersion(db);
  refuseNewer(before);
  if (before >= target) return;
  // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate it.
  db.transaction(() => {
    const current = schemaVersion(db);
    refuseNewer(current);
    for (let version = current; version < target; version++) {
      const step = MIGRATIONS[version]!;
      if (typeof step.up === 'string') db.exec(step.up);
      else step.up(db);
    }
    if (current < target) db.pragma(`user_version = ${target}`);
  }).immediate();
}
