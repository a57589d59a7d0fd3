// The importer against whatever bytes a user may hand it (fast-check, a bounded number of runs, in-process
// against a real SQLite file: the engine whose file integrity can be checked byte by byte): every input ends in success with rows = created + updated + skipped +
// rejected, or in a BantError with exit 3 that left the database as it was; never another error. After
// either, the file passes integrity_check and the kept counts agree with the leads.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { importLeads, type ImportOptions } from '../../src/import/importLeads.js';
import type { Db } from '../../src/store/sqlite/openSqliteDatabase.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { who } from '../helpers/storeChecks.js';
import { tempDir } from '../helpers/tempDir.js';

const RUNS = 200;

/** A database with a few leads of each kind (email, external id, name only), copied afresh for every run. */
async function templateDatabase(): Promise<string> {
  const file = path.join(tempDir(), 'template.db');
  const store = openSqliteStore(file);
  const seed = 'email,first_name,last_name,company,external_id,stage\njeanne@acme.fr,Jeanne,Martin,Acme,,mql\n,Paul,,Acme,SF-1,lead\n,Hélène,Dupré,Café du Port,,prospect\n';
  await importLeads(store, chunked(Buffer.from(seed), 1024), 'seed.csv', { onDuplicate: 'skip', stage: 'lead', nullValues: [], dryRun: false }, who);
  await store.close();
  return file;
}

const HEADERS = ['email', 'E-mail', 'first_name', 'Prénom', 'Nom', 'Société', 'company', 'employees', 'Effectif', 'annual_revenue', 'stage', 'Lifecycle Stage', 'score', 'follow_up_on', 'created_at', 'external_id', 'Record ID', 'notes', 'Téléphone', '', 'bant_id', 'custom ☃'];
/** What each kind of column mostly holds, and what goes wrong in it: rows get far enough to meet the bad. */
const NAMES = ['Jeanne', 'HELENE', 'Hélène', 'Dupré', 'Café du Port', 'Acme', 'acme', 'O’Brien', '🎉', ''];
const NUMBERS = ['12', '1 200', '0', '', '99999999999999999999', '9223372036854775808', '9007199254740993', '1e400', '1,5', '-3', 'NaN', 'lots'];
const COLUMNS: Record<string, { good: string[]; bad: string[] }> = {
  email: { good: ['jeanne@acme.fr', 'JEANNE@ACME.FR', 'a@b.co', 'x@y.io', ''], bad: ['not-an-email', 'a@b', ' @ '] },
  name: { good: NAMES, bad: ['\u0000', '\u200b', 'x'.repeat(300)] },
  number: { good: NUMBERS.slice(0, 4), bad: NUMBERS.slice(4) },
  stage: { good: ['mql', 'lead', 'customer', 'opportunity', 'Marketing Qualified Lead', ''], bad: ['won', '???'] },
  score: { good: ['50', '0', '100', ''], bad: ['101', '-1', 'high'] },
  date: { good: ['2026-11-20', '2026-11-20T10:00:00Z', ''], bad: ['2026-02-30', 'yesterday', '99999-01-01'] },
  id: { good: ['SF-1', 'SF-2', '42', ''], bad: ['"quoted, with comma"', '"line\nbreak"'] },
  other: { good: ['note', '', 'Budget voté'], bad: ['"doubled ""quote"""', '"never closed', '\uFEFF'] },
};
const KIND: Record<string, keyof typeof COLUMNS> = {
  email: 'email', 'E-mail': 'email', first_name: 'name', 'Prénom': 'name', Nom: 'name', 'Société': 'name', company: 'name', employees: 'number',
  Effectif: 'number', annual_revenue: 'number', stage: 'stage', 'Lifecycle Stage': 'stage', score: 'score', follow_up_on: 'date', created_at: 'date',
  external_id: 'id', 'Record ID': 'id', bant_id: 'id',
};

function cellFor(header: string): fc.Arbitrary<string> {
  const { good, bad } = COLUMNS[KIND[header] ?? 'other']!;
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: fc.constantFrom(...bad) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
}

/** A lead list as people make them: a header, rows mostly as wide as it, plausible and implausible cells. */
const leadList = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    header: fc.uniqueArray(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 7 }),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  })
  .chain(({ delimiter, header, lineEnd }) =>
    fc
      .array(
        fc.oneof(
          { weight: 5, arbitrary: fc.tuple(...header.map(cellFor)) },
          { weight: 1, arbitrary: fc.array(cellFor('other'), { maxLength: 9 }) },
        ),
        { maxLength: 25 },
      )
      .map((rows) => [header, ...rows].map((row) => row.join(delimiter)).join(lineEnd)),
  );

/** The text in the encodings files come in, or bytes bent out of shape. */
const fileBytes = fc.oneof(
  { weight: 3, arbitrary: leadList.map((text) => Buffer.from(text, 'utf8')) },
  { weight: 1, arbitrary: leadList.map((text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])) },
  { weight: 1, arbitrary: leadList.map((text) => Buffer.from(text, 'latin1')) },
  { weight: 1, arbitrary: leadList.map((text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(leadList, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }))
      .map(([text, changes]) => {
        const bytes = Buffer.from(text, 'utf8');
        for (const [at, byte] of changes) if (bytes.length) bytes[at % bytes.length] = byte;
        return bytes;
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)) },
);

const importOptions = fc.record({
  onDuplicate: fc.constantFrom('skip', 'update') as fc.Arbitrary<ImportOptions['onDuplicate']>,
  dryRun: fc.boolean(),
  encoding: fc.constantFrom(undefined, 'utf8', 'latin1') as fc.Arbitrary<ImportOptions['encoding']>,
  delimiter: fc.constantFrom(undefined, ',', ';'),
  nullValues: fc.constantFrom<string[]>([], ['N/A', 'Select']),
});

async function* chunked(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const TABLES = ['leads', 'stage_history', 'stage_days', 'imports', 'qualifications', 'qualification_answers'];
const snapshot = (db: Db) => JSON.stringify(TABLES.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()));

describe('importing any bytes at all (property-based)', () => {
  it(`ends in success whose counts add up, or exit 3 with nothing written; never anything else (${RUNS} runs)`, async () => {
    const template = await templateDatabase();
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fileBytes, importOptions, fc.integer({ min: 1, max: 64 }), async (bytes, options, chunkSize) => {
        const file = path.join(dir, `run-${run++}.db`);
        fs.copyFileSync(template, file);
        const store = openSqliteStore(file);
        const db = store.db;
        try {
          const before = snapshot(db);
          try {
            const result = await importLeads(store, chunked(bytes, chunkSize), 'fuzz.csv', { stage: 'lead', ...options }, who);
            expect(result.rows).toBe(result.created + result.updated + result.skipped + result.rejected);
            if (options.dryRun) expect(snapshot(db)).toBe(before);
          } catch (error) {
            expect(error).toBeInstanceOf(BantError);
            expect((error as BantError).exitCode).toBe(3);
            expect(snapshot(db)).toBe(before);
          }
          expect(db.inTransaction).toBe(false);
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(db.pragma('foreign_key_check')).toEqual([]);
          const kept = db.prepare('SELECT stage, day, count FROM stage_days WHERE count <> 0 ORDER BY 1, 2').all();
          const counted = db.prepare('SELECT stage, substr(stage_changed_at, 1, 10) AS day, count(*) AS count FROM leads GROUP BY 1, 2 ORDER BY 1, 2').all();
          expect(kept).toEqual(counted);
          expect(db.prepare('SELECT count(*) AS n FROM leads WHERE name_key IS NOT NULL AND (email IS NOT NULL OR external_id IS NOT NULL)').get()).toEqual({ n: 0 });
        } finally {
          await store.close();
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
