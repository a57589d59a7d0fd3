// What the store tests share: who acts and when, the error a use case throws, and checks made from outside
// bant (another connection, raw SQL) on either engine.

import { loadFramework } from '../../src/qualify/loadFramework.js';
import { frameworkToStore } from '../../src/qualify/storedFramework.js';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { importLeads, type ImportHooks, type ImportOptions } from '../../src/import/importLeads.js';
import type { Store, StoreTx, StoredFramework } from '../../src/store/store.js';
import { engineOf, queryTarget } from './engines.js';

export const who = { at: '2026-11-20T10:00:00.000Z', by: 'alice', today: '2026-11-20' };

/** `exitCode key` of the BantError a use case throws, or 'no error'; anything else is a bug, thrown again. */
export async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BantError) return `${error.exitCode} ${error.key}`;
    throw error;
  }
  return 'no error';
}

const IMPORT_DEFAULTS: ImportOptions = { onDuplicate: 'skip', stage: 'lead', nullValues: [], dryRun: false };

/** A text in small pieces, the way a file or a pipe hands it over (17 bytes: rows cut anywhere). */
export async function* chunks(text: string, size = 17): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The import use case on a CSV text. */
export function importCsv(store: Store, text: string, options: Partial<ImportOptions> = {}, when = who, hooks: ImportHooks = {}) {
  return importLeads(store, chunks(text, text.length > 10_000 ? 65_536 : 17), 'test.csv', { ...IMPORT_DEFAULTS, ...options }, when, hooks);
}

/** stage_days, kept by every stage change, agrees with counting the leads by stage and day entered. */
export async function expectStageDaysInStep(target: string): Promise<void> {
  const kept = await queryTarget(target, 'SELECT stage, day, count FROM stage_days WHERE count <> 0 ORDER BY 1, 2');
  const counted = await queryTarget(target, 'SELECT stage, substr(stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads GROUP BY 1, 2 ORDER BY 1, 2');
  expect(kept).toEqual(counted);
}

/**
 * criterion_days, kept by every decision, agrees with counting the decided qualifications' criteria by
 * framework, day, status and whether the lead went to nurturing; and each decision's hours to decision agree
 * with its two dates.
 */
export async function expectCriterionDaysInStep(target: string): Promise<void> {
  const kept = await queryTarget(target, 'SELECT framework_id, day, criterion, status, nurturing, count FROM criterion_days ORDER BY 1, 2, 3, 4, 5');
  const counted = await queryTarget(
    target,
    `SELECT q.framework_id, substr(q.decided_at, 1, 10) AS day, c.criterion, c.status, CASE WHEN q.final_stage = 'nurturing' THEN 1 ELSE 0 END AS nurturing, count(*) AS count
     FROM qualification_criteria c JOIN qualifications q ON q.id = c.qualification_id WHERE q.status = 'done' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  expect(kept).toEqual(counted);
  const decisions = await queryTarget<{ id: number; decided_at: string; reached_mql_at: string | null; hours_to_decision: number | null }>(
    target,
    "SELECT id, decided_at, reached_mql_at, hours_to_decision FROM qualifications WHERE status = 'done' ORDER BY id",
  );
  for (const row of decisions) {
    const hours = row.reached_mql_at === null ? null : (Date.parse(row.decided_at) - Date.parse(row.reached_mql_at)) / 3_600_000;
    expect(row.hours_to_decision, `qualification ${row.id}`).toBe(hours);
  }
}

/** The furthest funnel step kept on each lead agrees with its history. */
export async function expectReachedRankInStep(target: string): Promise<number[]> {
  const rows = await queryTarget<{ id: number; kept: number; from_history: number }>(
    target,
    `SELECT l.id, l.reached_rank AS kept,
            (SELECT max(CASE h.to_stage WHEN 'lead' THEN 1 WHEN 'mql' THEN 2 WHEN 'sql' THEN 3 WHEN 'customer' THEN 4 ELSE 0 END)
             FROM stage_history h WHERE h.lead_id = l.id) AS from_history
     FROM leads l ORDER BY l.id`,
  );
  for (const row of rows) expect(row.kept, `lead ${row.id}`).toBe(row.from_history);
  return rows.map((row) => row.kept);
}

/**
 * Another connection (another bant process, another SDR) trying to change the lead now, without waiting:
 * 'blocked' if a lock keeps it out, 'written' if it got through.
 */
export async function anotherWriter(target: string, leadId: number): Promise<'blocked' | 'written'> {
  if (engineOf(target) === 'sqlite') {
    const db = new Database(target);
    try {
      db.pragma('busy_timeout = 0');
      db.prepare('UPDATE leads SET updated_at = updated_at WHERE id = ?').run(leadId);
      return 'written';
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return 'blocked';
      throw error;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    await client.query("SET lock_timeout = '200ms'");
    await client.query('UPDATE leads SET updated_at = updated_at WHERE id = $1', [leadId]);
    return 'written';
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return 'blocked';
    throw error;
  } finally {
    await client.end();
  }
}

/** The shipped BANT framework, kept in the store as a qualification keeps its framework: what a draft names. */
export async function keptBant(tx: StoreTx, at: string): Promise<StoredFramework> {
  const stored = frameworkToStore(loadFramework('bant'));
  await tx.frameworks.keep(stored, at);
  return stored;
}
