// A fitted logistic regression turned into a scorecard: integer points per value or bin, written as a scoring
// model (the same format as a hand-written one, applied by the same code).
//
// The scale: POINTS_TO_DOUBLE_ODDS points double a lead's odds of converting (odds = p / (1 − p)), so a weight w
// of the regression is w × 20 / ln 2 points, rounded. The base points (a rule with `when: {}`) put 0 at the
// odds of the average lead learned from: a score of 20 is twice those odds, −20 half, whatever the data.
//
// The rules: each lead feature is a family of fit rules (one per value, the first that holds counts, "another
// value" last since it holds for any value), and each activity type a set of engagement `count` rules whose
// ranges do not overlap. So a lead gets exactly one value's points per feature, as in the regression. Caps are
// set at the most points a lead can get, so they never change a learned score.

import type { Text } from '../framework.js';
import type { Condition, EngagementRule, FitRule, ScoringModel } from '../scoringModel.js';
import type { Feature, FeatureValue } from './extractFeatures.js';
import type { LogisticFit } from './fitLogisticRegression.js';

export const POINTS_TO_DOUBLE_ODDS = 20;

export interface Scorecard {
  base: number;
  /** points[f][v]: the points of value v of feature f. */
  points: number[][];
}

/** Points from a fit whose value columns are the features' values in order. `baseRate` is the learning rows' conversion rate. */
export function scorecardPoints(features: readonly Feature[], fit: LogisticFit, baseRate: number, pointsToDoubleOdds = POINTS_TO_DOUBLE_ODDS): Scorecard {
  const perLogOdds = pointsToDoubleOdds / Math.LN2;
  const round = (x: number) => Math.round(x) || 0; // never −0 in a file
  const base = round(perLogOdds * (fit.intercept - Math.log(baseRate / (1 - baseRate))));
  let column = 0;
  const points = features.map((feature) => feature.values.map(() => round(perLogOdds * fit.weights[column++]!)));
  return { base, points };
}

export interface ScorecardModelOptions {
  id: string;
  name: Text;
  /** Activity types that show interest: not learned, taken from the current model. */
  interest: string[];
  /** The MQL threshold on the total. */
  mqlTotal: number;
}

export const BASE_RULE_ID = 'base';

export interface ScorecardRule {
  ruleId: string;
  label: Text;
  points: number;
  feature: number;
  value: number;
}

/** The scoring model of a scorecard, and each feature value's rule (id, label, points) for the report. */
export function scorecardModel(features: readonly Feature[], scorecard: Scorecard, options: ScorecardModelOptions): { model: ScoringModel; rules: ScorecardRule[] } {
  const ids = new Set<string>([BASE_RULE_ID]);
  const uniqueId = (wanted: string) => {
    let id = wanted;
    for (let n = 2; ids.has(id); n++) id = `${wanted}#${n}`;
    ids.add(id);
    return id;
  };
  const fitRules: FitRule[] = [{ id: BASE_RULE_ID, label: { en: 'Base points (every lead)', fr: 'Points de base (tout lead)' }, when: {}, points: scorecard.base }];
  const engagementRules: EngagementRule[] = [];
  const rules: ScorecardRule[] = [];
  let mostFit = scorecard.base;
  let mostEngagement = 0;
  features.forEach((feature, f) => {
    const points = scorecard.points[f]!;
    // A lead may match none of a feature's rules (a text in a numeric field): 0 points is then its best.
    const best = Math.max(0, ...points);
    feature.values.forEach((value, v) => {
      const id = uniqueId(ruleIdOf(feature, value));
      const label = labelOf(feature, value);
      rules.push({ ruleId: id, label, points: points[v]!, feature: f, value: v });
      if (feature.kind === 'activityCount') {
        const range = value as Extract<FeatureValue, { kind: 'range' }>;
        const count: { gte?: number; lt?: number } = {};
        if (range.gte !== undefined) count.gte = range.gte;
        if (range.lt !== undefined) count.lt = range.lt;
        engagementRules.push({ id, label, type: feature.field, count, points: points[v]! });
      } else {
        fitRules.push({ id, label, when: { [feature.field]: conditionOf(value) }, points: points[v]!, family: feature.field });
      }
    });
    if (feature.kind === 'activityCount') mostEngagement += best;
    else mostFit += best;
  });
  const model: ScoringModel = {
    id: options.id,
    version: 1,
    name: options.name,
    fit: { cap: Math.max(0, mostFit), rules: fitRules },
    engagement: { cap: Math.max(0, mostEngagement), rules: engagementRules },
    interest: options.interest,
    mql: { total: options.mqlTotal },
  };
  return { model, rules };
}

function conditionOf(value: FeatureValue): Condition {
  switch (value.kind) {
    case 'category':
      return { equals: value.text };
    case 'other':
      // Last in its family: any value the rules before it did not take.
      return { missing: false };
    case 'missing':
      return { missing: true };
    case 'emailDomain':
      return { emailDomain: value.domain };
    case 'range': {
      const condition: Condition = {};
      if (value.gte !== undefined) condition.gte = value.gte;
      if (value.lt !== undefined) condition.lt = value.lt;
      return condition;
    }
  }
}

/** `industry=Software`, `employees:[50,200)`, `employees:<50`, `email:free`, `email_open:0`, `email_open:3+`, `title:other`. */
function ruleIdOf(feature: Feature, value: FeatureValue): string {
  const field = feature.field;
  switch (value.kind) {
    case 'category':
      return `${field}=${value.text}`;
    case 'other':
      return `${field}:other`;
    case 'missing':
      return `${field}:unknown`;
    case 'emailDomain':
      return `${field}:${value.domain}`;
    case 'range':
      if (feature.kind === 'activityCount') {
        const from = value.gte ?? 0;
        if (value.lt === undefined) return `${field}:${from}+`;
        return value.lt - 1 === from ? `${field}:${from}` : `${field}:${from}-${value.lt - 1}`;
      }
      if (value.gte === undefined) return `${field}:<${value.lt}`;
      if (value.lt === undefined) return `${field}:>=${value.gte}`;
      return `${field}:[${value.gte},${value.lt})`;
  }
}

/** What a person reads in `score why` and in the file: the field as the user named it, and the value. */
function labelOf(feature: Feature, value: FeatureValue): Text {
  const name = feature.field.startsWith('custom.') ? feature.field.slice('custom.'.length) : feature.field;
  const en = (text: string) => `${name}: ${text}`;
  const fr = (text: string) => `${name} : ${text}`;
  const number = (x: number, lang: 'en' | 'fr') => x.toLocaleString(lang, { maximumFractionDigits: 6 });
  switch (value.kind) {
    case 'category':
      return { en: en(value.text), fr: fr(value.text) };
    case 'other':
      return { en: en('another value'), fr: fr('une autre valeur') };
    case 'missing':
      if (feature.kind === 'emailKind') return { en: 'No email address', fr: 'Pas d’adresse e-mail' };
      return { en: en('unknown'), fr: fr('inconnu') };
    case 'emailDomain':
      return value.domain === 'free'
        ? { en: 'Free-mail address', fr: 'Adresse de messagerie gratuite' }
        : { en: 'Business email address', fr: 'Adresse e-mail professionnelle' };
    case 'range': {
      const { gte, lt } = value;
      if (feature.kind === 'activityCount') {
        const from = gte ?? 0;
        if (lt === 1) return { en: en('never'), fr: fr('jamais') };
        if (lt === undefined) return from === 1 ? { en: en('at least once'), fr: fr('au moins une fois') } : { en: en(`${from} times or more`), fr: fr(`${from} fois ou plus`) };
        const to = lt - 1;
        if (to === from) return from === 1 ? { en: en('once'), fr: fr('une fois') } : { en: en(`${from} times`), fr: fr(`${from} fois`) };
        return { en: en(`${from} to ${to} times`), fr: fr(`de ${from} à ${to} fois`) };
      }
      if (gte === undefined) return { en: en(`under ${number(lt!, 'en')}`), fr: fr(`moins de ${number(lt!, 'fr')}`) };
      if (lt === undefined) return { en: en(`${number(gte, 'en')} or more`), fr: fr(`${number(gte, 'fr')} ou plus`) };
      return { en: en(`${number(gte, 'en')} to under ${number(lt, 'en')}`), fr: fr(`de ${number(gte, 'fr')} à moins de ${number(lt, 'fr')}`) };
    }
  }
}
