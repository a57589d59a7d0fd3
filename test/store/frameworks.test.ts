// Each qualification keeps the framework it was decided under (its content, once per distinct content, by
// hash), and `why`, `leads show` and `report gaps` explain it with that framework even after the file
// changed: in-process commands against a real store of each engine.

import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { copyDatabase } from '../../src/copy/copyDatabase.js';
import { addLead } from '../../src/leads/addLead.js';
import { run } from '../../src/main.js';
import { migratePostgres } from '../../src/store/postgres/connectPostgres.js';
import { openSqliteDatabase } from '../../src/store/sqlite/openSqliteDatabase.js';
import type { Engine } from '../../src/store/store.js';
import { ALL_MET } from '../helpers/answers.js';
import { ENGINES, execTarget, freshPostgresDatabase, freshTarget, openTargetStore, queryTarget as query } from '../helpers/engines.js';
import { ScriptedPrompter, terminalContext, type Step } from '../helpers/scriptedPrompter.js';
import { tempDir } from '../helpers/tempDir.js';

const bantFile = () => JSON.parse(fs.readFileSync('data/frameworks/bant.json', 'utf8'));

async function withLeads(db: string, count: number) {
  const store = await openTargetStore(db);
  for (let i = 1; i <= count; i++) await addLead(store, { texts: { company: `Company ${i}` }, stage: 'mql', custom: {} }, { at: '2026-11-21T09:00:00.000Z', by: 'tester', today: '2026-11-21' });
  await store.close();
}

/** A bant command run in-process against `db`; answers to prompts from `steps`. */
async function bant(db: string, args: string[], env: Record<string, string> = {}, steps: Step[] = []) {
  const { ctx, output, messages } = terminalContext(db, new ScriptedPrompter(steps), env);
  const code = await run(args, ctx);
  return { code, output: output(), messages: messages() };
}

function answersFile(dir: string, answers: Record<string, unknown>): string {
  const file = path.join(dir, `answers-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(answers));
  return file;
}

/**
 * A team's own framework, v1: BANT with the budget question named `bstatus` (nothing like its criterion's
 * id), so that answers are grouped by the framework's structure or not at all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a framework file as JSON, changed in place by the test
type FrameworkJson = any;

function ourFramework(): FrameworkJson {
  const framework = JSON.parse(JSON.stringify(bantFile()).replaceAll('"budget.status"', '"bstatus"'));
  framework.id = 'ours';
  delete framework.exampleAnswers;
  return framework;
}

/** v2 of the same file: other words, another budget rule, budget last. */
function ourFrameworkV2(): FrameworkJson {
  const framework = ourFramework();
  framework.version = 2;
  const [budget] = framework.criteria.splice(0, 1);
  budget.label = { en: 'Spend', fr: 'Dépense' };
  budget.questions[0].options[0].label = { en: 'Signed off', fr: 'Validé' };
  budget.rules[1].explain = { en: 'money signed off', fr: 'argent validé' };
  framework.criteria.push(budget);
  return framework;
}

const OUR_ANSWERS = { ...Object.fromEntries(Object.entries(ALL_MET).filter(([id]) => id !== 'budget.status')), bstatus: 'allocated' };

describe.each(ENGINES)('the framework each qualification was decided under, on %s', (engine: Engine) => {
  it('a decision keeps its framework: content once per distinct content, its hash on the qualification and on the draft', async () => {
    const db = await freshTarget(engine);
    await withLeads(db, 3);
    const dir = tempDir();
    const answers = answersFile(dir, ALL_MET);
    expect((await bant(db, ['qualify', '1', '--answers', answers])).code).toBe(0);
    expect((await bant(db, ['qualify', '2', '--answers', answers])).code).toBe(0);
    const kept = await query<{ hash: string; id: string; version: number; content: string }>(db, 'SELECT hash, id, version, content FROM frameworks');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ id: 'bant', version: 1 });
    expect(kept[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(kept[0]!.content)).toMatchObject({ id: 'bant', criteria: [{ id: 'budget' }, { id: 'authority' }, { id: 'timeline' }, { id: 'need' }] });
    expect(await query(db, 'SELECT DISTINCT framework_id, framework_version, framework_hash FROM qualifications')).toEqual([
      { framework_id: 'bant', framework_version: 1, framework_hash: kept[0]!.hash },
    ]);

    // An interview stopped after one answer: the draft names its framework too.
    const stopped = await bant(db, ['qualify', '3', '--framework', 'champ'], {}, [[/What challenge/, 'Invoices'], [/What does it cost/, 'CTRL-C']]);
    expect(stopped.code).toBe(130);
    const [draft] = await query<{ framework_id: string; framework_hash: string }>(db, "SELECT framework_id, framework_hash FROM qualifications WHERE status = 'draft'");
    expect(draft?.framework_id).toBe('champ');
    expect(await query(db, 'SELECT id FROM frameworks WHERE hash = ?', draft!.framework_hash)).toEqual([{ id: 'champ' }]);
  });

  it('decided under v1, explained with v1 after the file changed to v2: why, leads show and report gaps', async () => {
    const db = await freshTarget(engine);
    await withLeads(db, 2);
    const dir = tempDir();
    const file = path.join(dir, 'ours.json');
    fs.writeFileSync(file, JSON.stringify(ourFramework()));
    const env = { BANT_FRAMEWORK: file };
    expect((await bant(db, ['qualify', '1', '--answers', answersFile(dir, OUR_ANSWERS)], env)).code).toBe(0);

    fs.writeFileSync(file, JSON.stringify(ourFrameworkV2()));
    const why = await bant(db, ['why', '1'], env);
    expect(why.code).toBe(0);
    expect(why.output).toMatch(/\(ours v1\)/);
    // The budget answer (`bstatus`) under Budget, with v1's words, first as v1 ordered it.
    expect(why.output).toMatch(/Criterion[\s\S]*?\n│ Budget\s+│ Allocated\s+│ met\s+│ a budget is allocated\s+│\n│ Authority/);
    expect(why.output).not.toMatch(/Spend|Signed off|money signed off/);
    expect(why.messages).toBe('');

    const shown = await bant(db, ['leads', 'show', '1'], env);
    expect(shown.output).toMatch(/ours v1\s+│ Budget: met, Authority: met, Timeline: met, Need: met/);

    const gaps = await bant(db, ['report', 'gaps'], env);
    expect(gaps.output).toMatch(/│ Budget\s+│ 1/);
    expect(gaps.output).not.toMatch(/Spend/);

    // A second qualification under v2: both count under `ours`, named as the latest (v2) names them.
    expect((await bant(db, ['qualify', '2', '--answers', answersFile(dir, { ...OUR_ANSWERS, bstatus: 'planned' })], env)).code).toBe(0);
    expect(await query(db, 'SELECT id, version FROM frameworks ORDER BY version')).toEqual([{ id: 'ours', version: 1 }, { id: 'ours', version: 2 }]);
    const both = JSON.parse((await bant(db, ['report', 'gaps', '--format', 'json'], env)).output);
    expect(both.frameworks).toEqual([{ framework: 'ours', qualifications: 2, nurturing: 1 }]);
    expect(both.criteria.map((row: { criterion: string }) => row.criterion)).toEqual(['budget', 'authority', 'timeline', 'need']);
    expect(both.criteria[0]).toMatchObject({ framework: 'ours', criterion: 'budget', met: 1, partial: 1, sentToNurturing: 1, nurturingShare: 100 });
    expect((await bant(db, ['report', 'gaps'], env)).output).toMatch(/│ Spend\s+│ 1\s+│ 1/);
    expect((await bant(db, ['why', '2'], env)).output).toMatch(/\(ours v2\)[\s\S]*│ Spend\s+│ Planned, not yet allocated/);
    expect((await bant(db, ['why', '1'], {})).output).toMatch(/\(ours v1\)[\s\S]*│ Budget\s+│ Allocated/); // even with no BANT_FRAMEWORK at all
  });

  it('report gaps groups criteria per framework when a period mixes several', async () => {
    const db = await freshTarget(engine);
    await withLeads(db, 3);
    const dir = tempDir();
    await bant(db, ['qualify', '1', '--answers', answersFile(dir, { ...ALL_MET, 'budget.status': 'planned' })]);
    const champ = {
      'challenges.problem': 'Invoices', 'challenges.impact': 'critical', 'challenges.fit': 'yes', 'authority.role': 'decision_maker',
      'money.funding': 'none', 'prioritization.rank': 'top', 'prioritization.deadline': 'lt_3m',
    };
    expect((await bant(db, ['qualify', '2', '--framework', 'champ', '--answers', answersFile(dir, champ)])).code).toBe(0);
    expect((await bant(db, ['qualify', '3', '--answers', answersFile(dir, champ)], { BANT_FRAMEWORK: 'champ' })).code).toBe(0);

    const json = JSON.parse((await bant(db, ['report', 'gaps', '--format', 'json'])).output);
    expect(json).toMatchObject({ qualifications: 3, nurturing: 3 });
    expect(json.frameworks).toEqual([
      { framework: 'champ', qualifications: 2, nurturing: 2 },
      { framework: 'bant', qualifications: 1, nurturing: 1 },
    ]);
    const rows = json.criteria.map((row: Record<string, unknown>) => `${row.framework}.${row.criterion} ${row.met}/${row.partial}/${row.unmet} ${row.sentToNurturing}`);
    expect(rows).toEqual([
      'champ.money 0/0/2 2', 'champ.challenges 2/0/0 0', 'champ.authority 2/0/0 0', 'champ.prioritization 2/0/0 0',
      'bant.budget 0/1/0 1', 'bant.authority 1/0/0 0', 'bant.timeline 1/0/0 0', 'bant.need 1/0/0 0',
    ]);
    // Both frameworks have an `authority`: counted apart, never together.
    expect(json.criteria.filter((row: { criterion: string }) => row.criterion === 'authority').map((row: { met: number }) => row.met)).toEqual([2, 1]);

    const table = (await bant(db, ['report', 'gaps'])).output;
    expect(table).toMatch(/CHAMP: Challenges, Authority, Money, Prioritization \(champ\): 2 qualifications, of which nurturing: 2\n[\s\S]*│ Money\s+│ 0\s+│ 0\s+│ 2/);
    expect(table).toMatch(/BANT: Budget, Authority, Timeline, Need \(bant\): 1 qualification, of which nurturing: 1\n[\s\S]*│ Budget\s+│ 0\s+│ 1/);
    expect(table).toMatch(/Qualifications: 3, of which nurturing: 3\.$/m);
    const csv = (await bant(db, ['report', 'gaps', '--format', 'csv'])).output.split('\r\n');
    expect(csv[0]).toBe('framework,criterion,met,partial,unmet,unknown,sentToNurturing,nurturingShare');
    expect(csv[1]).toBe('champ,money,0,0,2,0,2,100');
  });

  it('a resumed interview goes on under the framework it began with, even when another is named now', async () => {
    const db = await freshTarget(engine);
    await withLeads(db, 1);
    const stopped = await bant(db, ['qualify', '1', '--framework', 'anum'], {}, [[/Can the contact make/, 'decision_maker'], [/Note on Authority/, 'CTRL-C']]);
    expect(stopped.code).toBe(130);
    const steps: Step[] = [
      [/Note on Authority/, ''], [/What problem do they have/, 'Invoices'], [/own words/, true], [/How well does our product/, 'strong'], [/Note on Need/, ''],
      [/When must the problem be solved/, '1_3m'], [/Does something force that date/, true], [/Note on Urgency/, ''], [/Is there money/, 'allocated'], [/Note on Money/, ''],
      [/Record this decision/, 'confirm'],
    ];
    const resumed = await bant(db, ['qualify', '1', '--resume'], {}, steps);
    expect(resumed.code).toBe(0);
    expect(resumed.messages).toMatch(/Resuming under anum v1, the framework this interview began with\./);
    expect(await query(db, 'SELECT status, framework_id, decision FROM qualifications')).toEqual([{ status: 'done', framework_id: 'anum', decision: 'sql' }]);
  });

  it('a qualification recorded before bant kept frameworks (schema 4) is explained with the shipped framework of its id', async () => {
    const db = await freshTarget(engine);
    if (engine === 'sqlite') openSqliteDatabase(db, { migrateTo: 4 }).close();
    else {
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      await migratePostgres(client, 'test', 4);
      await client.end();
    }
    const at = '2026-11-01T10:00:00.000Z';
    await execTarget(db, "INSERT INTO leads (id, company, stage, created_at, updated_at, stage_changed_at) VALUES (1, 'Acme', 'sql', ?, ?, ?)", at, at, at);
    await execTarget(
      db,
      `INSERT INTO qualifications (id, lead_id, status, sdr, framework_id, framework_version, decision, final_stage, score, reasons, policy, started_at, decided_at)
       VALUES (1, 1, 'done', 'alice', 'bant', 1, 'sql', 'sql', 100, '[]', '{"kind":"all","disqualifyWhenUnmet":["need"]}', ?, ?)`,
      at,
      at,
    );
    await execTarget(db, `INSERT INTO qualification_answers (qualification_id, question_id, value) VALUES (1, 'budget.status', '"allocated"'), (1, 'timeline.horizon', '"1_3m"')`);
    await execTarget(db, `INSERT INTO qualification_criteria (qualification_id, criterion, status, rule, explain) VALUES (1, 'budget', 'met', 1, '{"en":"a budget is allocated","fr":"un budget est alloué"}')`);

    const why = await bant(db, ['why', '1']);
    expect(why.code).toBe(0);
    expect(await query(db, 'SELECT framework_hash FROM qualifications')).toEqual([{ framework_hash: null }]);
    expect(why.messages).toMatch(/recorded before bant kept its framework: it is shown with bant as bant has it today/);
    expect(why.output).toMatch(/│ Budget\s+│ Allocated\s+│ met\s+│ a budget is allocated/);
    expect(why.output).toMatch(/Policy "all"/);
    expect((await bant(db, ['leads', 'show', '1'])).output).toMatch(/bant v1\s+│ Budget: met/);
  });

  it('bant db copy moves the kept frameworks with the qualifications, to the other engine', async () => {
    const db = await freshTarget(engine);
    await withLeads(db, 1);
    const dir = tempDir();
    expect((await bant(db, ['qualify', '1', '--framework', 'champ', '--answers', answersFile(dir, {
      'challenges.problem': 'Invoices', 'challenges.impact': 'minor', 'challenges.fit': 'yes', 'authority.role': 'decision_maker',
      'money.funding': 'allocated', 'prioritization.rank': 'top', 'prioritization.deadline': 'lt_3m',
    })])).code).toBe(0);
    const other = engine === 'sqlite' ? await freshPostgresDatabase() : path.join(tempDir(), 'copy.db');
    const from = await openTargetStore(db);
    const to = await openTargetStore(other);
    const { tables } = await copyDatabase(from, to);
    expect(tables.find((table) => table.table === 'frameworks')).toEqual({ table: 'frameworks', rows: 1 });
    await from.close();
    await to.close();
    expect(await query(other, 'SELECT hash, id, version, content FROM frameworks')).toEqual(await query(db, 'SELECT hash, id, version, content FROM frameworks'));
    expect(await query(other, 'SELECT framework_hash FROM qualifications')).toEqual(await query(db, 'SELECT framework_hash FROM qualifications'));
    expect((await bant(other, ['why', '1'])).output).toMatch(/\(champ v1\)[\s\S]*│ Challenges\s+│ Invoices · Little: an annoyance · Yes\s+│ partial/);
  });
});
