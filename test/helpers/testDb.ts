import path from 'node:path';
import { LeadRepository } from '../../src/db/leadRepository.js';
import { openDatabase, type Db } from '../../src/db/openDatabase.js';
import { tempDir } from './tempDir.js';

/** A real SQLite file in a temp dir, migrated to the latest schema. */
export function testDb(): { db: Db; leads: LeadRepository; file: string } {
  const file = path.join(tempDir(), 'bant.db');
  const db = openDatabase(file);
  return { db, leads: new LeadRepository(db), file };
}

export const who = { at: '2026-11-20T10:00:00.000Z', by: 'alice', today: '2026-11-20' };
