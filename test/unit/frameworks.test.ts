// The shipped frameworks beyond BANT (PRODUCT.md, "Frameworks beyond BANT"), row by row against
// data/frameworks/champ.json and anum.json, and what checkFramework says of a file that does not check out.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFramework, parseFramework } from '../../src/domain/checkFramework.js';
import { checkAnswers, evaluateQualification, missingAnswers } from '../../src/domain/evaluateQualification.js';
import { exampleAnswers } from '../../src/domain/exampleAnswers.js';
import type { Answers, Framework } from '../../src/domain/framework.js';
import { createTranslator } from '../../src/i18n/translate.js';

const read = (id: string) => JSON.parse(fs.readFileSync(`data/frameworks/${id}.json`, 'utf8'));
const SHIPPED = fs.readdirSync('data/frameworks').map((name) => name.replace(/\.json$/, ''));
const TODAY = '2026-11-22';
const champ = parseFramework(read('champ'));
const anum = parseFramework(read('anum'));

const CHAMP_ALL_MET: Answers = {
  'challenges.problem': 'Invoices typed by hand',
  'challenges.impact': 'critical',
  'challenges.fit': 'yes',
  'authority.role': 'decision_maker',
  'money.funding': 'allocated',
  'prioritization.rank': 'top',
  'prioritization.deadline': 'lt_3m',
};
const ANUM_ALL_MET: Answers = {
  'authority.role': 'decision_maker',
  'need.problem': 'Invoices typed by hand',
  'need.own_words': true,
  'need.fit': 'strong',
  'urgency.horizon': '1_3m',
  'urgency.compelling_event': true,
  'money.budget': 'allocated',
};

/** The answers, with those of `criterion` replaced (a criterion's questions are its own). */
const evaluate = (framework: Framework, base: Answers, changes: Answers) => evaluateQualification(framework, checkAnswers(framework, withChanges(framework, base, changes)), TODAY);
function withChanges(framework: Framework, base: Answers, changes: Answers): Answers {
  const touched = new Set(framework.criteria.filter((c) => c.questions.some((q) => q.id in changes)).map((c) => c.id));
  const kept = Object.entries(base).filter(([id]) => !framework.criteria.some((c) => touched.has(c.id) && c.questions.some((q) => q.id === id)));
  return { ...Object.fromEntries(kept), ...changes };
}
const status = (framework: Framework, base: Answers, criterion: string, changes: Answers) => evaluate(framework, base, changes).criteria[criterion]!.status;

describe('every shipped framework', () => {
  it.each(SHIPPED)('%s checks out, is named after its file, and its JSON reads back as the same framework', (id) => {
    const { framework, problems } = checkFramework(read(id));
    expect(problems).toEqual([]);
    expect(framework!.id).toBe(id);
    expect(checkFramework(JSON.parse(JSON.stringify(framework))).framework).toEqual(framework);
  });

  it.each(SHIPPED)('%s has example answers (what bant demo gives) that the interview accepts whole', (id) => {
    const framework = parseFramework(read(id));
    const answers = exampleAnswers(framework, 'unused');
    expect(missingAnswers(framework, checkAnswers(framework, answers))).toEqual([]);
    expect(evaluateQualification(framework, answers, TODAY).decision).toBe('nurturing');
  });

  it('bant stays the default and champ and anum ship beside it', () => expect(SHIPPED.sort()).toEqual(['anum', 'bant', 'champ']));
});

describe('CHAMP: challenges', () => {
  it.each([
    [{ 'challenges.problem': 'x', 'challenges.impact': 'critical', 'challenges.fit': 'yes' }, 'met'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'significant', 'challenges.fit': 'yes' }, 'met'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'minor', 'challenges.fit': 'yes' }, 'partial'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'critical', 'challenges.fit': 'partly' }, 'partial'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'unknown', 'challenges.fit': 'yes' }, 'unknown'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'unknown', 'challenges.fit': 'no' }, 'unmet'],
    [{ 'challenges.problem': 'x', 'challenges.impact': 'critical', 'challenges.fit': 'no' }, 'unmet'],
  ])('%j is %s', (answers, expected) => expect(status(champ, CHAMP_ALL_MET, 'challenges', answers)).toBe(expected));
});

describe('CHAMP: authority', () => {
  it.each([
    [{ 'authority.role': 'decision_maker' }, 'met'],
    [{ 'authority.role': 'champion', 'authority.decision_maker_identified': true }, 'met'],
    [{ 'authority.role': 'champion', 'authority.decision_maker_identified': false }, 'unmet'],
    [{ 'authority.role': 'user', 'authority.decision_maker_identified': true, 'authority.decision_maker_name': 'Léa Roux' }, 'partial'],
    [{ 'authority.role': 'user', 'authority.decision_maker_identified': false }, 'unmet'],
    [{ 'authority.role': 'unknown', 'authority.decision_maker_identified': true }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status(champ, CHAMP_ALL_MET, 'authority', answers)).toBe(expected));
});

describe('CHAMP: money', () => {
  it.each([
    [{ 'money.funding': 'allocated' }, 'met'],
    [{ 'money.funding': 'allocated', 'money.amount': 0 }, 'met'],
    [{ 'money.funding': 'findable' }, 'partial'],
    [{ 'money.funding': 'none' }, 'unmet'],
    [{ 'money.funding': 'unknown' }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status(champ, CHAMP_ALL_MET, 'money', answers)).toBe(expected));

  it('a budget below minBudget is partial', () => {
    const strict = parseFramework({ ...read('champ'), params: { minBudget: 5000 } });
    expect(status(strict, CHAMP_ALL_MET, 'money', { 'money.funding': 'allocated', 'money.amount': 4999 })).toBe('partial');
    expect(status(strict, CHAMP_ALL_MET, 'money', { 'money.funding': 'allocated', 'money.amount': 5000 })).toBe('met');
  });
});

describe('CHAMP: prioritization', () => {
  it.each([
    ['top', 'lt_3m', 'met'],
    ['top', '3_6m', 'partial'],
    ['top', 'unknown', 'partial'],
    ['queued', 'lt_3m', 'partial'],
    ['someday', 'lt_3m', 'unmet'],
    ['unknown', 'lt_3m', 'unknown'],
  ])('ranked %s, due %s: %s', (rank, deadline, expected) =>
    expect(status(champ, CHAMP_ALL_MET, 'prioritization', { 'prioritization.rank': rank, 'prioritization.deadline': deadline })).toBe(expected),
  );
});

describe('CHAMP: the decision (threshold 3 of 4, none unmet; challenges unmet disqualifies)', () => {
  it('all met: sql, 100', () => expect(evaluate(champ, CHAMP_ALL_MET, {})).toMatchObject({ decision: 'sql', score: 100, followUpOn: null }));

  it('money only partial: still sql, the challenge carries it (score weighs challenges twice)', () => {
    expect(evaluate(champ, CHAMP_ALL_MET, { 'money.funding': 'findable' })).toMatchObject({ decision: 'sql', score: 90, reasons: [{ criterion: 'money', status: 'partial' }] });
  });

  it('three met and one unmet: nurturing; two partial: nurturing', () => {
    expect(evaluate(champ, CHAMP_ALL_MET, { 'money.funding': 'none' }).decision).toBe('nurturing');
    expect(evaluate(champ, CHAMP_ALL_MET, { 'money.funding': 'findable', 'prioritization.rank': 'queued' }).decision).toBe('nurturing');
  });

  it('a challenge we cannot solve disqualifies, whatever else', () => {
    expect(evaluate(champ, CHAMP_ALL_MET, { 'challenges.problem': 'x', 'challenges.impact': 'critical', 'challenges.fit': 'no' }).decision).toBe('disqualified');
  });

  it.each([
    ['lt_3m', '2026-12-06'], ['3_6m', '2026-12-22'], ['6_12m', '2027-02-20'], ['gt_12m', '2027-05-21'], ['unknown', '2026-12-22'],
  ])('nurturing due %s follows up on %s', (deadline, date) => {
    const result = evaluate(champ, CHAMP_ALL_MET, { 'prioritization.rank': 'queued', 'prioritization.deadline': deadline, 'money.funding': 'findable' });
    expect(result).toMatchObject({ decision: 'nurturing', followUpOn: date });
  });
});

describe('ANUM: authority', () => {
  it.each([
    [{ 'authority.role': 'decision_maker' }, 'met'],
    [{ 'authority.role': 'influencer', 'authority.brings_decision_maker': true }, 'partial'],
    [{ 'authority.role': 'user', 'authority.brings_decision_maker': true }, 'partial'],
    [{ 'authority.role': 'influencer', 'authority.brings_decision_maker': false }, 'unmet'],
    [{ 'authority.role': 'unknown', 'authority.brings_decision_maker': false }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status(anum, ANUM_ALL_MET, 'authority', answers)).toBe(expected));
});

describe('ANUM: need', () => {
  it.each([
    [true, 'strong', 'met'],
    [false, 'strong', 'partial'],
    [true, 'partial', 'partial'],
    [true, 'none', 'unmet'],
  ])('in their own words: %s, fit %s: %s', (ownWords, fit, expected) =>
    expect(status(anum, ANUM_ALL_MET, 'need', { 'need.problem': 'x', 'need.own_words': ownWords, 'need.fit': fit })).toBe(expected),
  );
});

describe('ANUM: urgency', () => {
  it.each([
    [{ 'urgency.horizon': 'lt_1m', 'urgency.compelling_event': true }, 'met'],
    [{ 'urgency.horizon': '1_3m', 'urgency.compelling_event': true }, 'met'],
    [{ 'urgency.horizon': '3_6m', 'urgency.compelling_event': true }, 'partial'],
    [{ 'urgency.horizon': 'lt_1m', 'urgency.compelling_event': false }, 'partial'],
    [{ 'urgency.horizon': 'gt_6m' }, 'unmet'],
    [{ 'urgency.horizon': 'none' }, 'unmet'],
    [{ 'urgency.horizon': 'unknown' }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status(anum, ANUM_ALL_MET, 'urgency', answers)).toBe(expected));

  it('does not ask what forces the date when there is none within six months', () => {
    expect(missingAnswers(anum, { ...withChanges(anum, ANUM_ALL_MET, { 'urgency.horizon': 'gt_6m' }) })).toEqual([]);
    expect(missingAnswers(anum, { ...withChanges(anum, ANUM_ALL_MET, { 'urgency.horizon': '3_6m' }) })).toEqual(['urgency.compelling_event']);
  });
});

describe('ANUM: money', () => {
  it.each([
    ['allocated', 'met'], ['findable', 'partial'], ['none', 'unmet'], ['unknown', 'unknown'],
  ])('%s is %s', (budget, expected) => expect(status(anum, ANUM_ALL_MET, 'money', { 'money.budget': budget })).toBe(expected));
});

describe('ANUM: the decision (authority and need met, then 3 of 4, none unmet; need unmet disqualifies)', () => {
  it('all met: sql, 100', () => expect(evaluate(anum, ANUM_ALL_MET, {})).toMatchObject({ decision: 'sql', score: 100 }));

  it('money still to be found: sql, money comes last', () => {
    expect(evaluate(anum, ANUM_ALL_MET, { 'money.budget': 'findable' })).toMatchObject({ decision: 'sql', score: 91.7 });
  });

  it('authority only partial: nurturing, even with the other three met', () => {
    expect(evaluate(anum, ANUM_ALL_MET, { 'authority.role': 'influencer', 'authority.brings_decision_maker': true })).toMatchObject({ decision: 'nurturing', score: 83.3 });
  });

  it('need only partial: nurturing; need unmet: disqualified', () => {
    expect(evaluate(anum, ANUM_ALL_MET, { 'need.problem': 'x', 'need.own_words': false, 'need.fit': 'strong' }).decision).toBe('nurturing');
    expect(evaluate(anum, ANUM_ALL_MET, { 'need.problem': 'x', 'need.own_words': true, 'need.fit': 'none' }).decision).toBe('disqualified');
  });

  it('no money at all: nurturing (none unmet), not disqualified', () => {
    expect(evaluate(anum, ANUM_ALL_MET, { 'money.budget': 'none' }).decision).toBe('nurturing');
  });

  it.each([
    ['lt_1m', '2026-12-06'], ['1_3m', '2026-12-06'], ['3_6m', '2026-12-22'], ['gt_6m', '2027-02-20'], ['none', '2027-05-21'], ['unknown', '2026-12-22'],
  ])('nurturing with a horizon of %s follows up on %s', (horizon, date) => {
    const answers = withChanges(anum, ANUM_ALL_MET, { 'urgency.horizon': horizon, ...(['lt_1m', '1_3m', '3_6m'].includes(horizon) ? { 'urgency.compelling_event': false } : {}) });
    const result = evaluate(anum, { ...answers, 'money.budget': 'none' }, {});
    expect(result).toMatchObject({ decision: 'nurturing', followUpOn: date });
  });
});

describe('the evaluation reads the framework’s structure, not the shape of question ids', () => {
  it('a budget question called `bstatus` is a budget answer', () => {
    const raw = read('bant');
    const renamed = JSON.parse(JSON.stringify(raw).replaceAll('"budget.status"', '"bstatus"'));
    const framework = parseFramework(renamed);
    const answers = { ...withChanges(framework, { 'authority.role': 'decision_maker', 'timeline.horizon': '1_3m', 'need.pain': 'x', 'need.severity': 4, 'need.fit': 'yes' }, {}), bstatus: 'allocated' };
    const result = evaluateQualification(framework, answers, TODAY);
    expect(result.criteria.budget).toEqual({ status: 'met', rule: 1, answers: { bstatus: 'allocated' } });
    expect(result.decision).toBe('sql');
  });
});

describe('a framework file that does not check out: the path of every problem', () => {
  const en = createTranslator('en');
  const problems = (data: unknown) => checkFramework(data).problems.map((problem) => `${problem.path}: ${en(problem.message.key, problem.message.params)}`);
  const bant = () => structuredClone(read('bant'));

  it('a question id used twice', () => {
    const broken = bant();
    broken.criteria[3].questions[1].id = 'need.pain';
    expect(problems(broken)).toContain('criteria[3].questions[1].id: "need.pain" is used twice (first at criteria[3].questions[0].id)');
  });

  it('a criterion id used twice', () => {
    const broken = bant();
    broken.criteria[2].id = 'budget';
    expect(problems(broken)).toContain('criteria[2].id: "budget" is used twice (first at criteria[0].id)');
  });

  it('a rule on a question of another criterion', () => {
    const broken = bant();
    broken.criteria[1].rules[1].when = { 'timeline.horizon': { in: ['lt_1m'] } };
    expect(problems(broken)).toEqual([
      'criteria[1].rules[1].when.timeline.horizon: question "timeline.horizon" belongs to criterion "timeline": a rule of "authority" may read only the questions of "authority"',
    ]);
  });

  it('a policy threshold above the number of criteria', () => {
    expect(problems({ ...bant(), policy: { kind: 'threshold', min: 5 } })).toEqual(['policy.min: is 5, above the number of criteria (4): no lead could ever reach sql']);
    expect(problems({ ...bant(), policy: { kind: 'threshold', min: 0 } })).toEqual(['policy.min: must be a whole number from 1 to 4 (the number of criteria)']);
  });

  it('a criterion with no rule that can give met: none says met, one is never reached, one can never hold', () => {
    const none = bant();
    none.criteria[2].rules = none.criteria[2].rules.filter((rule: { status: string }) => rule.status !== 'met');
    const noMet = 'no rule can give "met": a lead could never meet timeline; add a rule with "status": "met" that some answers satisfy';
    expect(problems(none)).toEqual([`criteria[2].rules: ${noMet}`]);

    const shadowed = bant();
    const [always] = shadowed.criteria[1].rules.splice(3, 1);
    shadowed.criteria[1].rules.unshift(always); // "unmet in every other case" first: nothing after it is reached
    expect(problems(shadowed)).toEqual([`criteria[1].rules: ${noMet.replace('timeline', 'authority')}`]);

    const impossible = bant();
    impossible.criteria[3].rules[1].when['need.severity'] = { gte: 4, lt: 2 };
    expect(problems(impossible)).toEqual([`criteria[3].rules: ${noMet.replace('timeline', 'need')}`]);

    const beyondMax = bant();
    beyondMax.criteria[3].rules[1].when['need.severity'] = { gte: 6 };
    expect(problems(beyondMax)).toEqual([`criteria[3].rules: ${noMet.replace('timeline', 'need')}`]);
  });

  it('every problem at once, each with its path', () => {
    const broken = bant();
    broken.polcy = broken.policy;
    broken.criteria[0].questions[0].options.push({ value: 'planned', label: { en: 'Again', fr: 'Encore' } });
    broken.criteria[1].rules[2].when = { 'authority.rol': { in: [true] } };
    delete broken.criteria[2].label.fr;
    broken.criteria[3].questions[1].shownWhen = { 'need.fit': { in: ['yes'] } };
    broken.followUp.days.soon = 7;
    expect(problems(broken)).toEqual([
      'polcy: is not a key bant knows here; the keys are: id, version, name, params, policy, followUp, criteria, exampleAnswers (a key starting with _ is a comment)',
      'criteria[0].questions[0].options[4].value: the option "planned" is listed twice',
      'criteria[2].label.fr: must be a non-empty text',
    ]);
    delete broken.polcy;
    broken.criteria[0].questions[0].options.pop();
    broken.criteria[2].label.fr = 'Calendrier';
    expect(problems(broken)).toEqual([
      'criteria[1].rules[2].when.authority.rol: question "authority.rol" does not exist',
      'criteria[3].questions[1].shownWhen.need.fit: question "need.fit" is asked after this one: a question can depend only on answers given before it',
      'followUp.days.soon: "soon" is not an answer "timeline.horizon" can take',
    ]);
  });

  it('the checks that were there already: an answer a question cannot take, a missing French text, a param that does not exist', () => {
    const badOption = bant();
    badOption.criteria[2].rules[1].when['timeline.horizon'].in = ['soon'];
    expect(problems(badOption)).toEqual(['criteria[2].rules[1].when.timeline.horizon.in: "soon" is not an answer "timeline.horizon" can take']);
    const noFrench = bant();
    delete noFrench.criteria[0].questions[0].text.fr;
    expect(problems(noFrench)).toEqual(['criteria[0].questions[0].text.fr: must be a non-empty text']);
    const noParam = bant();
    noParam.params = {};
    expect(problems(noParam)).toEqual(['criteria[0].rules[2].when.budget.amount.gte: "$minBudget" is not in params (a param is written "$name")']);
  });

  it('a framework id that cannot be typed, example answers that would not do', () => {
    expect(problems({ ...bant(), id: 'our bant' })).toEqual(['id: "our bant" cannot be a framework id: use letters, digits, ".", "-" and "_", without spaces']);
    const examples = bant();
    examples.exampleAnswers = { 'budget.status': 'lots', 'need.fit': 'yes' };
    expect(problems(examples)).toEqual([
      'exampleAnswers.budget.status: budget.status: "lots" is not one of the answers: allocated, planned, none, unknown.',
      'exampleAnswers: the example answers leave out questions the interview needs: budget.status, authority.role, authority.decision_maker_identified, timeline.horizon, need.pain, need.severity',
    ]);
  });

  it('parseFramework refuses with the first problem, the file and how many more there are', () => {
    const broken = bant();
    broken.criteria[1].rules[2].when = { 'authority.rol': { in: [true] } };
    broken.policy.min = 9;
    broken.policy.kind = 'threshold';
    try {
      parseFramework(broken, 'ours.json');
      expect.unreachable();
    } catch (error) {
      const { key, params } = error as { key: string; params: Record<string, never> };
      expect(en(key, params)).toBe(
        'the framework ours.json is not valid at criteria[1].rules[2].when.authority.rol: question "authority.rol" does not exist (1 more problem: bant frameworks check ours.json lists them all).',
      );
      expect(createTranslator('fr')(key, params)).toMatch(/^le framework ours.json n’est pas valide en criteria\[1\]\.rules\[2\]\.when\.authority\.rol : la question « authority\.rol » n’existe pas/);
    }
  });
});
