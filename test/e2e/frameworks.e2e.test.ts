// bant frameworks list | show | check, and --framework / BANT_FRAMEWORK naming a shipped id or a file: the
// built binary, as a user or a script runs it.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const shipped = (id: string) => JSON.parse(fs.readFileSync(`data/frameworks/${id}.json`, 'utf8'));

describe('bant frameworks list', () => {
  it('lists the shipped frameworks, their names and criteria, and which one is in use', () => {
    const result = runBant(['frameworks', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/│ bant\s+│ 1\s+│ BANT: Budget, Authority, Timeline, Need\s+│ Budget, Authority, Timeline, Need\s+│ yes \(default\)/);
    expect(result.stdout).toMatch(/│ champ\s+│ 1\s+│ CHAMP: Challenges, Authority, Money, Prioritization\s+│ Challenges, Authority, Money, Prioritization\s+│\s+│/);
    expect(result.stdout).toMatch(/│ anum\s+│ 1\s+│ ANUM: Authority, Need, Urgency, Money/);
    expect(runBant(['frameworks', 'list', '--lang', 'fr']).stdout).toMatch(/│ champ\s+│ 1\s+│ CHAMP : Défis, Autorité, Financement, Priorité\s+│ Défis, Autorité, Financement, Priorité/);
  });

  it('--format json, with the one BANT_FRAMEWORK names in use, a file among them', () => {
    const json = JSON.parse(runBant(['frameworks', 'list', '--format', 'json'], { env: { BANT_FRAMEWORK: 'anum' } }).stdout);
    expect(json.map((row: { id: string; inUse: boolean }) => `${row.id}${row.inUse ? '*' : ''}`)).toEqual(['bant', 'anum*', 'champ']);
    expect(json[2]).toMatchObject({ id: 'champ', version: 1, source: 'shipped', criteria: [{ id: 'challenges', label: 'Challenges' }, { id: 'authority' }, { id: 'money' }, { id: 'prioritization' }] });

    const file = path.join(tempDir(), 'ours.json');
    fs.writeFileSync(file, JSON.stringify({ ...shipped('bant'), id: 'ours', version: 3 }));
    const withFile = runBant(['frameworks', 'list', '--format', 'json'], { env: { BANT_FRAMEWORK: file } });
    expect(JSON.parse(withFile.stdout).at(-1)).toMatchObject({ id: 'ours', version: 3, source: file, inUse: true });
    expect(runBant(['frameworks', 'list'], { env: { BANT_FRAMEWORK: file } }).stdout).toMatch(/│ \S*ours\.json\s+│ 3\s+│ BANT[^│]+│[^│]+│ yes \(BANT_FRAMEWORK\)/);
  });
});

describe('bant frameworks show', () => {
  it('says the decision, the follow-ups, each question and each rule in words, with both languages of the framework', () => {
    const result = runBant(['frameworks', 'show', 'anum']);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^anum v1\n {2}en {2}ANUM: Authority, Need, Urgency, Money\n {2}fr {2}ANUM : Autorité, Besoin, Urgence, Financement\n/);
    expect(out).toMatch(/Decision: sql when at least 3 of the 4 criteria are met and none is unmet, authority and need among them; disqualified when need is unmet; otherwise nurturing\./);
    expect(out).toMatch(/Follow-up of a nurturing decision, by the answer to urgency\.horizon: lt_1m in 14 days, 1_3m in 14 days, 3_6m in 30 days, gt_6m in 90 days, none in 180 days, unknown in 30 days; otherwise in 30 days\./);
    expect(out).toMatch(/1\. authority: Authority \/ Autorité \(weight 2\)/);
    expect(out).toMatch(/authority\.brings_decision_maker: yes or no, required, asked when authority\.role is not decision_maker\n\s+en {2}Will they bring whoever decides into the next call\?\n\s+fr {2}Fera-t-il venir le décideur au prochain appel \?/);
    expect(out).toMatch(/- findable\s+Not yet; they will find it if the need is proven \| Pas encore ; ils le trouveront si le besoin est prouvé/);
    expect(out).toMatch(/met\s+when urgency\.horizon is lt_1m or 1_3m and urgency\.compelling_event is yes\n\s+en {2}something forces them to act within three months\n\s+fr {2}quelque chose les oblige à agir d’ici trois mois/);
    expect(out).toMatch(/unmet\s+in every other case\n\s+en {2}no way to whoever decides yet/);
  });

  it('in French, the words around the framework are French', () => {
    const out = runBant(['frameworks', 'show', 'champ', '--lang', 'fr']).stdout;
    expect(out).toMatch(/Décision : sql quand au moins 3 des 4 critères sont remplis et aucun n’est non rempli ; disqualifié quand challenges n’est pas rempli ; sinon en maturation\./);
    expect(out).toMatch(/money\.amount : un nombre, au moins 0, facultative, posée quand money\.funding vaut allocated/);
  });

  it('--format json prints the framework itself: a file `check` accepts and `qualify --framework` uses', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ours.json');
    const json = runBant(['frameworks', 'show', 'bant', '--format', 'json']);
    fs.writeFileSync(file, json.stdout);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'bant', version: 1, policy: { kind: 'all', requireMet: [], disqualifyWhenUnmet: ['need'] } });
    expect(runBant(['frameworks', 'check', file])).toMatchObject({ code: 0, stdout: `${file} is a valid framework: bant v1, 4 criteria, 9 questions.\n` });
  });

  it('an id that does not exist is exit 3 listing the ids; a file that does not exist is exit 4', () => {
    expect(runBant(['frameworks', 'show', 'champs'])).toMatchObject({
      code: 3,
      stderr: "Error: no framework is called 'champs': the shipped ones are bant, anum, champ; or give the path of a framework file.\n",
    });
    expect(runBant(['frameworks', 'show', 'nowhere/ours.json'])).toMatchObject({ code: 4, stderr: expect.stringMatching(/the framework file nowhere\/ours\.json does not exist/) });
  });
});

describe('bant frameworks check', () => {
  function broken(dir: string) {
    const framework = shipped('bant');
    framework.criteria[0].questions[1].id = 'budget.status';
    framework.criteria[1].rules[2].when = { 'timeline.horizon': { in: ['lt_1m'] } };
    framework.policy = { kind: 'threshold', min: 5, disqualifyWhenUnmet: ['need'] };
    framework.criteria[2].rules = framework.criteria[2].rules.filter((rule: { status: string }) => rule.status !== 'met');
    delete framework.exampleAnswers;
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(framework, null, 2));
    return file;
  }

  it('a shipped framework or a good file: exit 0', () => {
    expect(runBant(['frameworks', 'check', 'champ'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/champ\.json is a valid framework: champ v1, 4 criteria, 10 questions\./) });
  });

  it('a bad file: every problem with its path on stdout, exit 3, the count on stderr', () => {
    const file = broken(tempDir());
    const result = runBant(['frameworks', 'check', file]);
    expect(result.code).toBe(3);
    expect(result.stdout.trim().split('\n')).toEqual([
      'criteria[0].questions[1].id: "budget.status" is used twice (first at criteria[0].questions[0].id)',
      'criteria[0].rules[1].when.budget.amount: question "budget.amount" does not exist',
      'criteria[0].rules[2].when.budget.amount: question "budget.amount" does not exist',
      'criteria[0].questions[1].shownWhen.budget.status: question "budget.status" is asked after this one: a question can depend only on answers given before it',
      'criteria[1].rules[2].when.timeline.horizon: question "timeline.horizon" belongs to criterion "timeline": a rule of "authority" may read only the questions of "authority"',
      'criteria[2].rules: no rule can give "met": a lead could never meet timeline; add a rule with "status": "met" that some answers satisfy',
      'policy.min: is 5, above the number of criteria (4): no lead could ever reach sql',
    ]);
    expect(result.stderr).toBe(`Error: ${file} is not a valid framework: 7 problems, each with its path above. Fix them and run bant frameworks check ${file} again.\n`);
  });

  it('--format json and French', () => {
    const file = broken(tempDir());
    const result = runBant(['frameworks', 'check', file, '--format', 'json', '--lang', 'fr']);
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ file, valid: false, id: null });
    expect(json.problems.at(-1)).toEqual({ path: 'policy.min', problem: 'vaut 5, plus que le nombre de critères (4) : aucun lead ne pourrait jamais passer sql' });
  });

  it('a file that is not JSON is exit 3, one that does not exist exit 4', () => {
    const file = path.join(tempDir(), 'notes.json');
    fs.writeFileSync(file, 'budget: yes');
    expect(runBant(['frameworks', 'check', file])).toMatchObject({ code: 3, stderr: expect.stringMatching(/is not valid JSON/) });
    expect(runBant(['frameworks', 'check', path.join(path.dirname(file), 'missing.json')]).code).toBe(4);
  });

  it('bant qualify with a bad framework names its first problem and how many more, and writes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'bant.db');
    const file = broken(dir);
    runBant(['leads', 'add', '--company', 'Acme', '--stage', 'mql'], { db });
    const result = runBant(['qualify', '1', '--answers', '-'], { db, input: '{}', env: { BANT_FRAMEWORK: file } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the framework \S+broken\.json is not valid at criteria\[0\]\.questions\[1\]\.id: "budget\.status" is used twice .* \(6 more problems: bant frameworks check \S+broken\.json lists them all\)/);
  });
});

describe('--framework and BANT_FRAMEWORK', () => {
  const ANUM = {
    'authority.role': 'decision_maker', 'need.problem': 'Rotas in spreadsheets', 'need.own_words': 'yes', 'need.fit': 'strong',
    'urgency.horizon': '3_6m', 'urgency.compelling_event': 'no', 'money.budget': 'findable',
  };

  it('BANT_FRAMEWORK=anum qualifies under ANUM; --framework wins over it; an unknown id is exit 3', () => {
    const db = path.join(tempDir(), 'bant.db');
    runBant(['leads', 'add', '--company', 'Acme', '--stage', 'mql'], { db });
    runBant(['leads', 'add', '--company', 'Northwind', '--stage', 'mql'], { db });
    const result = runBant(['qualify', '1', '--answers', '-', '--format', 'json'], { db, input: JSON.stringify(ANUM), env: { BANT_FRAMEWORK: 'anum' } });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.criteria)).toEqual(['authority', 'need', 'urgency', 'money']);
    expect(json).toMatchObject({ decision: 'nurturing', score: 83.3, reasons: [{ criterion: 'urgency', status: 'partial' }, { criterion: 'money', status: 'partial' }] });

    const refused = runBant(['qualify', '2', '--answers', '-', '--framework', 'bantt'], { db, input: '{}', env: { BANT_FRAMEWORK: 'anum' } });
    expect(refused).toMatchObject({ code: 3, stderr: expect.stringMatching(/no framework is called 'bantt': the shipped ones are bant, anum, champ/) });
    const wrongAnswers = runBant(['qualify', '2', '--answers', '-', '--framework', 'bant'], { db, input: JSON.stringify(ANUM), env: { BANT_FRAMEWORK: 'anum' } });
    expect(wrongAnswers).toMatchObject({ code: 3, stderr: expect.stringMatching(/'need.problem' is not a question of this framework/) });
  });

  it('bant demo --framework champ qualifies with CHAMP’s example answers, without a terminal', () => {
    const db = path.join(tempDir(), 'demo.db');
    const result = runBant(['demo', '--db', db, '--framework', 'champ', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.qualification.criteria)).toEqual(['challenges', 'authority', 'money', 'prioritization']);
    expect(json.qualification).toMatchObject({ decision: 'nurturing' });
  });
});
