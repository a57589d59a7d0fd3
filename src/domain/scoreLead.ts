// A lead's score (PRODUCT.md, "Activities and lead scoring"): computed from the lead, its activities and the
// model as of a moment, never incremented, with every contribution kept so that `bant score why` can show it.
//
// The rules, in the order a reader needs them:
// - Fit: each fit rule whose conditions hold gives its points once (of a family, only the first that holds).
// - Engagement: an activity counts for a rule when its type is one of the rule's, its properties pass `where`,
//   it happened at or before `asOf` (later ones have not happened yet, as of that moment), and it has not
//   expired. The rule's matching activities are taken newest first: `once` takes the newest, `max: N` the N
//   newest, `perDay: N` the N newest of each calendar day (UTC), `each` all. A `count` rule gives its points once
//   when the number of matching activities is in range, decayed as its newest activity is.
// - Decay: a rule with `halfLifeDays` multiplies an activity's points by 0.5^(age in days / half-life); one with
//   `expiresAfterDays` ignores activities older than that.
// - Rounding: each contribution's effective points are rounded to one decimal (halves away from zero), and a
//   group's score is the sum of its rounded contributions, so the contributions add up to it exactly. A
//   contribution that rounds to 0 (an activity decayed to nothing) is left out.
// - Caps: a group's score is at most its cap (`capped` says what it was before). There is no floor: bounces and
//   unsubscribes can take engagement, and a free-mail address fit, below zero. total = fit + engagement.
//
// `compileScoringModel` does everything that depends only on the model once (regular expressions, folded
// texts, rules indexed by activity type) and returns a scorer that allocates little more than its result:
// `bant score --all` runs it on a million leads.

import type { Activity } from './activity.js';
import { meetsMql } from './checkMql.js';
import { foldText } from './foldText.js';
import { isFreeMailDomain } from './freeMail.js';
import type { CustomFields, LeadFields } from './lead.js';
import { LEAD_FIELDS } from './lead.js';
import { parseNumber } from './parseNumber.js';
import type { Condition, ScoringModel } from './scoringModel.js';

/** What scoring reads of a lead: its fields and custom fields (a whole `Lead` will do). */
export type ScorableLead = LeadFields & { custom: CustomFields };

export interface Contribution {
  group: 'fit' | 'engagement';
  ruleId: string;
  /** The activity that earned the points (engagement), or the newest one counted (a `count` rule). */
  activityId?: number;
  /** A `count` rule: how many activities matched. */
  count?: number;
  rawPoints: number;
  /** 1 without decay; 0.5 at one half-life. */
  decayFactor: number;
  /** rawPoints × decayFactor, rounded to one decimal. */
  effectivePoints: number;
}

export interface CappedGroup {
  before: number;
  cap: number;
}

export interface ScoreResult {
  fit: number;
  engagement: number;
  total: number;
  /** Fit rules in model order, then engagement rules in model order, each rule's activities newest first. */
  contributions: Contribution[];
  capped: { fit?: CappedGroup; engagement?: CappedGroup };
  mql: boolean;
  /** Whether an activity of an interest type happened by `asOf`. */
  interest: boolean;
  /** The earliest of those, which a promotion to lead names as its reason. */
  firstInterest: { activityId: number; type: string; occurredAt: string } | null;
}

/** `asOf` is an ISO 8601 instant. The activities are the lead's, in any order. */
export type LeadScorer = (lead: ScorableLead, activities: readonly Activity[], asOf: string) => ScoreResult;

const DAY_MS = 86_400_000;

const compiledScorers = new WeakMap<ScoringModel, LeadScorer>();

/** The pure function of PRODUCT.md. It compiles the model on first use and keeps the scorer for the next call. */
export function scoreLead(lead: ScorableLead, activities: readonly Activity[], model: ScoringModel, asOf: string): ScoreResult {
  let scorer = compiledScorers.get(model);
  if (!scorer) {
    scorer = compileScoringModel(model);
    compiledScorers.set(model, scorer);
  }
  return scorer(lead, activities, asOf);
}

/** A field's value as a rule sees it: text, a number, or null when there is none. */
export type FieldValue = string | number | null;
type Value = FieldValue;

/** A compiled condition: `folded` is the value's text without case or accents, given only when `needsFold`. */
interface CompiledCondition {
  needsFold: boolean;
  test: (value: Value, folded: string) => boolean;
}

interface CompiledFitRule {
  id: string;
  points: number;
  family: number;
  /** Per condition, the slot of the field it reads (see `fieldSlots`). */
  slots: number[];
  conditions: CompiledCondition[];
}

interface CompiledProperty {
  name: string;
  compactName: string;
  condition: CompiledCondition;
}

const ONCE = 0;
const EACH = 1;
const PER_DAY = 2;
const MAX = 3;
const COUNT = 4;

interface CompiledEngagementRule {
  index: number;
  id: string;
  points: number;
  repeat: number;
  /** perDay or max. */
  limit: number;
  countGte: number;
  countLt: number;
  /** 0: no decay. */
  halfLifeDays: number;
  /** Infinity: no expiry. */
  expiresAfterDays: number;
  where: CompiledProperty[];
}

export function compileScoringModel(model: ScoringModel): LeadScorer {
  // Fit: every field a condition reads gets a slot, so that a lead's title is folded once however many rules read it.
  const fieldSlots = new Map<string, number>();
  const readers: ((lead: ScorableLead) => Value)[] = [];
  const slotOf = (field: string): number => {
    let slot = fieldSlots.get(field);
    if (slot === undefined) {
      slot = readers.length;
      fieldSlots.set(field, slot);
      readers.push(fieldReader(field));
    }
    return slot;
  };
  const families = new Map<string, number>();
  const fitRules: CompiledFitRule[] = model.fit.rules.map((rule) => {
    const fields = Object.keys(rule.when);
    let family = -1;
    if (rule.family !== undefined) {
      family = families.get(rule.family) ?? families.size;
      families.set(rule.family, family);
    }
    return { id: rule.id, points: rule.points, family, slots: fields.map(slotOf), conditions: fields.map((field) => compileCondition(rule.when[field]!)) };
  });

  const engagementRules: CompiledEngagementRule[] = model.engagement.rules.map((rule, index) => {
    const repeat = rule.repeat ?? 'each';
    return {
      index,
      id: rule.id,
      points: rule.points,
      repeat: rule.count ? COUNT : repeat === 'once' ? ONCE : repeat === 'each' ? EACH : 'perDay' in repeat ? PER_DAY : MAX,
      limit: typeof repeat === 'object' ? ('perDay' in repeat ? repeat.perDay : repeat.max) : 0,
      countGte: rule.count?.gte ?? 0,
      countLt: rule.count?.lt ?? Infinity,
      halfLifeDays: rule.halfLifeDays ?? 0,
      expiresAfterDays: rule.expiresAfterDays ?? Infinity,
      where: Object.entries(rule.where ?? {}).map(([name, condition]) => ({ name, compactName: compactName(name), condition: compileCondition(condition) })),
    };
  });
  const rulesByType = new Map<string, CompiledEngagementRule[]>();
  model.engagement.rules.forEach((rule, index) => {
    for (const type of typeof rule.type === 'string' ? [rule.type] : rule.type) {
      const list = rulesByType.get(type) ?? [];
      // A rule naming a type twice still sees each activity once.
      if (!list.includes(engagementRules[index]!)) list.push(engagementRules[index]!);
      rulesByType.set(type, list);
    }
  });
  const interestTypes = new Set(model.interest);
  const fitCapTenths = Math.round(model.fit.cap * 10);
  const engagementCapTenths = Math.round(model.engagement.cap * 10);
  const mql = model.mql;

  // Buffers reused from one lead to the next; they grow to the largest number of activities seen. Stamps
  // mark which entries belong to the current lead, so nothing needs clearing between leads.
  let stamp = 0;
  const foldedStamp = new Int32Array(readers.length);
  const foldedValues: string[] = new Array<string>(readers.length).fill('');
  const values: Value[] = new Array<Value>(readers.length).fill(null);
  const familyStamp = new Int32Array(families.size);
  const matchCountStamp = new Int32Array(engagementRules.length);
  const matchCount = new Int32Array(engagementRules.length);
  let times = new Float64Array(64);
  let order = new Int32Array(64);
  let matchRule = new Int32Array(64);
  let matchActivity = new Int32Array(64);
  let lastAsOf = '';
  let asOfMs = NaN;

  const fitHolds = (rule: CompiledFitRule, lead: ScorableLead): boolean => {
    for (let c = 0; c < rule.conditions.length; c++) {
      const slot = rule.slots[c]!;
      const condition = rule.conditions[c]!;
      if (foldedStamp[slot] !== stamp) {
        foldedStamp[slot] = stamp;
        values[slot] = readers[slot]!(lead);
        foldedValues[slot] = '';
      }
      const value = values[slot] ?? null;
      let folded = '';
      if (condition.needsFold && value !== null) {
        folded = foldedValues[slot]!;
        if (folded === '') folded = foldedValues[slot] = foldValue(String(value));
      }
      if (!condition.test(value, folded)) return false;
    }
    return true;
  };

  const whereHolds = (rule: CompiledEngagementRule, activity: Activity): boolean => {
    for (const property of rule.where) {
      const value = readProperty(activity.properties, property);
      const folded = property.condition.needsFold && value !== null ? foldValue(value) : '';
      if (!property.condition.test(value, folded)) return false;
    }
    return true;
  };

  return (lead, activities, asOf) => {
    if (asOf !== lastAsOf) {
      asOfMs = Date.parse(asOf);
      if (Number.isNaN(asOfMs)) throw new Error(`scoring needs an ISO instant for asOf, not "${asOf}"`);
      lastAsOf = asOf;
    }
    stamp++;
    const contributions: Contribution[] = [];

    let fitTenths = 0;
    for (const rule of fitRules) {
      if (rule.family >= 0 && familyStamp[rule.family] === stamp) continue;
      if (!fitHolds(rule, lead)) continue;
      if (rule.family >= 0) familyStamp[rule.family] = stamp;
      const tenths = roundTenths(rule.points);
      if (tenths === 0) continue;
      fitTenths += tenths;
      contributions.push({ group: 'fit', ruleId: rule.id, activityId: undefined, count: undefined, rawPoints: rule.points, decayFactor: 1, effectivePoints: tenths / 10 });
    }

    // Newest first: the order every repeat policy takes activities in.
    const n = activities.length;
    if (times.length < n) {
      const size = Math.max(n, times.length * 2);
      times = new Float64Array(size);
      order = new Int32Array(size);
    }
    let ascending = true;
    let descending = true;
    for (let i = 0; i < n; i++) {
      // An unreadable date (the store should never hold one) is taken as "not happened yet": it never counts.
      const at = Date.parse(activities[i]!.occurredAt);
      times[i] = Number.isNaN(at) ? Infinity : at;
      if (i > 0) {
        const cmp = compareActivities(times, activities, i - 1, i);
        if (cmp > 0) ascending = false;
        else if (cmp < 0) descending = false;
      }
    }
    if (ascending) for (let k = 0; k < n; k++) order[k] = n - 1 - k;
    else {
      for (let k = 0; k < n; k++) order[k] = k;
      if (!descending) order.subarray(0, n).sort((a, b) => compareActivities(times, activities, b, a));
    }

    let matches = 0;
    let firstInterest = -1;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const at = times[i]!;
      if (!(at <= asOfMs)) continue;
      const activity = activities[i]!;
      if (interestTypes.has(activity.type)) firstInterest = i;
      const rules = rulesByType.get(activity.type);
      if (rules === undefined) continue;
      const ageDays = (asOfMs - at) / DAY_MS;
      for (const rule of rules) {
        if (ageDays > rule.expiresAfterDays) continue;
        if (rule.where.length > 0 && !whereHolds(rule, activity)) continue;
        if (matches === matchRule.length) {
          matchRule = grow(matchRule);
          matchActivity = grow(matchActivity);
        }
        matchRule[matches] = rule.index;
        matchActivity[matches] = i;
        matches++;
        if (matchCountStamp[rule.index] !== stamp) {
          matchCountStamp[rule.index] = stamp;
          matchCount[rule.index] = 0;
        }
        matchCount[rule.index]!++;
      }
    }

    let engagementTenths = 0;
    for (const rule of engagementRules) {
      const matched = matchCountStamp[rule.index] === stamp ? matchCount[rule.index]! : 0;
      if (rule.repeat === COUNT) {
        if (matched < rule.countGte || matched >= rule.countLt) continue;
        let newest = -1;
        for (let m = 0; m < matches && newest < 0; m++) if (matchRule[m] === rule.index) newest = matchActivity[m]!;
        // "Never did it" (count lt 1) has no activity to date it, so no decay.
        engagementTenths += newest >= 0 ? contribute(contributions, rule, activities[newest]!.id, asOfMs - times[newest]!, matched) : contribute(contributions, rule, undefined, 0, 0);
        continue;
      }
      if (matched === 0) continue;
      let taken = 0;
      let day = NaN;
      let takenToday = 0;
      for (let m = 0; m < matches; m++) {
        if (matchRule[m] !== rule.index) continue;
        const i = matchActivity[m]!;
        if (rule.repeat === ONCE && taken === 1) break;
        if (rule.repeat === MAX && taken === rule.limit) break;
        if (rule.repeat === PER_DAY) {
          const thisDay = Math.floor(times[i]! / DAY_MS);
          if (thisDay !== day) {
            day = thisDay;
            takenToday = 0;
          }
          if (takenToday === rule.limit) continue;
          takenToday++;
        }
        taken++;
        engagementTenths += contribute(contributions, rule, activities[i]!.id, asOfMs - times[i]!, undefined);
      }
    }

    const capped: ScoreResult['capped'] = {};
    if (fitTenths > fitCapTenths) {
      capped.fit = { before: fitTenths / 10, cap: model.fit.cap };
      fitTenths = fitCapTenths;
    }
    if (engagementTenths > engagementCapTenths) {
      capped.engagement = { before: engagementTenths / 10, cap: model.engagement.cap };
      engagementTenths = engagementCapTenths;
    }
    const fit = fitTenths / 10;
    const engagement = engagementTenths / 10;
    const total = (fitTenths + engagementTenths) / 10;
    const interestActivity = firstInterest >= 0 ? activities[firstInterest]! : undefined;
    return {
      fit,
      engagement,
      total,
      contributions,
      capped,
      mql: meetsMql(mql, fit, engagement, total),
      interest: interestActivity !== undefined,
      firstInterest: interestActivity ? { activityId: interestActivity.id, type: interestActivity.type, occurredAt: interestActivity.occurredAt } : null,
    };
  };
}

/** Adds an engagement rule's contribution for one activity of that age; returns its tenths of points. */
function contribute(contributions: Contribution[], rule: CompiledEngagementRule, activityId: number | undefined, ageMs: number, count: number | undefined): number {
  const decayFactor = rule.halfLifeDays > 0 ? Math.pow(0.5, ageMs / DAY_MS / rule.halfLifeDays) : 1;
  const tenths = roundTenths(rule.points * decayFactor);
  if (tenths !== 0) contributions.push({ group: 'engagement', ruleId: rule.id, activityId, count, rawPoints: rule.points, decayFactor, effectivePoints: tenths / 10 });
  return tenths;
}

/** Older first by time, then by id (two events in the same millisecond keep the order they were recorded in). */
function compareActivities(times: Float64Array, activities: readonly Activity[], a: number, b: number): number {
  if (times[a]! < times[b]!) return -1;
  if (times[a]! > times[b]!) return 1;
  return activities[a]!.id - activities[b]!.id;
}

function grow(buffer: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

/** Points in tenths, halves away from zero (−2.25 → −23 tenths, as 2.25 → 23), never −0. */
function roundTenths(points: number): number {
  const tenths = Math.round(Math.abs(points) * 10);
  return tenths === 0 ? 0 : points < 0 ? -tenths : tenths;
}

/**
 * How rules compare texts: foldText and trimmed, without foldText's Unicode work for the plain ASCII most values
 * are. Exported so that the learner groups values exactly as a learned rule will match them.
 */
export function foldValue(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return foldText(text).trim();
  return text.toLowerCase().trim();
}

function compactName(name: string): string {
  return foldValue(name).replace(/[^a-z0-9]/g, '');
}

const compactNames = new Map<string, string>();
/**
 * A property by its name as the rule writes it, else by the same name written another way: case, accents,
 * spaces and punctuation ignored (`URL` or `Url` for `url`; `page_url` is `pageurl`, another property).
 */
function readProperty(properties: Record<string, string>, property: CompiledProperty): string | null {
  let value = properties[property.name];
  if (value === undefined) {
    for (const key in properties) {
      let compact = compactNames.get(key);
      if (compact === undefined) {
        compact = compactName(key);
        // Property names come from file headers: few and repeated. The bound keeps a pathological file from growing it forever.
        if (compactNames.size < 10_000) compactNames.set(key, compact);
      }
      if (compact === property.compactName) {
        value = properties[key];
        break;
      }
    }
  }
  return value === undefined || value.trim() === '' ? null : value;
}

/**
 * Reads a lead field by its model name (`annual_revenue`) or a custom field (`custom.plan`); blank is null.
 * Exported so that the learner reads a lead exactly as the rules it writes will.
 */
export function fieldReader(field: string): (lead: ScorableLead) => Value {
  const spec = LEAD_FIELDS.find((candidate) => candidate.name === field);
  if (spec) {
    const prop = spec.prop;
    return (lead) => {
      const value = lead[prop];
      return value === undefined || value === '' ? null : value;
    };
  }
  const name = field.slice('custom.'.length);
  return (lead) => {
    const value = lead.custom[name];
    return value === undefined || value.trim() === '' ? null : value;
  };
}

function toNumber(value: string | number): number {
  return typeof value === 'number' ? value : (parseNumber(value.trim()) ?? NaN);
}

/** Every operator given must hold; all but `missing` need a value. */
function compileCondition(condition: Condition): CompiledCondition {
  const tests: ((value: string | number, folded: string) => boolean)[] = [];
  let needsFold = false;
  if (condition.missing !== undefined) {
    const missing = condition.missing;
    return { needsFold: false, test: (value) => (value === null) === missing };
  }
  if (condition.equals !== undefined) {
    const expected = condition.equals;
    if (typeof expected === 'number') tests.push((value) => toNumber(value) === expected);
    else {
      const folded = foldValue(expected);
      needsFold = true;
      tests.push((_value, text) => text === folded);
    }
  }
  if (condition.in !== undefined) {
    const numbers = new Set(condition.in.filter((item): item is number => typeof item === 'number'));
    const texts = new Set(condition.in.filter((item): item is string => typeof item === 'string').map(foldValue));
    needsFold ||= texts.size > 0;
    tests.push((value, text) => (texts.size > 0 && texts.has(text)) || (numbers.size > 0 && numbers.has(toNumber(value))));
  }
  if (condition.contains !== undefined) {
    const needle = foldValue(condition.contains);
    needsFold = true;
    tests.push((_value, text) => text.includes(needle));
  }
  if (condition.matches !== undefined) {
    // The value is tested without accents, so the pattern loses its accents too; case is left to the `i` flag,
    // since lower-casing a pattern would turn \D or \W into \d or \w.
    const pattern = new RegExp(condition.matches.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), 'i');
    needsFold = true;
    tests.push((_value, text) => pattern.test(text));
  }
  if (condition.gte !== undefined) {
    const gte = condition.gte;
    tests.push((value) => toNumber(value) >= gte);
  }
  if (condition.lt !== undefined) {
    const lt = condition.lt;
    tests.push((value) => toNumber(value) < lt);
  }
  if (condition.emailDomain !== undefined) {
    const free = condition.emailDomain === 'free';
    tests.push((value) => typeof value === 'string' && isFreeMailDomain(value) === free);
  }
  const test =
    tests.length === 1
      ? (value: Value, folded: string) => value !== null && tests[0]!(value, folded)
      : (value: Value, folded: string) => {
          if (value === null) return false;
          for (const one of tests) if (!one(value, folded)) return false;
          return true;
        };
  return { needsFold, test };
}
