// The lead scoring model as data (PRODUCT.md, "Activities and lead scoring"): two capped groups of rules,
// fit (who the lead is: its fields) and engagement (what it did: its activities), which activity types show
// interest, and the MQL threshold. A hand-written model and a learned one (`bant score learn`, a scorecard of
// integer points per value or bin) are the same format, applied by the same code.
// `parseScoringModel` checks a model read from JSON and names the first bad path in it, as `parseFramework` does:
// a typo must be refused, never silently ignored, so every object accepts only the keys it knows. The types
// below are the file format itself: `JSON.stringify` of a ScoringModel is a model file (the learner writes
// its scorecard that way), and parsing fills in no defaults.

import { normaliseActivityType } from './activity.js';
import { invalidInput } from './errors.js';
import type { Text } from './framework.js';
import { LEAD_FIELD_NAMES } from './lead.js';

/**
 * One test on one value (a lead field, a custom field, or an activity property); every operator given must
 * hold. Text comparisons ignore case and accents. `gte`/`lt` read text as a number the way people write
 * them ("1 200"). `emailDomain` looks at what follows the last `@`. `missing: true` holds when there is no value
 * (a learned model gives "unknown" its own points), `missing: false` when there is one.
 */
export interface Condition {
  equals?: string | number;
  in?: (string | number)[];
  contains?: string;
  /** A regular expression, tested ignoring case against the value without its accents. */
  matches?: string;
  gte?: number;
  lt?: number;
  emailDomain?: 'free' | 'business';
  missing?: boolean;
}
export const CONDITION_OPERATORS = ['equals', 'in', 'contains', 'matches', 'gte', 'lt', 'emailDomain', 'missing'] as const;

/** Lead field name (`title`, `employees`...) or `custom.NAME` → condition; all must hold. `{}` always holds. */
export type FieldConditions = Record<string, Condition>;
/** Activity property name → condition; all must hold. */
export type PropertyConditions = Record<string, Condition>;

export interface FitRule {
  id: string;
  label: Text;
  when: FieldConditions;
  points: number;
  /** Of the rules sharing a family (tiers of one thing: seniority, company size), only the first that holds counts. */
  family?: string;
}

/**
 * How many matching activities a rule counts, newest first: `once` (the most recent), `each`, at most N per
 * calendar day (UTC), or at most N in all.
 */
export type Repeat = 'once' | 'each' | { perDay: number } | { max: number };

export interface EngagementRule {
  id: string;
  label: Text;
  /** One canonical type, or several. */
  type: string | string[];
  where?: PropertyConditions;
  points: number;
  /** `each` when not given. */
  repeat?: Repeat;
  /** Points once when the number of matching activities is in [gte, lt): "read several posts". Excludes `repeat`. */
  count?: { gte?: number; lt?: number };
  /** Points halve every halfLifeDays; or count fully until expiresAfterDays, then not at all. At most one of them. */
  halfLifeDays?: number;
  expiresAfterDays?: number;
}

export interface ScoreGroup<R> {
  /** The group's score never exceeds this; it has no floor (see README, "Scoring model"). */
  cap: number;
  rules: R[];
}

/** A lead is an MQL when (fit ≥ fit and engagement ≥ engagement, for those given) or total ≥ total. */
export interface MqlThreshold {
  fit?: number;
  engagement?: number;
  total?: number;
}

export interface ScoringModel {
  id: string;
  version: number;
  name: Text;
  fit: ScoreGroup<FitRule>;
  engagement: ScoreGroup<EngagementRule>;
  /** Activity types that show interest: a prospect with one of them becomes a lead. */
  interest: string[];
  mql: MqlThreshold;
}

const CUSTOM_PREFIX = 'custom.';

/** Checks untrusted JSON; the error names the path, like `engagement.rules[2].where.url.matches`, and what is wrong there. */
export function parseScoringModel(data: unknown): ScoringModel {
  const fail = (path: string, problem: string): never => {
    throw invalidInput('scoring.invalid', { path, problem });
  };
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const object = (value: unknown, path: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(path || 'model', 'must be an object');
  /** An object with only the keys named: anything else is a typo or a feature bant does not have. */
  const known = (value: unknown, path: string, keys: readonly string[]): Record<string, unknown> => {
    const o = object(value, path);
    for (const key of Object.keys(o)) if (!keys.includes(key)) fail(join(path, key), `is not a known key here; use ${keys.join(', ')}`);
    return o;
  };
  const array = (value: unknown, path: string): unknown[] => (Array.isArray(value) ? value : fail(path, 'must be a list'));
  const string = (value: unknown, path: string): string => (typeof value === 'string' && value.trim() !== '' ? value : fail(path, 'must be a non-empty text'));
  const number = (value: unknown, path: string): number => (typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'must be a number'));
  const positive = (value: unknown, path: string): number => (number(value, path) > 0 ? (value as number) : fail(path, 'must be above 0'));
  const wholeAtLeast = (value: unknown, path: string, min: number): number =>
    Number.isInteger(number(value, path)) && (value as number) >= min ? (value as number) : fail(path, `must be a whole number of at least ${min}`);
  const text = (value: unknown, path: string): Text => {
    const o = known(value, path, ['en', 'fr']);
    return { en: string(o.en, `${path}.en`), fr: string(o.fr, `${path}.fr`) };
  };
  const activityType = (value: unknown, path: string): string => {
    const type = string(value, path);
    const normal = normaliseActivityType(type);
    // Activities are stored under their normal name, so a rule written any other way would never match.
    if (normal !== type) fail(path, normal ? `activity types are written as bant stores them: "${normal}"` : 'must name an activity type');
    return type;
  };

  const condition = (value: unknown, path: string): Condition => {
    const o = object(value, path);
    const result: Condition = {};
    const operators = Object.keys(o);
    if (operators.length === 0) fail(path, `needs an operator: ${CONDITION_OPERATORS.join(', ')}`);
    for (const operator of operators) {
      const at = `${path}.${operator}`;
      const operand = o[operator];
      switch (operator) {
        case 'equals':
          result.equals = typeof operand === 'number' ? number(operand, at) : string(operand, at);
          break;
        case 'in': {
          const values = array(operand, at);
          if (values.length === 0) fail(at, 'must list at least one value');
          result.in = values.map((item, i) => (typeof item === 'number' ? number(item, `${at}[${i}]`) : string(item, `${at}[${i}]`)));
          break;
        }
        case 'contains':
          result.contains = string(operand, at);
          break;
        case 'matches': {
          const pattern = string(operand, at);
          try {
            new RegExp(pattern, 'i');
          } catch (error) {
            fail(at, `is not a valid regular expression (${(error as Error).message})`);
          }
          result.matches = pattern;
          break;
        }
        case 'gte':
          result.gte = number(operand, at);
          break;
        case 'lt':
          result.lt = number(operand, at);
          break;
        case 'emailDomain':
          if (operand !== 'free' && operand !== 'business') fail(at, 'must be "free" or "business"');
          result.emailDomain = operand as 'free' | 'business';
          break;
        case 'missing':
          if (typeof operand !== 'boolean') fail(at, 'must be true or false');
          result.missing = operand as boolean;
          break;
        default:
          fail(at, `is not an operator; use ${CONDITION_OPERATORS.join(', ')}`);
      }
    }
    if (result.gte !== undefined && result.lt !== undefined && result.gte >= result.lt) fail(`${path}.lt`, `must be above gte (${result.gte}): no value is in that range`);
    if (result.missing !== undefined && operators.length > 1) fail(`${path}.missing`, 'stands alone: a missing value cannot be compared');
    return result;
  };

  const fieldConditions = (value: unknown, path: string): FieldConditions => {
    const result: FieldConditions = {};
    for (const [field, raw] of Object.entries(object(value, path))) {
      const isLeadField = (LEAD_FIELD_NAMES as readonly string[]).includes(field);
      const isCustom = field.startsWith(CUSTOM_PREFIX) && field.length > CUSTOM_PREFIX.length;
      if (!isLeadField && !isCustom) fail(`${path}.${field}`, `is not a lead field (${LEAD_FIELD_NAMES.join(', ')}); a custom field is written ${CUSTOM_PREFIX}NAME`);
      result[field] = condition(raw, `${path}.${field}`);
    }
    return result;
  };

  const propertyConditions = (value: unknown, path: string): PropertyConditions => {
    const result: PropertyConditions = {};
    for (const [property, raw] of Object.entries(object(value, path))) {
      if (property.trim() === '') fail(`${path}.${property}`, 'must name a property');
      result[property] = condition(raw, `${path}.${property}`);
    }
    return result;
  };

  const ruleIds = new Set<string>();
  const ruleId = (value: unknown, path: string): string => {
    const id = string(value, path);
    // A contribution names its rule by id, so one id must mean one rule across both groups.
    if (ruleIds.has(id)) fail(path, `"${id}" is used by another rule`);
    ruleIds.add(id);
    return id;
  };

  const group = <R>(value: unknown, path: string, rule: (raw: unknown, path: string) => R): ScoreGroup<R> => {
    const o = known(value, path, ['cap', 'rules']);
    const cap = number(o.cap, `${path}.cap`);
    if (cap < 0) fail(`${path}.cap`, 'must be 0 or more: it is the most points the group can give');
    return { cap, rules: array(o.rules, `${path}.rules`).map((raw, i) => rule(raw, `${path}.rules[${i}]`)) };
  };

  const fitRule = (raw: unknown, path: string): FitRule => {
    const o = known(raw, path, ['id', 'label', 'when', 'points', 'family']);
    const rule: FitRule = { id: ruleId(o.id, `${path}.id`), label: text(o.label, `${path}.label`), when: fieldConditions(o.when, `${path}.when`), points: number(o.points, `${path}.points`) };
    if (o.family !== undefined) rule.family = string(o.family, `${path}.family`);
    return rule;
  };

  const repeat = (value: unknown, path: string): Repeat => {
    if (value === 'once' || value === 'each') return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'perDay') return { perDay: wholeAtLeast((value as { perDay: unknown }).perDay, `${path}.perDay`, 1) };
      if (keys.length === 1 && keys[0] === 'max') return { max: wholeAtLeast((value as { max: unknown }).max, `${path}.max`, 1) };
    }
    return fail(path, 'must be "once", "each", { "perDay": N } or { "max": N }');
  };

  const engagementRule = (raw: unknown, path: string): EngagementRule => {
    const o = known(raw, path, ['id', 'label', 'type', 'where', 'points', 'repeat', 'count', 'halfLifeDays', 'expiresAfterDays']);
    const id = ruleId(o.id, `${path}.id`);
    const label = text(o.label, `${path}.label`);
    let type: string | string[];
    if (Array.isArray(o.type)) {
      if (o.type.length === 0) fail(`${path}.type`, 'must name at least one activity type');
      type = o.type.map((item, i) => activityType(item, `${path}.type[${i}]`));
    } else type = activityType(o.type, `${path}.type`);
    const rule: EngagementRule = { id, label, type, points: 0 };
    if (o.where !== undefined) rule.where = propertyConditions(o.where, `${path}.where`);
    rule.points = number(o.points, `${path}.points`);
    if (o.repeat !== undefined) rule.repeat = repeat(o.repeat, `${path}.repeat`);
    if (o.count !== undefined) {
      if (o.repeat !== undefined) fail(`${path}.count`, 'gives the points once, when the count is in range: remove repeat');
      const c = known(o.count, `${path}.count`, ['gte', 'lt']);
      if (c.gte === undefined && c.lt === undefined) fail(`${path}.count`, 'needs gte, lt or both');
      const count: { gte?: number; lt?: number } = {};
      if (c.gte !== undefined) count.gte = wholeAtLeast(c.gte, `${path}.count.gte`, 0);
      if (c.lt !== undefined) count.lt = wholeAtLeast(c.lt, `${path}.count.lt`, 1);
      if (count.gte !== undefined && count.lt !== undefined && count.gte >= count.lt) fail(`${path}.count.lt`, `must be above gte (${count.gte}): no count is in that range`);
      rule.count = count;
    }
    if (o.halfLifeDays !== undefined && o.expiresAfterDays !== undefined) fail(`${path}.expiresAfterDays`, 'cannot be used with halfLifeDays: choose one way for points to fade');
    if (o.halfLifeDays !== undefined) rule.halfLifeDays = positive(o.halfLifeDays, `${path}.halfLifeDays`);
    if (o.expiresAfterDays !== undefined) rule.expiresAfterDays = positive(o.expiresAfterDays, `${path}.expiresAfterDays`);
    return rule;
  };

  const root = known(data, '', ['id', 'version', 'name', 'fit', 'engagement', 'interest', 'mql']);
  const id = string(root.id, 'id');
  const version = wholeAtLeast(root.version, 'version', 1);
  const name = text(root.name, 'name');
  const fit = group(root.fit, 'fit', fitRule);
  const engagement = group(root.engagement, 'engagement', engagementRule);
  const interest = array(root.interest, 'interest').map((type, i) => activityType(type, `interest[${i}]`));

  const rawMql = known(root.mql, 'mql', ['fit', 'engagement', 'total']);
  const mql: MqlThreshold = {};
  if (rawMql.fit !== undefined) mql.fit = number(rawMql.fit, 'mql.fit');
  if (rawMql.engagement !== undefined) mql.engagement = number(rawMql.engagement, 'mql.engagement');
  if (rawMql.total !== undefined) mql.total = number(rawMql.total, 'mql.total');
  if (mql.fit === undefined && mql.engagement === undefined && mql.total === undefined) fail('mql', 'needs fit and engagement minimums, a total, or both ways');
  // A threshold above the most a lead can score would make no lead an MQL, ever: a mistake, not a policy.
  const most = { fit: highestFit(fit), engagement: highestEngagement(engagement) };
  for (const part of ['fit', 'engagement'] as const) {
    const threshold = mql[part];
    if (threshold !== undefined && threshold > most[part]) fail(`mql.${part}`, `no lead can reach ${threshold}: the ${part} rules give at most ${most[part]}`);
  }
  if (mql.total !== undefined && mql.total > most.fit + most.engagement) fail('mql.total', `no lead can reach ${mql.total}: fit and engagement give at most ${most.fit + most.engagement}`);

  return { id, version, name, fit, engagement, interest, mql };
}

/** The most fit points a lead can get: every positive rule (the best of each family), up to the cap. */
export function highestFit(fit: ScoreGroup<FitRule>): number {
  const bestOfFamily = new Map<string, number>();
  let sum = 0;
  for (const rule of fit.rules) {
    if (rule.points <= 0) continue;
    if (rule.family === undefined) sum += rule.points;
    else bestOfFamily.set(rule.family, Math.max(bestOfFamily.get(rule.family) ?? 0, rule.points));
  }
  for (const points of bestOfFamily.values()) sum += points;
  return Math.min(sum, fit.cap);
}

/** The most engagement points a lead can get, up to the cap: a rule that counts each activity has no limit. */
export function highestEngagement(engagement: ScoreGroup<EngagementRule>): number {
  let sum = 0;
  for (const rule of engagement.rules) {
    if (rule.points <= 0) continue;
    if (rule.count !== undefined || rule.repeat === 'once') sum += rule.points;
    else if (typeof rule.repeat === 'object' && 'max' in rule.repeat) sum += rule.points * rule.repeat.max;
    else return engagement.cap;
  }
  return Math.min(sum, engagement.cap);
}
