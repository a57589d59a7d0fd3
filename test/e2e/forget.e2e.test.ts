// `bant leads forget` erases the person everywhere they were written, down to the bytes of the database
// files: the test reads bant.db and bant.db-wal raw, the way someone recovering deleted data would.

import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { keptBant } from '../helpers/storeChecks.js';
import { queryDb as query } from '../helpers/queryDb.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

/** Words that appear nowhere but in the two people's data. */
const PERSONAL = ['xylophane', 'zorblax', 'quarkington', 'vexillum', 'ysolde', 'zaphodine'];

/** Every file of the database (the file, its -wal, its -shm) as lower-case text, whatever the bytes. */
function rawBytes(db: string): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${db}${suffix}`)
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1').toLowerCase())
    .join('\n');
}

/** Another process that opens the database, reads it once, and keeps it open until killed. */
async function holdOpen(db: string, { reading = false } = {}): Promise<ChildProcess> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const read = reading ? "db.exec('BEGIN'); " : ''; // a read transaction left open pins the -wal
  const script = `const db = new (require(${JSON.stringify(driver)}))(${JSON.stringify(db)}); ${read}db.prepare('SELECT count(*) FROM leads').get(); console.log('open'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child;
}

describe('bant leads forget', () => {
  it('leaves no byte of the person in the database files: fields, custom fields, history reasons, answers, notes, overrides, drafts', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'bant.db');
    const list = path.join(dir, 'list.csv');
    fs.writeFileSync(
      list,
      [
        'email,first_name,last_name,company,phone,stage,notes',
        'quentin.xylophane@zorblax.example,Quentin,Xylophane,Zorblax Industries,+33 6 12 34 56 78,mql,Met Quentin Xylophane at the Zorblax stand',
        ',Ysolde,Quarkington,Vexillum SARL,,mql,Ysolde likes Vexillum',
        'keeper@other.example,Kept,Person,Other Co,,mql,',
      ].join('\n') + '\n',
    );
    expect(runBant(['import', list], { db }).code).toBe(0);
    // Another process with the database open all along keeps each bant from deleting the -wal when it
    // closes: the older page versions written there must be gone all the same.
    const other = await holdOpen(db);
    // Edits move records inside their pages and leave older copies behind, unless they are zeroed.
    expect(runBant(['leads', 'edit', '1', '--title', 'Chief Xylophane Officer', '--set', 'hobby=Zorblax golf'], { db }).code).toBe(0);
    expect(runBant(['leads', 'edit', '2', '--title', 'Head of Quarkington'], { db }).code).toBe(0);
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({
        'budget.status': 'allocated',
        'authority.role': 'influencer',
        'authority.decision_maker_identified': true,
        'authority.decision_maker_name': 'Zaphodine Xylophane',
        'timeline.horizon': '1_3m',
        'need.pain': 'Quentin Xylophane types Zorblax invoices by hand',
        'need.severity': 4,
        'need.fit': 'yes',
      }),
    );
    const qualified = runBant(['qualify', '1', '--answers', answers, '--override', 'sql', '--reason', 'Quentin Xylophane signs next week'], { db });
    expect(qualified.code).toBe(0);
    expect(runBant(['stage', '1', 'nurturing', '--reason', 'Xylophane budget moved to Q3'], { db }).code).toBe(0);
    // A draft left by an interview stopped with Ctrl-C.
    const store = openSqliteStore(db);
    await store.transaction(async (tx) => {
      const draft = await tx.qualifications.startDraft(2, 'alice', await keptBant(tx, '2026-11-20T10:00:00.000Z'), '2026-11-20T10:00:00.000Z');
      await tx.qualifications.saveAnswer(draft, 'need.pain', 'Ysolde Quarkington cannot find Vexillum invoices');
      await tx.qualifications.saveNote(draft, 'budget', 'Ysolde will ask Vexillum finance');
    });
    await store.close();
    expect(rawBytes(db)).toContain('xylophane'); // the test would prove nothing otherwise

    expect(runBant(['leads', 'forget', 'quentin.xylophane@zorblax.example', '--yes'], { db }).code).toBe(0);
    const forgotten = runBant(['leads', 'forget', '2', '--yes'], { db });
    expect(forgotten.code).toBe(0);
    expect(forgotten.stderr).not.toMatch(/older copies/);

    const bytes = rawBytes(db);
    other.kill();
    for (const word of PERSONAL) expect(bytes.includes(word), `"${word}" is still in the database files`).toBe(false);
    expect(bytes).toContain('keeper@other.example'); // the others are still there
    // What stays is anonymous: stages, the decision, statuses and score, for the counts of the reports.
    expect(query(db, 'SELECT stage, owner, email, custom, name_key FROM leads WHERE id IN (1, 2) ORDER BY id')).toEqual([
      { stage: 'nurturing', owner: null, email: null, custom: '{}', name_key: null },
      { stage: 'mql', owner: null, email: null, custom: '{}', name_key: null },
    ]);
    expect(query(db, 'SELECT decision, final_stage, score, notes, override_reason FROM qualifications')).toEqual([
      { decision: 'nurturing', final_stage: 'sql', score: 87.5, notes: '{}', override_reason: null },
    ]);
    expect(query(db, "SELECT question_id FROM qualification_answers WHERE json_type(value) = 'text'")).toEqual([]);
    expect(query(db, 'SELECT count(*) AS n FROM qualification_criteria')).toEqual([{ n: 4 }]);
    expect(query(db, 'SELECT count(*) AS n FROM stage_history WHERE reason IS NOT NULL AND lead_id IN (1, 2)')).toEqual([{ n: 0 }]);
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('while another process keeps reading, says that copies stay until it ends; forgetting again by id then removes them', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'bant.db');
    expect(runBant(['leads', 'add', '--email', 'quentin@zorblax.example', '--last-name', 'Xylophane'], { db }).code).toBe(0);
    const reader = await holdOpen(db, { reading: true });
    const first = runBant(['leads', 'forget', 'quentin@zorblax.example', '--yes'], { db, env: { BANT_BUSY_TIMEOUT: '0.2' } });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/older copies of the erased data stay in .*bant\.db-wal until it ends; then run 'bant leads forget 1 --yes'/);
    reader.kill();
    await new Promise((resolve) => reader.on('exit', resolve));
    const again = runBant(['leads', 'forget', '1', '--yes'], { db });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/older copies/);
    for (const word of ['xylophane', 'zorblax']) expect(rawBytes(db).includes(word), word).toBe(false);
  });
});
