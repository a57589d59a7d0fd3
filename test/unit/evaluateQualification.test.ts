// PRODUCT.md's default BANT rules, row by row, against the shipped data/frameworks/bant.json.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { checkAnswers, evaluateQualification, finalOutcome, missingAnswers, showValue, textAnswerProblem } from '../../src/domain/evaluateQualification.js';
import { parseFramework } from '../../src/domain/checkFramework.js';
import type { Answers, Framework } from '../../src/domain/framework.js';
import { ALL_MET } from '../helpers/answers.js';

const raw = JSON.parse(fs.readFileSync('data/frameworks/bant.json', 'utf8'));
const bant = parseFramework(raw);
const TODAY = '2026-11-22';

const status = (criterion: string, answers: Answers, framework: Framework = bant) =>
  evaluateQualification(framework, { ...ALL_MET, ...answers }, TODAY).criteria[criterion]!.status;
const without = (answers: Answers, ...ids: string[]) => Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));

describe('budget', () => {
  it.each([
    [{ 'budget.status': 'allocated' }, 'met'],
    [{ 'budget.status': 'allocated', 'budget.amount': 0 }, 'met'],
    [{ 'budget.status': 'planned' }, 'partial'],
    [{ 'budget.status': 'none' }, 'unmet'],
    [{ 'budget.status': 'unknown' }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status('budget', answers)).toBe(expected));

  it('allocated below minBudget is partial, at or above it is met', () => {
    const strict = parseFramework({ ...raw, params: { minBudget: 10_000 } });
    expect(status('budget', { 'budget.status': 'allocated', 'budget.amount': 9_999 }, strict)).toBe('partial');
    expect(status('budget', { 'budget.status': 'allocated', 'budget.amount': 10_000 }, strict)).toBe('met');
    expect(status('budget', { 'budget.status': 'allocated' }, strict)).toBe('met');
  });
});

describe('authority', () => {
  it.each([
    [{ 'authority.role': 'decision_maker' }, 'met'],
    [{ 'authority.role': 'influencer', 'authority.decision_maker_identified': true }, 'partial'],
    [{ 'authority.role': 'user', 'authority.decision_maker_identified': true, 'authority.decision_maker_name': 'Léa Roux' }, 'partial'],
    [{ 'authority.role': 'influencer', 'authority.decision_maker_identified': false }, 'unmet'],
    [{ 'authority.role': 'unknown' }, 'unknown'],
  ])('%j is %s', (answers, expected) => expect(status('authority', answers)).toBe(expected));
});

describe('timeline', () => {
  it.each([
    ['lt_1m', 'met'], ['1_3m', 'met'], ['3_6m', 'partial'], ['6_12m', 'partial'], ['gt_12m', 'unmet'], ['none', 'unmet'], ['unknown', 'unknown'],
  ])('%s is %s', (horizon, expected) => expect(status('timeline', { 'timeline.horizon': horizon })).toBe(expected));
});

describe('need', () => {
  it.each([
    [{ 'need.fit': 'yes', 'need.severity': 3 }, 'met'],
    [{ 'need.fit': 'yes', 'need.severity': 5 }, 'met'],
    [{ 'need.fit': 'yes', 'need.severity': 2 }, 'partial'],
    [{ 'need.fit': 'partly', 'need.severity': 5 }, 'partial'],
    [{ 'need.fit': 'no', 'need.severity': 5 }, 'unmet'],
  ])('%j is %s', (answers, expected) => expect(status('need', answers)).toBe(expected));
});

describe('the decision', () => {
  it('all four met: sql, score 100, no follow-up, no reasons', () => {
    expect(evaluateQualification(bant, ALL_MET, TODAY)).toMatchObject({ decision: 'sql', score: 100, followUpOn: null, reasons: [] });
  });

  it('need unmet: disqualified, whatever else', () => {
    expect(evaluateQualification(bant, { ...ALL_MET, 'need.fit': 'no' }, TODAY).decision).toBe('disqualified');
  });

  it('anything else: nurturing, with the reasons and a score from met (1) and partial (0.5)', () => {
    const result = evaluateQualification(bant, { ...ALL_MET, 'budget.status': 'planned', 'timeline.horizon': 'gt_12m' }, TODAY);
    expect(result).toMatchObject({ decision: 'nurturing', score: 62.5, reasons: [{ criterion: 'budget', status: 'partial' }, { criterion: 'timeline', status: 'unmet' }] });
  });

  it.each([
    ['lt_1m', '2026-12-06'], ['1_3m', '2026-12-06'], ['3_6m', '2026-12-22'], ['6_12m', '2027-02-20'], ['gt_12m', '2027-05-21'], ['none', '2027-05-21'], ['unknown', '2026-12-22'],
  ])('timeline %s follows up on %s', (horizon, date) => {
    const answers = { ...ALL_MET, 'timeline.horizon': horizon, 'budget.status': 'planned' };
    expect(evaluateQualification(bant, answers, TODAY).followUpOn).toBe(date);
  });

  it('policy threshold (IBM\'s "3 of 4"): sql with three met and none unmet', () => {
    const threshold = parseFramework({ ...raw, policy: { kind: 'threshold', min: 3, disqualifyWhenUnmet: ['need'] } });
    expect(evaluateQualification(threshold, { ...ALL_MET, 'budget.status': 'planned' }, TODAY)).toMatchObject({ decision: 'sql', score: 87.5 });
    expect(evaluateQualification(threshold, { ...ALL_MET, 'budget.status': 'none' }, TODAY).decision).toBe('nurturing');
    expect(evaluateQualification(threshold, { ...ALL_MET, 'budget.status': 'unknown', 'timeline.horizon': '3_6m' }, TODAY).decision).toBe('nurturing');
  });

  it('weights change the score', () => {
    const weighted = parseFramework({ ...raw, criteria: raw.criteria.map((c: { id: string }) => ({ ...c, weight: c.id === 'need' ? 3 : 1 })) });
    expect(evaluateQualification(weighted, { ...ALL_MET, 'need.fit': 'partly' }, TODAY).score).toBe(75);
  });
});

describe('where the lead goes', () => {
  it('an override to nurturing takes its follow-up date from the timeline, whatever the rules decided', () => {
    const answers = { ...ALL_MET, 'timeline.horizon': '6_12m' };
    const evaluation = evaluateQualification(bant, answers, TODAY);
    expect(evaluation.decision).toBe('nurturing');
    expect(finalOutcome(bant, answers, evaluation, undefined, TODAY)).toEqual({ stage: 'nurturing', followUpOn: '2027-02-20' });
    const sql = evaluateQualification(bant, ALL_MET, TODAY);
    expect(finalOutcome(bant, ALL_MET, sql, 'nurturing', TODAY)).toEqual({ stage: 'nurturing', followUpOn: '2026-12-06' });
    expect(finalOutcome(bant, without(ALL_MET, 'timeline.horizon'), sql, 'nurturing', TODAY)).toEqual({ stage: 'nurturing', followUpOn: '2026-12-22' });
    expect(finalOutcome(bant, answers, evaluation, 'sql', TODAY)).toEqual({ stage: 'sql', followUpOn: null });
  });
});

describe('text answers', () => {
  it('blank is spaces, control characters or invisible ones; a page is the limit', () => {
    for (const blank of ['', '   ', '\u200b', '\u0000\u0000', '\ufeff\u200d\t\n', '\u2060']) expect(textAnswerProblem(blank), JSON.stringify(blank)).toBe('answers.emptyText');
    expect(textAnswerProblem('Invoices typed by hand')).toBeUndefined();
    expect(textAnswerProblem('x'.repeat(5000))).toBeUndefined();
    expect(textAnswerProblem('x'.repeat(5001))).toBe('answers.textTooLong');
  });

  it('a value is shown short, and never walked through', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(showValue(deep)).toBe('[…]');
    expect(showValue({ a: 1 })).toBe('{…}');
    expect(showValue('y'.repeat(1000))).toBe(`"${'y'.repeat(57)}…"`);
    expect(() => checkAnswers(bant, { 'need.pain': deep })).toThrow(BantError);
  });
});

describe('answers from a file', () => {
  const key = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof BantError ? `${error.kind} ${error.key} ${error.params.id ?? ''}`.trim() : String(error);
    }
    return 'ok';
  };

  it('accepts good answers, yes/no for confirmations, and lists what is missing', () => {
    const answers = checkAnswers(bant, { 'authority.role': 'influencer', 'authority.decision_maker_identified': 'yes' });
    expect(answers['authority.decision_maker_identified']).toBe(true);
    expect(missingAnswers(bant, answers)).toEqual(['budget.status', 'timeline.horizon', 'need.pain', 'need.severity', 'need.fit']);
    expect(missingAnswers(bant, ALL_MET)).toEqual([]);
    expect(missingAnswers(bant, without(ALL_MET, 'need.pain'))).toEqual(['need.pain']);
  });

  it.each([
    [{ 'budget.colour': 'red' }, 'invalidInput answers.unknownQuestion budget.colour'],
    [{ 'budget.status': 'lots' }, 'invalidInput answers.notAnOption budget.status'],
    [{ 'budget.status': 'allocated', 'budget.amount': -5 }, 'invalidInput answers.notAtLeast budget.amount'],
    [{ 'need.severity': 9 }, 'invalidInput answers.notInRangeWhole need.severity'],
    [{ 'need.severity': 2.5 }, 'invalidInput answers.notInRangeWhole need.severity'],
    [{ 'authority.role': 'user', 'authority.decision_maker_identified': 'maybe' }, 'invalidInput answers.notYesNo authority.decision_maker_identified'],
    [{ 'need.pain': '  ' }, 'invalidInput answers.emptyText need.pain'],
    [{ 'authority.role': 'decision_maker', 'authority.decision_maker_identified': true }, 'invalidInput answers.notAsked authority.decision_maker_identified'],
    [['budget.status'], 'invalidInput answers.notAnObject'],
  ])('refuses %j', (answers, expected) => expect(key(() => checkAnswers(bant, answers))).toBe(expected));
});
