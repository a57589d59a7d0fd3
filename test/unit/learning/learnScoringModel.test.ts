// Learning a scoring model end to end, without a database: a generated data set whose signal is known, the
// learned model read back through the model format and applied by scoreLead, the split, determinism, and
// the bad input that must be refused with a clear message.

import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/domain/activity.js';
import { BantError } from '../../../src/domain/errors.js';
import { POINTS_TO_DOUBLE_ODDS, scorecardPoints } from '../../../src/domain/learning/buildScorecard.js';
import { areaUnderCurve } from '../../../src/domain/learning/evaluateScores.js';
import type { Feature } from '../../../src/domain/learning/extractFeatures.js';
import { learnScoringModel, type LearnOptions } from '../../../src/domain/learning/learnScoringModel.js';
import { splitHoldout } from '../../../src/domain/learning/splitHoldout.js';
import type { TrainingRow } from '../../../src/domain/learning/trainingSet.js';
import { scoreLead } from '../../../src/domain/scoreLead.js';
import { parseScoringModel } from '../../../src/domain/scoringModel.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import { seededRandom, trainingRow } from '../../helpers/trainingRows.js';

const AS_OF = '2026-06-30T12:00:00.000Z';
const options: LearnOptions = { interest: ['email_open', 'demo_request'] };
/** Points per unit of log-odds: 20 points double the odds. */
const PER_LOG_ODDS = POINTS_TO_DOUBLE_ODDS / Math.LN2;

/**
 * Leads whose true log-odds of converting are known (about one in five converts): Software +1, a free-mail address −1, 200 employees or
 * more +0.8, a demo request +1.5, each email opened +0.3 (up to 4); the plan, the country and the source say nothing.
 */
const trueLogOdds = new Map<number, number>();
function generate(count: number, seed = 7): TrainingRow[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const industry = pick(['Software', 'Retail', 'Health', 'Energy']);
    const free = random() < 0.3;
    const employees = random() < 0.1 ? null : Math.floor(Math.exp(random() * 8));
    const demo = random() < 0.15 ? 1 : 0;
    const opens = Math.floor(random() * 5);
    // Mostly three sources, some unknown, and a tail of rare ones that the learner pools into "another value".
    const draw = random();
    const source = draw < 0.05 ? null : draw < 0.08 ? `partner ${Math.floor(random() * 10)}` : pick(['webinar', 'linkedin', 'website']);
    const logOdds = -2.2 + (industry === 'Software' ? 1 : 0) - (free ? 1 : 0) + (employees !== null && employees >= 200 ? 0.8 : 0) + 1.5 * demo + 0.3 * opens;
    const label = random() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0;
    trueLogOdds.set(i + 1, logOdds);
    return trainingRow(
      i + 1,
      label,
      {
        email: free ? `lead${i}@gmail.com` : `lead${i}@company${i}.example`, firstName: `First${i}`, lastName: `Last${i}`, company: `Company ${i}`,
        industry, employees, source, country: pick(['France', 'Belgique', 'Suisse']), custom: { plan: pick(['basic', 'pro']), linkedin: `https://linkedin.com/in/lead${i}` },
      },
      { email_open: opens, demo_request: demo },
      // What a hand-written model might give: it knows about demos only.
      30 * demo,
    );
  });
}

/** Activities that give a row its counts, all before the moment of scoring. */
function activitiesOf(row: TrainingRow): Activity[] {
  const activities: Activity[] = [];
  for (const [type, count] of Object.entries(row.activityCounts)) {
    for (let k = 0; k < count; k++) activities.push({ id: activities.length + 1, leadId: row.id, type, occurredAt: '2026-06-01T09:00:00.000Z', source: null, properties: {} });
  }
  return activities;
}

// Enough leads that a true effect of one log-odds (29 points) is learned within 7 points (about 3 standard errors).
const rows = generate(10_000);
const learned = learnScoringModel(rows, options);
const pointsOf = (ruleId: string) => {
  const rule = [...learned.model.fit.rules, ...learned.model.engagement.rules].find((candidate) => candidate.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId} in ${learned.model.fit.rules.map((r) => r.id).join(', ')}`);
  return rule.points;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('a learned model recovers a known signal', () => {
  it('gives Software about one log-odds (29 points) more than the other industries', () => {
    const others = mean(['industry=Retail', 'industry=Health', 'industry=Energy'].map(pointsOf));
    expect(pointsOf('industry=Software') - others).toBeGreaterThan(PER_LOG_ODDS * 1 - 7);
    expect(pointsOf('industry=Software') - others).toBeLessThan(PER_LOG_ODDS * 1 + 7);
  });

  it('takes about 29 points off a free-mail address, compared with a business one', () => {
    expect(pointsOf('email:free') - pointsOf('email:business')).toBeGreaterThan(-PER_LOG_ODDS - 7);
    expect(pointsOf('email:free') - pointsOf('email:business')).toBeLessThan(-PER_LOG_ODDS + 7);
  });

  it('rewards a demo request with about 43 points (1.5 log-odds), as an engagement count rule', () => {
    const demo = learned.model.engagement.rules.find((rule) => rule.type === 'demo_request' && rule.count?.gte === 1)!;
    const never = learned.model.engagement.rules.find((rule) => rule.type === 'demo_request' && rule.count?.lt === 1)!;
    expect(demo.points - never.points).toBeGreaterThan(1.5 * PER_LOG_ODDS - 9);
    expect(demo.points - never.points).toBeLessThan(1.5 * PER_LOG_ODDS + 9);
  });

  it('gives more points to bigger companies and to more opens, in order', () => {
    const employeeBins = learned.model.fit.rules.filter((rule) => rule.family === 'employees' && rule.when.employees?.missing === undefined);
    expect(employeeBins.length).toBeGreaterThanOrEqual(3);
    const small = mean(employeeBins.filter((rule) => (rule.when.employees!.lt ?? Infinity) <= 200).map((rule) => rule.points));
    const large = mean(employeeBins.filter((rule) => (rule.when.employees!.gte ?? 0) >= 200).map((rule) => rule.points));
    expect(large - small).toBeGreaterThan(0.8 * PER_LOG_ODDS - 10);
    const opens = learned.model.engagement.rules.filter((rule) => rule.type === 'email_open').map((rule) => rule.points);
    expect(opens[opens.length - 1]! - opens[0]!).toBeGreaterThan(10);
  });

  it('gives fields that say nothing next to no points', () => {
    expect(Math.abs(pointsOf('custom.plan=basic') - pointsOf('custom.plan=pro'))).toBeLessThanOrEqual(5);
    const countries = ['country=France', 'country=Belgique', 'country=Suisse'].map(pointsOf);
    expect(Math.max(...countries) - Math.min(...countries)).toBeLessThanOrEqual(6);
  });

  it('leaves out what identifies a lead, and says why', () => {
    expect(learned.features.excluded).toEqual(
      expect.arrayContaining([
        { field: 'first_name', reason: 'identifier' },
        { field: 'company', reason: 'identifier' },
        { field: 'custom.linkedin', reason: 'identifier' },
      ]),
    );
    expect(learned.features.used.map((feature) => feature.field)).toEqual(['country', 'industry', 'source', 'email', 'employees', 'custom.plan', 'demo_request', 'email_open']);
  });

  it('measures itself on the held-out part: better than the current model, which knows only demos', () => {
    expect(learned.outcomes).toMatchObject({ leads: 10_000, learning: 7000, heldOut: 3000 });
    // The generating model itself is the best any model can do on these leads.
    const best = areaUnderCurve(learned.heldOut.ids.map((id) => trueLogOdds.get(id)!), learned.heldOut.labels);
    expect(learned.evaluation.auc).toBeGreaterThan(best - 0.02);
    expect(learned.evaluation.currentAuc).toBeGreaterThan(0.55);
    expect(learned.evaluation.auc).toBeGreaterThan(learned.evaluation.currentAuc! + 0.1);
    expect(learned.evaluation.deciles[0]!.lift).toBeGreaterThan(1.8);
    expect(learned.evaluation.deciles[9]!.lift).toBeLessThan(0.5);
    expect(learned.evaluation.strongestPositive.slice(0, 3).map((points) => points.ruleId)).toEqual(expect.arrayContaining(['demo_request:1+', 'industry=Software']));
    expect(learned.evaluation.strongestNegative.slice(0, 3).map((points) => points.ruleId)).toContain('email:free');
    expect(learned.evaluation.strongestNegative.map((points) => points.points)).toEqual([...learned.evaluation.strongestNegative.map((points) => points.points)].sort((a, b) => a - b));
  });

  it('suggests the threshold for twice the base rate by default, and makes it the model’s MQL threshold', () => {
    const { threshold, baseRate } = learned.evaluation;
    expect(threshold.precision).toBeCloseTo(Math.min(1, 2 * baseRate), 12);
    expect(threshold.score).not.toBeNull();
    expect(threshold.precisionReached).toBeGreaterThanOrEqual(threshold.precision);
    expect(learned.model.mql).toEqual({ total: threshold.score });
    const stricter = learnScoringModel(rows, { ...options, precision: 0.7 });
    expect(stricter.evaluation.threshold.score!).toBeGreaterThan(threshold.score!);
    expect(stricter.evaluation.threshold.conversionsKept).toBeLessThan(threshold.conversionsKept);
  });
});

describe('a learned model is a scoring model like any other', () => {
  const written = JSON.parse(JSON.stringify(learned.model)) as unknown;
  const model = parseScoringModel(written);

  it('round-trips through the model file format unchanged', () => {
    expect(model).toEqual(learned.model);
    expect(model.interest).toEqual(['email_open', 'demo_request']);
    expect(model.fit.rules[0]).toMatchObject({ id: 'base', when: {} });
  });

  it('scores every held-out lead, through scoreLead, exactly as the learner scored it', () => {
    const byId = new Map(rows.map((row) => [row.id, row]));
    const totals = learned.heldOut.ids.map((id) => {
      const row = byId.get(id)!;
      const score = scoreLead(row.lead, activitiesOf(row), model, AS_OF);
      expect(score.capped).toEqual({});
      return score.total;
    });
    expect(totals).toEqual(learned.heldOut.scores);
  });

  it('orders held-out leads almost exactly as the regression does before rounding to points', () => {
    const { scores, logOdds, labels } = learned.heldOut;
    expect(Math.abs(areaUnderCurve(scores, labels) - areaUnderCurve(logOdds, labels))).toBeLessThan(0.003);
    expect(spearman(scores, logOdds)).toBeGreaterThan(0.995);
    // 20 points double the odds: the points are the log-odds on that scale, up to rounding.
    const offset = mean(scores.map((score, k) => score - logOdds[k]! * PER_LOG_ODDS));
    for (let k = 0; k < scores.length; k++) expect(Math.abs(scores[k]! - logOdds[k]! * PER_LOG_ODDS - offset)).toBeLessThan(4);
  });

  it('gives exactly one value of each field its points: rules of a family exclude each other', () => {
    const lead = rows[0]!;
    const families = new Map<string, number>();
    for (const contribution of scoreLead(lead.lead, activitiesOf(lead), model, AS_OF).contributions) {
      const rule = model.fit.rules.find((candidate) => candidate.id === contribution.ruleId);
      if (rule?.family) families.set(rule.family, (families.get(rule.family) ?? 0) + 1);
    }
    for (const count of families.values()) expect(count).toBe(1);
  });
});

describe('points from a fit', () => {
  it('turns weights into integer points, 20 per doubling of the odds, and puts 0 at the base rate’s odds', () => {
    const values = [{ kind: 'category', text: 'a' }, { kind: 'category', text: 'b' }, { kind: 'category', text: 'c' }, { kind: 'missing' }, { kind: 'other' }];
    const feature = { field: 'industry', kind: 'category', values, rows: [1, 1, 1, 1, 1], valueOf: () => 0 } as Feature;
    // ln 2 doubles the odds: 20 points. 0.03 is 0.87 points, rounded to 1; −0.01 is −0.29, rounded to 0 (not −0).
    const fit = { intercept: Math.log(0.25 / 0.75) + Math.LN2, weights: Float64Array.from([Math.LN2, -2 * Math.LN2, 0.03, -0.01, -0.03]), iterations: 1, converged: true, loss: 0 };
    expect(scorecardPoints([feature], fit, 0.25)).toEqual({ base: 20, points: [[20, -40, 1, 0, -1]] });
  });

  it('keeps the order of leads: a higher log-odds never gets fewer points, up to rounding', () => {
    const random = seededRandom(3);
    const feature = { field: 'f', kind: 'category', values: Array.from({ length: 50 }, (_, i) => ({ kind: 'category', text: `v${i}` })), rows: [], valueOf: () => 0 } as unknown as Feature;
    const weights = Float64Array.from({ length: 50 }, () => random() * 6 - 3);
    const { points } = scorecardPoints([feature], { intercept: 0, weights, iterations: 1, converged: true, loss: 0 }, 0.5);
    for (let a = 0; a < 50; a++) for (let b = 0; b < 50; b++) if (weights[a]! > weights[b]!) expect(points[0]![a]!).toBeGreaterThanOrEqual(points[0]![b]!);
  });
});

describe('the held-out part', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
  const labels = ids.map((id) => (id % 4 === 0 ? 1 : 0));

  it('holds out the share asked in each class', () => {
    const heldOut = splitHoldout(ids, labels, ids.length, 0.3, 1);
    const count = (label: number) => ids.filter((_, r) => heldOut[r] === 1 && labels[r] === label).length;
    expect(count(1)).toBe(75);
    expect(count(0)).toBe(225);
  });

  it('depends on the ids and the seed, not on the order rows come in', () => {
    const heldOut = splitHoldout(ids, labels, ids.length, 0.3, 1);
    const reversed = splitHoldout([...ids].reverse(), [...labels].reverse(), ids.length, 0.3, 1);
    expect([...reversed].reverse()).toEqual([...heldOut]);
    expect([...splitHoldout(ids, labels, ids.length, 0.3, 2)]).not.toEqual([...heldOut]);
  });

  it('keeps at least one lead of each class on each side', () => {
    const heldOut = splitHoldout([1, 2, 3, 4], [1, 0, 0, 0], 4, 0.01, 1);
    expect(heldOut.reduce((sum, flag) => sum + flag, 0)).toBe(1);
    expect(heldOut[0]).toBe(0);
  });
});

describe('determinism', () => {
  it('gives the same model and report for the same leads in any order', () => {
    const shuffled = [...rows].sort((a, b) => ((a.id * 7919) % 10_007) - ((b.id * 7919) % 10_007));
    const again = learnScoringModel(shuffled, options);
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(learned.model));
    expect(again.evaluation).toEqual(learned.evaluation);
  });

  it('has no current AUC when some held-out lead has no current score', () => {
    const withoutScores = rows.map((row, i) => (i % 2 ? { ...row, currentScore: undefined } : row));
    expect(learnScoringModel(withoutScores, options).evaluation.currentAuc).toBeNull();
  });
});

describe('bad input: a clear message in English and French, exit 3', () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof BantError)) throw error;
      return { key: error.key, exitCode: error.exitCode, en: createTranslator('en')(error.key, error.params), fr: createTranslator('fr')(error.key, error.params) };
    }
    throw new Error('expected a refusal');
  };

  it.each([0, 1, -0.2, 1.5, Number.NaN])('refuses --holdout %s', (holdout) => {
    const refused = refusal(() => learnScoringModel(rows, { ...options, holdout }));
    expect(refused).toMatchObject({ key: 'learn.badHoldout', exitCode: 3 });
    expect(refused.en).toContain(`not ${holdout}`);
    expect(refused.fr).toContain(`et non ${holdout}`);
  });

  it.each([0, -0.5, 1.01])('refuses --precision %s', (precision) => {
    expect(refusal(() => learnScoringModel(rows, { ...options, precision }))).toMatchObject({ key: 'learn.badPrecision', exitCode: 3 });
  });

  it('accepts --precision 1 (every lead above the threshold converted)', () => {
    expect(() => learnScoringModel(rows, { ...options, precision: 1 })).not.toThrow();
  });

  it('refuses too few outcomes, saying how many it needs and how many there are', () => {
    const refused = refusal(() => learnScoringModel(rows.slice(0, 99), options));
    expect(refused).toMatchObject({ key: 'learn.tooFewOutcomes', exitCode: 3 });
    expect(refused.en).toMatch(/^too few leads with an outcome to learn from: 99 \(\d+ converted, \d+ not\); it takes at least 100, with 20 of each/);
    expect(refused.fr).toMatch(/^trop peu de leads à l’issue connue pour apprendre : 99 \(\d+ convertis, \d+ non\) ; il en faut au moins 100, dont 20 de chaque sorte/);
  });

  it('refuses enough leads but too few of one class', () => {
    const fewConverted = generate(400).map((row, i) => ({ ...row, label: (i < 10 ? 1 : 0) as 0 | 1 }));
    expect(refusal(() => learnScoringModel(fewConverted, options)).en).toContain(': 400 (10 converted, 390 not)');
  });

  it('refuses one class only, naming it', () => {
    const none = refusal(() => learnScoringModel(rows.map((row) => ({ ...row, label: 0 as const })), options));
    expect(none.key).toBe('learn.noneConverted');
    expect(none.en).toBe('none of the 10000 leads with an outcome converted (reached sql or customer): learning needs some that did.');
    const all = refusal(() => learnScoringModel(rows.map((row) => ({ ...row, label: 1 as const })), options));
    expect(all.key).toBe('learn.allConverted');
    expect(all.fr).toContain('les 10000 leads à l’issue connue ont tous converti');
  });

  it('refuses data with no usable feature', () => {
    const identifiersOnly = rows.map((row) => trainingRow(row.id, row.label, { firstName: row.lead.firstName, company: row.lead.company, custom: { linkedin: row.lead.custom.linkedin! } }));
    const refused = refusal(() => learnScoringModel(identifiersOnly, options));
    expect(refused).toMatchObject({ key: 'learn.noUsableFeature', exitCode: 3 });
    expect(refused.en).toContain('each of the 14 fields looked at');
  });

  it('has every message in both languages, with every parameter filled in', () => {
    for (const run of [
      () => learnScoringModel(rows, { ...options, holdout: 2 }),
      () => learnScoringModel(rows, { ...options, precision: 2 }),
      () => learnScoringModel(rows.slice(0, 10), options),
    ]) {
      const refused = refusal(run);
      expect(refused.en).not.toBe(refused.fr);
      expect(refused.en + refused.fr).not.toMatch(/[{}]/);
    }
  });
});

/** Spearman's rank correlation (mid-ranks for ties). */
function spearman(a: number[], b: number[]): number {
  const ranks = (values: number[]) => {
    const order = values.map((_, i) => i).sort((x, y) => values[x]! - values[y]!);
    const result = new Array<number>(values.length);
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
      for (let k = start; k < end; k++) result[order[k]!] = (start + end - 1) / 2;
      start = end;
    }
    return result;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}
