// bant qualify, why and nurture through the built binary, without a terminal (--answers files), on a
// SQLite file and on a PostgreSQL database.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/store/store.js';
import { ALL_MET } from '../helpers/answers.js';
import { ENGINES, freshTarget, queryTarget as query, snapshotTarget as snapshot } from '../helpers/engines.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const SQL_ANSWERS = ALL_MET;

async function setup(engine: Engine) {
  const dir = tempDir();
  const db = await freshTarget(engine);
  runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--company', 'Acme', '--stage', 'mql'], { db });
  const answers = (content: unknown, name = 'answers.json') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  return { dir, db, answers };
}


describe.each(ENGINES)('bant qualify --answers on %s', (engine) => {
  it('promotes to sql and prints the JSON result PRODUCT.md describes', async () => {
    const { db, answers } = await setup(engine);
    const result = runBant(['qualify', 'jeanne@acme.fr', '--answers', answers(SQL_ANSWERS), '--format', 'json', '--sdr', 'bob'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      leadId: 1,
      qualificationId: 1,
      decision: 'sql',
      stage: 'sql',
      score: 100,
      criteria: {
        budget: { status: 'met', answers: { 'budget.status': 'allocated' } },
        authority: { status: 'met', answers: { 'authority.role': 'decision_maker' } },
        timeline: { status: 'met', answers: { 'timeline.horizon': '1_3m' } },
        need: { status: 'met', answers: { 'need.pain': 'Invoices typed by hand', 'need.severity': 4, 'need.fit': 'yes' } },
      },
      followUpOn: null,
      reasons: [],
      override: null,
    });
    // The BANT score stays on the qualification; the lead's score is its lead score (fit and engagement), which a
    // qualification does not change.
    expect(await query(db, 'SELECT l.stage, l.score, q.score AS bant FROM leads l JOIN qualifications q ON q.lead_id = l.id')).toEqual([{ stage: 'sql', score: 0, bant: 100 }]);
    expect(await query(db, "SELECT by, cause FROM stage_history WHERE to_stage = 'sql'")).toEqual([{ by: 'bob', cause: 'qualification' }]);
  });

  it('reads the answers from standard input', async () => {
    const { db } = await setup(engine);
    const result = runBant(['qualify', '1', '--answers', '-', '--format', 'json'], { db, input: JSON.stringify({ ...SQL_ANSWERS, 'need.fit': 'no' }) });
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'disqualified', reasons: [{ criterion: 'need', status: 'unmet' }] });
    expect(await query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'disqualified' }]);
  });

  it('sends to nurturing with a follow-up date, and a re-qualified lead keeps every attempt', async () => {
    const { db, answers } = await setup(engine);
    const later = answers({ ...SQL_ANSWERS, 'timeline.horizon': '6_12m' }, 'later.json');
    expect(JSON.parse(runBant(['qualify', '1', '--answers', later, '--format', 'json'], { db }).stdout)).toMatchObject({ decision: 'nurturing', score: 87.5 });
    const [lead] = await query<{ stage: string; follow_up_on: string }>(db, 'SELECT stage, follow_up_on FROM leads');
    expect(lead!.stage).toBe('nurturing');
    expect(lead!.follow_up_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(runBant(['nurture', '--format', 'json'], { db }).stdout).toContain('jeanne@acme.fr');

    expect(runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db }).code).toBe(0);
    const shown = JSON.parse(runBant(['leads', 'show', '1', '--format', 'json'], { db }).stdout);
    expect(shown.qualifications.map((q: { finalStage: string }) => q.finalStage)).toEqual(['nurturing', 'sql']);
    expect(runBant(['leads', 'show', '1'], { db }).stdout).toContain('Qualifications');
  });

  it('--dry-run shows the decision and writes nothing', async () => {
    const { db, answers } = await setup(engine);
    const before = await snapshot(db);
    const result = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS), '--dry-run'], { db });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Decision: sql/);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(await snapshot(db)).toBe(before);
  });

  it('--override nurturing on a decision to sql follows up from the timeline answer, not today', async () => {
    const { db, answers } = await setup(engine);
    const result = runBant(['qualify', '1', '--answers', answers({ ...SQL_ANSWERS, 'timeline.horizon': '1_3m' }), '--override', 'nurturing', '--reason', 'Waits for the board', '--format', 'json'], { db });
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'sql', stage: 'nurturing', followUpOn: inTwoWeeks });
    expect(await query(db, 'SELECT stage, follow_up_on FROM leads')).toEqual([{ stage: 'nurturing', follow_up_on: inTwoWeeks }]);
  });

  it('reads an answers file saved with a byte order mark, in UTF-8 or UTF-16', async () => {
    const { db, dir } = await setup(engine);
    const utf8 = path.join(dir, 'bom8.json');
    fs.writeFileSync(utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ ...SQL_ANSWERS, 'need.pain': 'Relevés tapés à la main' }))]));
    expect(runBant(['qualify', '1', '--answers', utf8, '--dry-run'], { db }).code).toBe(0);
    const utf16 = path.join(dir, 'bom16.json');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(SQL_ANSWERS), 'utf16le')]));
    const result = runBant(['qualify', '1', '--answers', utf16, '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'sql' });
  });

  it('--override records another outcome with its reason', async () => {
    const { db, answers } = await setup(engine);
    const result = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS), '--override', 'nurturing', '--reason', 'Budget signed in Q2', '--format', 'json'], { db });
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'sql', stage: 'nurturing', override: { stage: 'nurturing', reason: 'Budget signed in Q2' } });
    expect(runBant(['why', '1'], { db }).stdout).toContain('Overridden to nurturing: Budget signed in Q2');
  });

  describe('bad input: a clear message, the right exit code, nothing written', () => {
    const cases: [string, (f: Awaited<ReturnType<typeof setup>>['answers']) => string[], number, RegExp][] = [
      ['an unknown question id', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'budget.colour': 'red' })], 3, /'budget.colour' is not a question/],
      ['a value outside the options', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.fit': 'maybe' })], 3, /need.fit: "maybe" is not one of the answers: yes, partly, no/],
      ['a negative budget', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'budget.amount': -100 })], 3, /budget.amount: -100 is not a number of at least 0/],
      ['severity 9', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.severity': 9 })], 3, /need.severity: 9 is not a whole number from 1 to 5/],
      ['missing need.pain', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.pain': undefined })], 2, /answers are missing .*: need.pain/],
      ['an answers file that is not JSON', (a) => ['qualify', '1', '--answers', a('{budget: allocated')], 3, /not valid JSON/],
      ['no terminal and no answers', () => ['qualify', '1'], 2, /answers are missing and there is no terminal/],
      ['no terminal and no lead', () => ['qualify'], 2, /say which lead to qualify/],
      ['a lead that does not exist', (a) => ['qualify', 'ghost@acme.fr', '--answers', a(SQL_ANSWERS)], 4, /no lead matches 'ghost@acme.fr'/],
      ['an override without a reason', (a) => ['qualify', '1', '--answers', a(SQL_ANSWERS), '--override', 'sql'], 2, /--override needs --reason/],
      ['a required text of zero-width spaces only', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.pain': '\u200b\u200b \ufeff' })], 3, /need.pain: the answer is empty/],
      ['a required text of NUL characters only', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.pain': '\u0000\u0000' })], 3, /need.pain: the answer is empty/],
      ['a text answer of 20,000 characters', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.pain': 'x'.repeat(20_000) })], 3, /need.pain: the answer is 20000 characters long; the limit is 5000/],
      ['an answer nested 50,000 deep', (a) => ['qualify', '1', '--answers', a(`{"need.pain": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`)], 3, /need.pain: \[…\] is not a text/],
      ['answers nested 50,000 deep', (a) => ['qualify', '1', '--answers', a(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)], 3, /must be a JSON object/],
      ['an answers file of 2 MB', (a) => ['qualify', '1', '--answers', a({ ...SQL_ANSWERS, 'need.pain': 'x'.repeat(2_000_000) })], 3, /larger than 1048576 bytes/],
    ];
    it.each(cases)('%s', async (_name, args, code, message) => {
      const { db, answers } = await setup(engine);
      const before = await snapshot(db);
      const result = runBant(args(answers), { db });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(code);
      expect(await snapshot(db)).toBe(before);
    });

    it('a lead at stage lead or customer, naming the command that would move it', async () => {
      const { db, answers } = await setup(engine);
      runBant(['leads', 'add', '--company', 'Early', '--stage', 'lead'], { db });
      const early = runBant(['qualify', '2', '--answers', answers(SQL_ANSWERS)], { db });
      expect(early.code).toBe(3);
      expect(early.stderr).toMatch(/Move it first: bant stage 2 mql/);
      runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db });
      runBant(['stage', '1', 'customer'], { db });
      const customer = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db });
      expect(customer.code).toBe(3);
      expect(customer.stderr).toMatch(/at customer, and no stage change leads back to qualification/);
    });

    it('a framework whose rule names a question that does not exist', async () => {
      const { db, answers, dir } = await setup(engine);
      const framework = JSON.parse(fs.readFileSync('data/frameworks/bant.json', 'utf8'));
      framework.criteria[0].rules[0].when = { 'budget.state': { in: ['unknown'] } };
      const file = path.join(dir, 'framework.json');
      fs.writeFileSync(file, JSON.stringify(framework));
      const result = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS), '--framework', file], { db });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/not valid at criteria\[0\]\.rules\[0\]\.when\.budget\.state: question "budget.state" does not exist/);
      expect(runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db, env: { BANT_FRAMEWORK: file } }).code).toBe(3);
    });
  });

  it('two SDRs qualifying the same lead at once: one wins, the other is told, nothing is half-written', async () => {
    const { db, answers } = await setup(engine);
    const file = answers(SQL_ANSWERS);
    const runs = ['alice', 'bob'].map(
      (sdr) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BANT_BIN, 'qualify', '1', '--answers', file, '--sdr', sdr], { env: { ...process.env, BANT_DB: db, NO_COLOR: '1' } });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        }),
    );
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code).sort()).toEqual([0, 3]);
    // The loser was told whichever way it lost: the lead held by the other SDR, already decided, or moved meanwhile.
    expect(results.find((r) => r.code === 3)!.stderr).toMatch(/is being qualified by (alice|bob)|is at sql: only mql and nurturing leads are qualified|changed while you were qualifying/);
    expect(await query(db, 'SELECT count(*) AS n FROM qualifications')).toEqual([{ n: 1 }]);
    expect(await query(db, "SELECT count(*) AS n FROM stage_history WHERE cause = 'qualification'")).toEqual([{ n: 1 }]);
    expect(await query(db, 'SELECT * FROM claims')).toEqual([]);
  });
});

describe.each(ENGINES)('bant why and bant nurture on %s', (engine) => {
  it('why explains each criterion, its rule and the policy, in French too', async () => {
    const { db, answers } = await setup(engine);
    runBant(['qualify', '1', '--answers', answers({ ...SQL_ANSWERS, 'budget.status': 'planned' })], { db });
    const why = runBant(['why', 'jeanne@acme.fr'], { db });
    expect(why.stdout).toContain('a budget is planned, not yet allocated');
    expect(why.stdout).toContain('Policy "all"');
    expect(why.stdout).toMatch(/Decision: nurturing\s+Score: 87.5/);
    const fr = runBant(['why', '1', '--lang', 'fr'], { db });
    expect(fr.stdout).toContain('un budget est prévu, pas encore alloué');
    expect(fr.stdout).toContain('Politique « all »');
  });

  it('why on a lead never qualified is not found', async () => {
    const { db } = await setup(engine);
    const result = runBant(['why', '1'], { db });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/has not been qualified yet/);
  });

  it('nurture lists follow-ups due first, and --due only the late ones', async () => {
    const { db } = await setup(engine);
    runBant(['leads', 'add', '--company', 'Later', '--stage', 'mql'], { db });
    runBant(['stage', '1', 'nurturing', '--follow-up-on', '2020-01-01'], { db });
    runBant(['stage', '2', 'nurturing', '--follow-up-on', '2099-01-01'], { db });
    expect(JSON.parse(runBant(['nurture', '--format', 'json'], { db }).stdout).map((l: { id: number }) => l.id)).toEqual([1, 2]);
    expect(JSON.parse(runBant(['nurture', '--due', '--format', 'json'], { db }).stdout).map((l: { id: number }) => l.id)).toEqual([1]);
    expect(runBant(['nurture'], { db }).stdout).toMatch(/\d+ days late/);
  });
});
