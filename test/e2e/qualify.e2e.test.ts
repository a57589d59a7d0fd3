// bant qualify, why and nurture through the built binary, without a terminal: --answers files.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_MET } from '../helpers/answers.js';
import { queryDb as query, snapshotDb as snapshot } from '../helpers/queryDb.js';
import { BANT_BIN, runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const SQL_ANSWERS = ALL_MET;

function setup() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  runBant(['leads', 'add', '--email', 'jeanne@acme.fr', '--first-name', 'Jeanne', '--company', 'Acme', '--stage', 'mql'], { db });
  const answers = (content: unknown, name = 'answers.json') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  return { dir, db, answers };
}


describe('bant qualify --answers', () => {
  it('promotes to sql and prints the JSON result PRODUCT.md describes', () => {
    const { db, answers } = setup();
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
    expect(query(db, 'SELECT stage, score FROM leads')).toEqual([{ stage: 'sql', score: 100 }]);
    expect(query(db, "SELECT by, cause FROM stage_history WHERE to_stage = 'sql'")).toEqual([{ by: 'bob', cause: 'qualification' }]);
  });

  it('reads the answers from standard input', () => {
    const { db } = setup();
    const result = runBant(['qualify', '1', '--answers', '-', '--format', 'json'], { db, input: JSON.stringify({ ...SQL_ANSWERS, 'need.fit': 'no' }) });
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'disqualified', reasons: [{ criterion: 'need', status: 'unmet' }] });
    expect(query(db, 'SELECT stage FROM leads')).toEqual([{ stage: 'disqualified' }]);
  });

  it('sends to nurturing with a follow-up date, and a re-qualified lead keeps every attempt', () => {
    const { db, answers } = setup();
    const later = answers({ ...SQL_ANSWERS, 'timeline.horizon': '6_12m' }, 'later.json');
    expect(JSON.parse(runBant(['qualify', '1', '--answers', later, '--format', 'json'], { db }).stdout)).toMatchObject({ decision: 'nurturing', score: 87.5 });
    const [lead] = query<{ stage: string; follow_up_on: string }>(db, 'SELECT stage, follow_up_on FROM leads');
    expect(lead!.stage).toBe('nurturing');
    expect(lead!.follow_up_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(runBant(['nurture', '--format', 'json'], { db }).stdout).toContain('jeanne@acme.fr');

    expect(runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db }).code).toBe(0);
    const shown = JSON.parse(runBant(['leads', 'show', '1', '--format', 'json'], { db }).stdout);
    expect(shown.qualifications.map((q: { finalStage: string }) => q.finalStage)).toEqual(['nurturing', 'sql']);
    expect(runBant(['leads', 'show', '1'], { db }).stdout).toContain('Qualifications');
  });

  it('--dry-run shows the decision and writes nothing', () => {
    const { db, answers } = setup();
    const before = snapshot(db);
    const result = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS), '--dry-run'], { db });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Decision: sql/);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(snapshot(db)).toBe(before);
  });

  it('--override records another outcome with its reason', () => {
    const { db, answers } = setup();
    const result = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS), '--override', 'nurturing', '--reason', 'Budget signed in Q2', '--format', 'json'], { db });
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'sql', stage: 'nurturing', override: { stage: 'nurturing', reason: 'Budget signed in Q2' } });
    expect(runBant(['why', '1'], { db }).stdout).toContain('Overridden to nurturing: Budget signed in Q2');
  });

  describe('bad input: a clear message, the right exit code, nothing written', () => {
    const cases: [string, (f: ReturnType<typeof setup>['answers']) => string[], number, RegExp][] = [
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
    ];
    it.each(cases)('%s', (_name, args, code, message) => {
      const { db, answers } = setup();
      const before = snapshot(db);
      const result = runBant(args(answers), { db });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(code);
      expect(snapshot(db)).toBe(before);
    });

    it('a lead at stage lead or customer, naming the command that would move it', () => {
      const { db, answers } = setup();
      runBant(['leads', 'add', '--company', 'Early', '--stage', 'lead'], { db });
      const early = runBant(['qualify', '2', '--answers', answers(SQL_ANSWERS)], { db });
      expect(early.code).toBe(3);
      expect(early.stderr).toMatch(/first run 'bant stage 2 mql'/);
      runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db });
      runBant(['stage', '1', 'customer'], { db });
      const customer = runBant(['qualify', '1', '--answers', answers(SQL_ANSWERS)], { db });
      expect(customer.code).toBe(3);
      expect(customer.stderr).toMatch(/already at customer/);
    });

    it('a framework whose rule names a question that does not exist', () => {
      const { db, answers, dir } = setup();
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
    const { db, answers } = setup();
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
    expect(results.find((r) => r.code === 3)!.stderr).toMatch(/is being qualified by (alice|bob)|already at sql|changed while you were qualifying/);
    expect(query(db, 'SELECT count(*) AS n FROM qualifications')).toEqual([{ n: 1 }]);
    expect(query(db, "SELECT count(*) AS n FROM stage_history WHERE cause = 'qualification'")).toEqual([{ n: 1 }]);
  });
});

describe('bant why and bant nurture', () => {
  it('why explains each criterion, its rule and the policy, in French too', () => {
    const { db, answers } = setup();
    runBant(['qualify', '1', '--answers', answers({ ...SQL_ANSWERS, 'budget.status': 'planned' })], { db });
    const why = runBant(['why', 'jeanne@acme.fr'], { db });
    expect(why.stdout).toContain('a budget is planned, not yet allocated');
    expect(why.stdout).toContain('Policy "all"');
    expect(why.stdout).toMatch(/Decision: nurturing\s+Score: 87.5/);
    const fr = runBant(['why', '1', '--lang', 'fr'], { db });
    expect(fr.stdout).toContain('un budget est prévu, pas encore alloué');
    expect(fr.stdout).toContain('Politique « all »');
  });

  it('why on a lead never qualified is not found', () => {
    const { db } = setup();
    const result = runBant(['why', '1'], { db });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/has not been qualified yet/);
  });

  it('nurture lists follow-ups due first, and --due only the late ones', () => {
    const { db } = setup();
    runBant(['leads', 'add', '--company', 'Later', '--stage', 'mql'], { db });
    runBant(['stage', '1', 'nurturing', '--follow-up-on', '2020-01-01'], { db });
    runBant(['stage', '2', 'nurturing', '--follow-up-on', '2099-01-01'], { db });
    expect(JSON.parse(runBant(['nurture', '--format', 'json'], { db }).stdout).map((l: { id: number }) => l.id)).toEqual([1, 2]);
    expect(JSON.parse(runBant(['nurture', '--due', '--format', 'json'], { db }).stdout).map((l: { id: number }) => l.id)).toEqual([1]);
    expect(runBant(['nurture'], { db }).stdout).toMatch(/day\(s\) late/);
  });
});
