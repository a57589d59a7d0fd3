// Lead scoring as a table: each operator, each repeat policy, decay, caps, the MQL threshold, promotions, and
// contributions that add up to the score (PRODUCT.md, "Activities and lead scoring").

import fs from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/domain/activity.js';
import { checkMql } from '../../src/domain/checkMql.js';
import { isReengaged, planScoringPromotion } from '../../src/domain/planScoringPromotion.js';
import { compileScoringModel, scoreLead, type ScorableLead, type ScoreResult } from '../../src/domain/scoreLead.js';
import { parseScoringModel, type Condition, type EngagementRule, type FitRule, type MqlThreshold } from '../../src/domain/scoringModel.js';
import type { Stage } from '../../src/domain/stages.js';

const label = { en: 'Rule', fr: 'Règle' };
const AS_OF = '2026-06-30T12:00:00.000Z';
const DAY = 86_400_000;

function lead(fields: Partial<ScorableLead> = {}): ScorableLead {
  return {
    email: null, firstName: null, lastName: null, company: null, title: null, phone: null, country: null, industry: null,
    employees: null, annualRevenue: null, source: null, owner: null, externalId: null, custom: {}, ...fields,
  };
}

let nextId = 1;
/** An activity `daysAgo` days before AS_OF (negative: after it). */
function activity(type: string, daysAgo: number, properties: Record<string, string> = {}): Activity {
  return { id: nextId++, leadId: 1, type, occurredAt: new Date(Date.parse(AS_OF) - daysAgo * DAY).toISOString(), source: null, properties };
}

function model(parts: { fit?: Omit<FitRule, 'label'>[]; engagement?: Omit<EngagementRule, 'label'>[]; fitCap?: number; engagementCap?: number; interest?: string[]; mql?: MqlThreshold }) {
  return parseScoringModel({
    id: 'test',
    version: 1,
    name: label,
    fit: { cap: parts.fitCap ?? 1000, rules: (parts.fit ?? []).map((rule) => ({ label, ...rule })) },
    engagement: { cap: parts.engagementCap ?? 1000, rules: (parts.engagement ?? []).map((rule) => ({ label, ...rule })) },
    interest: parts.interest ?? [],
    mql: parts.mql ?? { total: 0 },
  });
}

const ids = (result: ScoreResult) => result.contributions.map((c) => c.activityId);

describe('fit conditions', () => {
  /** Whether a one-rule fit model gives its points to this lead. */
  const holds = (field: string, condition: Condition, fields: Partial<ScorableLead>) =>
    scoreLead(lead(fields), [], model({ fit: [{ id: 'r', when: { [field]: condition }, points: 10 }] }), AS_OF).fit === 10;

  it.each<[string, string, Condition, Partial<ScorableLead>, boolean]>([
    ['equals ignores case', 'title', { equals: 'cto' }, { title: 'CTO' }, true],
    ['equals ignores accents', 'company', { equals: 'societe generale' }, { company: 'Société Générale' }, true],
    ['equals is the whole value', 'title', { equals: 'cto' }, { title: 'CTO office' }, false],
    ['equals a number compares numbers', 'employees', { equals: 50 }, { employees: 50 }, true],
    ['equals a number, another number', 'employees', { equals: 50 }, { employees: 51 }, false],
    ['equals a number on a custom field reads the text as a number', 'custom.seats', { equals: 1200 }, { custom: { seats: '1 200' } }, true],
    ['equals on a missing value', 'title', { equals: 'cto' }, {}, false],
    ['in, one of the texts', 'industry', { in: ['software', 'logiciel'] }, { industry: 'Logiciel' }, true],
    ['in, none of them', 'industry', { in: ['software', 'logiciel'] }, { industry: 'Retail' }, false],
    ['in, a number among them', 'employees', { in: [10, 50] }, { employees: 50 }, true],
    ['contains', 'title', { contains: 'head' }, { title: 'Head of Growth' }, true],
    ['contains ignores accents both ways', 'title', { contains: 'général' }, { title: 'Directeur General' }, true],
    ['contains, absent', 'title', { contains: 'head' }, { title: 'Office Manager' }, false],
    ['matches, case ignored', 'title', { matches: '\\bvp\\b' }, { title: 'VP Sales' }, true],
    ['matches, word boundary', 'title', { matches: '\\bvp\\b' }, { title: 'MVP owner' }, false],
    ['matches, the value loses its accents', 'title', { matches: 'directeur general' }, { title: 'Directeur Général' }, true],
    ['matches, the pattern loses its accents', 'title', { matches: 'directeur g[ée]n[ée]ral' }, { title: 'Directeur Général' }, true],
    ['matches keeps \\D (not lower-cased to \\d)', 'phone', { matches: '^\\D+$' }, { phone: 'none' }, true],
    ['gte, at the bound', 'employees', { gte: 50, lt: 200 }, { employees: 50 }, true],
    ['gte, below', 'employees', { gte: 50, lt: 200 }, { employees: 49 }, false],
    ['lt, just below', 'employees', { gte: 50, lt: 200 }, { employees: 199 }, true],
    ['lt, at the bound', 'employees', { gte: 50, lt: 200 }, { employees: 200 }, false],
    ['a range on a missing number', 'employees', { gte: 0 }, {}, false],
    ['a range on text that is a number', 'custom.budget', { gte: 1000 }, { custom: { budget: '1 500,50' } }, true],
    ['a range on text that is not a number', 'custom.budget', { gte: 1000 }, { custom: { budget: 'big' } }, false],
    ['emailDomain free: gmail', 'email', { emailDomain: 'free' }, { email: 'jo@gmail.com' }, true],
    ['emailDomain free: a provider under another country', 'email', { emailDomain: 'free' }, { email: 'jo@yahoo.co.uk' }, true],
    ['emailDomain free: a French access provider', 'email', { emailDomain: 'free' }, { email: 'jo@orange.fr' }, true],
    ['emailDomain free: a company', 'email', { emailDomain: 'free' }, { email: 'jo@acme.io' }, false],
    ['emailDomain free: a company host named like a provider', 'email', { emailDomain: 'free' }, { email: 'jo@outlook.acme-corp.com' }, false],
    ['emailDomain business: a company', 'email', { emailDomain: 'business' }, { email: 'jo@acme.io' }, true],
    ['emailDomain business: gmail', 'email', { emailDomain: 'business' }, { email: 'jo@gmail.com' }, false],
    ['emailDomain business: no email at all', 'email', { emailDomain: 'business' }, {}, false],
    ['missing: no value', 'title', { missing: true }, {}, true],
    ['missing: a value', 'title', { missing: true }, { title: 'CTO' }, false],
    ['missing: a custom field that is not there', 'custom.plan', { missing: true }, { custom: { other: 'x' } }, true],
    ['missing: a blank custom field', 'custom.plan', { missing: true }, { custom: { plan: '  ' } }, true],
    ['missing false: a value', 'custom.plan', { missing: false }, { custom: { plan: 'pro' } }, true],
  ])('%s', (_name, field, condition, fields, expected) => expect(holds(field, condition, fields)).toBe(expected));

  it('every field of a rule must hold', () => {
    const m = model({ fit: [{ id: 'r', when: { title: { contains: 'cto' }, employees: { gte: 50 } }, points: 10 }] });
    expect(scoreLead(lead({ title: 'CTO', employees: 60 }), [], m, AS_OF).fit).toBe(10);
    expect(scoreLead(lead({ title: 'CTO', employees: 20 }), [], m, AS_OF).fit).toBe(0);
  });

  it('an empty when always holds (base points), and each rule that holds adds its points', () => {
    const m = model({ fit: [{ id: 'base', when: {}, points: 3 }, { id: 'cto', when: { title: { equals: 'cto' } }, points: 10 }, { id: 'free', when: { email: { emailDomain: 'free' } }, points: -5 }] });
    const result = scoreLead(lead({ title: 'CTO', email: 'a@gmail.com' }), [], m, AS_OF);
    expect(result.fit).toBe(8);
    expect(result.contributions).toEqual([
      { group: 'fit', ruleId: 'base', rawPoints: 3, decayFactor: 1, effectivePoints: 3 },
      { group: 'fit', ruleId: 'cto', rawPoints: 10, decayFactor: 1, effectivePoints: 10 },
      { group: 'fit', ruleId: 'free', rawPoints: -5, decayFactor: 1, effectivePoints: -5 },
    ]);
  });

  it('of a family, only the first rule that holds counts', () => {
    const m = model({
      fit: [
        { id: 'exec', family: 'seniority', when: { title: { matches: '\\b(ceo|directeur general)\\b' } }, points: 20 },
        { id: 'director', family: 'seniority', when: { title: { matches: '\\bdirect' } }, points: 12 },
        { id: 'big', family: 'size', when: { employees: { gte: 1000 } }, points: 15 },
        { id: 'mid', family: 'size', when: { employees: { gte: 200 } }, points: 10 },
      ],
    });
    expect(scoreLead(lead({ title: 'Directeur général', employees: 5000 }), [], m, AS_OF).contributions.map((c) => c.ruleId)).toEqual(['exec', 'big']);
    expect(scoreLead(lead({ title: 'Directrice commerciale', employees: 300 }), [], m, AS_OF).contributions.map((c) => c.ruleId)).toEqual(['director', 'mid']);
  });
});

describe('engagement rules', () => {
  const opens = (repeat: EngagementRule['repeat']) => model({ engagement: [{ id: 'open', type: 'email_open', points: 1, repeat }] });

  it('counts only the rule types, and a list of types', () => {
    const m = model({ engagement: [{ id: 'demo', type: ['demo_request', 'trial_request'], points: 30, repeat: 'each' }] });
    const acts = [activity('demo_request', 3), activity('trial_request', 2), activity('email_open', 1)];
    expect(scoreLead(lead(), acts, m, AS_OF).engagement).toBe(60);
  });

  it('where: every property condition must hold, property names read loosely (URL for url)', () => {
    const m = model({ engagement: [{ id: 'pricing', type: 'page_view', where: { url: { contains: '/pricing' } }, points: 10 }] });
    const acts = [activity('page_view', 1, { url: 'https://acme.io/pricing' }), activity('page_view', 1, { URL: 'https://acme.io/PRICING?x' }), activity('page_view', 1, { url: 'https://acme.io/blog' }), activity('page_view', 1)];
    expect(ids(scoreLead(lead(), acts, m, AS_OF))).toEqual([acts[1]!.id, acts[0]!.id]);
  });

  it.each<[string, EngagementRule['repeat'], number[]]>([
    // Opens at 1, 1, 1 (three on one day) and 2 and 5 days ago; ids 0..4 from oldest to newest below.
    ['each counts every activity, newest first', 'each', [4, 3, 2, 1, 0]],
    ['once counts the newest', 'once', [4]],
    ['max 2 counts the two newest', { max: 2 }, [4, 3]],
    ['perDay 2 counts the two newest of each day', { perDay: 2 }, [4, 3, 1, 0]],
    ['repeat not given is each', undefined, [4, 3, 2, 1, 0]],
  ])('%s', (_name, repeat, expected) => {
    const acts = [activity('email_open', 5), activity('email_open', 2), activity('email_open', 1.2), activity('email_open', 1.1), activity('email_open', 1.0)];
    // 1.0, 1.1 and 1.2 days before noon are all on the previous calendar day (UTC).
    expect(ids(scoreLead(lead(), acts, opens(repeat), AS_OF))).toEqual(expected.map((i) => acts[i]!.id));
  });

  it('the order activities come in changes nothing', () => {
    const acts = [activity('email_open', 5), activity('email_open', 2), activity('email_open', 1.2), activity('email_open', 1.1), activity('email_open', 1.0)];
    const m = opens({ perDay: 1 });
    const expected = scoreLead(lead(), acts, m, AS_OF);
    expect(scoreLead(lead(), [...acts].reverse(), m, AS_OF)).toEqual(expected);
    expect(scoreLead(lead(), [acts[2]!, acts[0]!, acts[4]!, acts[1]!, acts[3]!], m, AS_OF)).toEqual(expected);
  });

  it('an activity with an unreadable date never counts, and leaves the others in order', () => {
    const acts = [activity('email_open', 1), { ...activity('email_open', 0), occurredAt: 'yesterday' }, activity('email_open', 2)];
    expect(ids(scoreLead(lead(), acts, opens({ max: 2 }), AS_OF))).toEqual([acts[0]!.id, acts[2]!.id]);
  });

  it('two activities at the same instant: the later recorded (higher id) is the newer', () => {
    const first = activity('email_open', 1);
    const second = { ...first, id: first.id + 100 };
    expect(ids(scoreLead(lead(), [second, first], opens('once'), AS_OF))).toEqual([second.id]);
  });

  describe('count: points once when the number of matching activities is in range ("read several posts")', () => {
    const posts = (count: { gte?: number; lt?: number }) =>
      model({ engagement: [{ id: 'posts', type: 'page_view', where: { url: { contains: '/blog/' } }, count, points: 8, halfLifeDays: 30 }] });
    const reads = (n: number) => Array.from({ length: n }, (_, i) => activity('page_view', 30 + i, { url: `https://acme.io/blog/${i}` }));

    it.each<[string, { gte?: number; lt?: number }, number, boolean]>([
      ['2 posts, at least 3', { gte: 3 }, 2, false],
      ['3 posts, at least 3', { gte: 3 }, 3, true],
      ['5 posts, 3 to 5', { gte: 3, lt: 6 }, 5, true],
      ['6 posts, 3 to 5', { gte: 3, lt: 6 }, 6, false],
      ['0 posts, fewer than 1', { lt: 1 }, 0, true],
    ])('%s', (_name, count, n, expected) => expect(scoreLead(lead(), reads(n), posts(count), AS_OF).contributions.length).toBe(expected ? 1 : 0));

    it('names the newest post, with the count, decayed as that post is', () => {
      const acts = reads(4);
      const [contribution] = scoreLead(lead(), acts, posts({ gte: 3 }), AS_OF).contributions;
      expect(contribution).toEqual({ group: 'engagement', ruleId: 'posts', activityId: acts[0]!.id, count: 4, rawPoints: 8, decayFactor: 0.5, effectivePoints: 4 });
    });

    it('"never did it" has no activity and no decay', () => {
      expect(scoreLead(lead(), [], posts({ lt: 1 }), AS_OF).contributions).toEqual([{ group: 'engagement', ruleId: 'posts', count: 0, rawPoints: 8, decayFactor: 1, effectivePoints: 8 }]);
    });
  });
});

describe('decay and time', () => {
  const demo = (fade: { halfLifeDays?: number; expiresAfterDays?: number }, repeat: EngagementRule['repeat'] = 'each') =>
    model({ engagement: [{ id: 'demo', type: 'demo_request', points: 10, repeat, ...fade }], interest: ['demo_request'] });

  it.each<[string, { halfLifeDays?: number; expiresAfterDays?: number }, number, number, number]>([
    ['no decay', {}, 400, 1, 10],
    ['half-life: today', { halfLifeDays: 30 }, 0, 1, 10],
    ['half-life: one half-life ago', { halfLifeDays: 30 }, 30, 0.5, 5],
    ['half-life: two half-lives ago', { halfLifeDays: 30 }, 60, 0.25, 2.5],
    ['half-life: 45 days of 30', { halfLifeDays: 30 }, 45, Math.pow(0.5, 1.5), 3.5],
    ['expiry: on its last day', { expiresAfterDays: 90 }, 90, 1, 10],
  ])('%s', (_name, fade, daysAgo, factor, points) => {
    const [contribution] = scoreLead(lead(), [activity('demo_request', daysAgo)], demo(fade), AS_OF).contributions;
    expect(contribution!.decayFactor).toBeCloseTo(factor, 12);
    expect(contribution!.effectivePoints).toBe(points);
  });

  it('expiry: after its last day, the activity does not count at all', () => {
    expect(scoreLead(lead(), [activity('demo_request', 90.01)], demo({ expiresAfterDays: 90 }), AS_OF).contributions).toEqual([]);
  });

  it('decayed to nothing: no contribution', () => {
    expect(scoreLead(lead(), [activity('demo_request', 3000)], demo({ halfLifeDays: 30 }), AS_OF).contributions).toEqual([]);
  });

  it('an activity after asOf has not happened yet: no points, no interest; as of a later date it counts', () => {
    const acts = [activity('demo_request', -2)];
    const before = scoreLead(lead(), acts, demo({ halfLifeDays: 30 }), AS_OF);
    expect(before).toMatchObject({ engagement: 0, interest: false, firstInterest: null, contributions: [] });
    const later = scoreLead(lead(), acts, demo({ halfLifeDays: 30 }), new Date(Date.parse(AS_OF) + 2 * DAY).toISOString());
    expect(later).toMatchObject({ engagement: 10, interest: true });
  });

  it('once with decay takes the newest, the one with the most points left', () => {
    const acts = [activity('demo_request', 60), activity('demo_request', 30)];
    expect(scoreLead(lead(), acts, demo({ halfLifeDays: 30 }, 'once'), AS_OF).contributions).toMatchObject([{ activityId: acts[1]!.id, effectivePoints: 5 }]);
  });

  it('the same inputs give the same score: nothing is kept from one call to the next', () => {
    const scorer = compileScoringModel(demo({ halfLifeDays: 30 }, { max: 2 }));
    const acts = [activity('demo_request', 1), activity('demo_request', 2), activity('demo_request', 3)];
    const first = scorer(lead(), acts, AS_OF);
    scorer(lead(), [activity('demo_request', 5)], AS_OF);
    expect(scorer(lead(), acts, AS_OF)).toEqual(first);
  });
});

describe('caps, floors and rounding', () => {
  it('a group over its cap is held at the cap, and says what it was before', () => {
    const m = model({ fit: [{ id: 'a', when: {}, points: 30 }, { id: 'b', when: {}, points: 25 }], fitCap: 40, engagement: [{ id: 'open', type: 'email_open', points: 10 }], engagementCap: 15 });
    const result = scoreLead(lead(), [activity('email_open', 0), activity('email_open', 0)], m, AS_OF);
    expect(result).toMatchObject({ fit: 40, engagement: 15, total: 55, capped: { fit: { before: 55, cap: 40 }, engagement: { before: 20, cap: 15 } } });
  });

  it('a group under its cap is not capped', () => {
    const m = model({ fit: [{ id: 'a', when: {}, points: 30 }], fitCap: 40 });
    expect(scoreLead(lead(), [], m, AS_OF).capped).toEqual({});
  });

  it('no floor: bad signs take a group below zero, and total is fit + engagement', () => {
    const m = model({ fit: [{ id: 'cto', when: { title: { equals: 'cto' } }, points: 10 }, { id: 'free', when: { email: { emailDomain: 'free' } }, points: -15 }], engagement: [{ id: 'bounce', type: 'email_bounce', points: -20, repeat: 'once' }] });
    expect(scoreLead(lead({ title: 'CTO', email: 'x@gmail.com' }), [activity('email_bounce', 1)], m, AS_OF)).toMatchObject({ fit: -5, engagement: -20, total: -25 });
  });

  it('effective points are rounded to one decimal, halves away from zero', () => {
    const m = model({ engagement: [{ id: 'plus', type: 'email_open', points: 0.25 }, { id: 'minus', type: 'email_bounce', points: -0.25 }] });
    expect(scoreLead(lead(), [activity('email_open', 0), activity('email_bounce', 0)], m, AS_OF).contributions.map((c) => c.effectivePoints)).toEqual([0.3, -0.3]);
  });

  it('contributions add up to the stored scores, on many made-up leads under the default model', () => {
    const shipped = parseScoringModel(JSON.parse(fs.readFileSync('data/scoring/default.json', 'utf8')));
    const types = ['email_open', 'email_click', 'page_view', 'email_reply', 'demo_request', 'form_submit', 'content_download', 'email_bounce', 'email_unsubscribe', 'webinar_attended'];
    const titles = ['CEO', 'VP Sales', 'Office Manager', 'Gérant', null, 'Head of Growth'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const scorer = compileScoringModel(shipped);
    const tenths = (value: number) => Math.round(value * 10);
    for (let i = 0; i < 2000; i++) {
      const l = lead({ title: titles[i % titles.length]!, employees: Math.floor(random() * 3000), email: i % 3 === 0 ? `a${i}@gmail.com` : `a${i}@acme.io`, industry: i % 2 ? 'Software' : 'Retail' });
      const acts = Array.from({ length: Math.floor(random() * 15) }, () => activity(types[Math.floor(random() * types.length)]!, random() * 200 - 5, { url: random() < 0.5 ? 'https://acme.io/pricing' : 'https://acme.io/blog/x' }));
      const result = scorer(l, acts, AS_OF);
      for (const group of ['fit', 'engagement'] as const) {
        const sum = result.contributions.filter((c) => c.group === group).reduce((total, c) => total + tenths(c.effectivePoints), 0);
        const cap = result.capped[group];
        expect(tenths(cap ? cap.before : result[group])).toBe(sum);
        if (cap) expect(result[group]).toBe(cap.cap);
      }
      expect(tenths(result.total)).toBe(tenths(result.fit) + tenths(result.engagement));
      for (const value of [result.fit, result.engagement, result.total, ...result.contributions.map((c) => c.effectivePoints)]) expect(Math.abs(value * 10 - Math.round(value * 10))).toBeLessThan(1e-9);
    }
  });
});

describe('the MQL threshold: (fit ≥ F and engagement ≥ E) or total ≥ T', () => {
  const withScores = (mql: MqlThreshold, fit: number, engagement: number) => {
    // The rules that never apply here keep every threshold reachable, as the model check requires.
    const m = model({
      fit: [{ id: 'fit', when: {}, points: fit }, { id: 'unreachable', when: { title: { equals: 'nobody' } }, points: 100 }],
      engagement: [{ id: 'e', type: 'email_open', points: engagement, repeat: 'once' }, { id: 'unused', type: 'trial_request', points: 100, repeat: 'once' }],
      mql,
    });
    return scoreLead(lead(), [activity('email_open', 0)], m, AS_OF);
  };

  it.each<[MqlThreshold, number, number, boolean]>([
    [{ fit: 20, engagement: 20, total: 60 }, 20, 20, true],
    [{ fit: 20, engagement: 20, total: 60 }, 19.9, 30, false],
    [{ fit: 20, engagement: 20, total: 60 }, 10, 50, true],
    [{ fit: 20, engagement: 20, total: 60 }, 5, 54.9, false],
    [{ total: 60 }, 30, 30, true],
    [{ total: 60 }, 30, 29.9, false],
    [{ fit: 20 }, 20, -50, true],
    [{ engagement: 20 }, 0, 19.9, false],
  ])('%j with fit %d and engagement %d: %s', (mql, fit, engagement, expected) => expect(withScores(mql, fit, engagement).mql).toBe(expected));

  it('checkMql says how far a lead is from each way', () => {
    const result = withScores({ fit: 20, engagement: 20, total: 60 }, 25, 12.5);
    expect(checkMql({ fit: 20, engagement: 20, total: 60 }, result)).toEqual([
      { way: 'fitAndEngagement', met: false, parts: [{ measure: 'fit', score: 25, threshold: 20, short: 0 }, { measure: 'engagement', score: 12.5, threshold: 20, short: 7.5 }] },
      { way: 'total', met: false, parts: [{ measure: 'total', score: 37.5, threshold: 60, short: 22.5 }] },
    ]);
  });
});

describe('interest', () => {
  it('an activity of an interest type shows interest; the earliest is the one named', () => {
    const m = model({ interest: ['email_open', 'email_click'] });
    const acts = [activity('email_click', 1), activity('email_open', 3), activity('email_bounce', 10)];
    expect(scoreLead(lead(), acts, m, AS_OF)).toMatchObject({ interest: true, firstInterest: { activityId: acts[1]!.id, type: 'email_open', occurredAt: acts[1]!.occurredAt } });
    expect(scoreLead(lead(), [activity('email_bounce', 1)], m, AS_OF)).toMatchObject({ interest: false, firstInterest: null });
  });
});

describe('promotions: forward only, and only from prospect or lead', () => {
  const m = model({
    fit: [{ id: 'cto', when: { title: { equals: 'cto' } }, points: 25 }],
    engagement: [{ id: 'demo', type: 'demo_request', points: 40, repeat: 'once' }, { id: 'open', type: 'email_open', points: 1, repeat: 'once' }],
    interest: ['email_open', 'demo_request'],
    mql: { fit: 20, engagement: 30, total: 60 },
  });
  const open = activity('email_open', 2);
  const demo = activity('demo_request', 1);
  const score = (acts: Activity[], title: string | null = 'CTO') => scoreLead(lead({ title }), acts, m, AS_OF);
  const plan = (stage: Stage, acts: Activity[], title?: string | null) => planScoringPromotion(stage, score(acts, title), m);

  it('a prospect with an interest activity becomes a lead, naming the first one', () => {
    expect(plan('prospect', [open])).toEqual({
      from: 'prospect', to: 'lead', trigger: { kind: 'interest', activityId: open.id, type: 'email_open', occurredAt: open.occurredAt }, reason: `interest: email_open #${open.id}`,
    });
  });

  it('a prospect without one stays a prospect', () => expect(plan('prospect', [])).toBeNull());

  it('a prospect at the threshold goes straight to mql, naming the thresholds crossed', () => {
    expect(plan('prospect', [open, demo])).toMatchObject({ from: 'prospect', to: 'mql', reason: 'fit 25 ≥ 20 and engagement 41 ≥ 30; total 66 ≥ 60' });
  });

  it('a lead at the threshold becomes an mql; under it, it stays a lead', () => {
    expect(plan('lead', [demo], null)).toBeNull();
    expect(plan('lead', [demo])).toMatchObject({ to: 'mql', trigger: { kind: 'mql', crossed: [{ measure: 'fit', score: 25, threshold: 20, short: 0 }, { measure: 'engagement', score: 40, threshold: 30, short: 0 }, { measure: 'total', score: 65, threshold: 60, short: 0 }] } });
    expect(plan('lead', [open])).toBeNull();
  });

  it.each<Stage>(['mql', 'sql', 'customer', 'disqualified', 'nurturing'])('a %s lead is left alone, whatever its score', (stage) => {
    expect(plan(stage, [open, demo])).toBeNull();
  });

  it('no demotion: a lead whose score fell is not moved back', () => expect(plan('lead', [])).toBeNull());
});

describe('re-engagement of a nurturing lead', () => {
  const m = model({ fit: [{ id: 'base', when: {}, points: 20 }], engagement: [{ id: 'demo', type: 'demo_request', points: 40, repeat: 'each', halfLifeDays: 30 }], mql: { total: 50 } });
  const scorer = compileScoringModel(m);
  const nurturing = { ...lead(), stage: 'nurturing' as Stage };
  const qualifiedAt = new Date(Date.parse(AS_OF) - 100 * DAY).toISOString();

  it('over the threshold now because of what it did after its last qualification: re-engaged', () => {
    // Over the threshold when qualified, decayed since, and a new demo request brings it back.
    expect(isReengaged(scorer, nurturing, [activity('demo_request', 101), activity('demo_request', 3)], qualifiedAt, AS_OF)).toBe(true);
  });

  it('over the threshold only because of activities the SDR already knew: not re-engaged', () => {
    const sticky = compileScoringModel(model({ fit: [{ id: 'base', when: {}, points: 20 }], engagement: [{ id: 'demo', type: 'demo_request', points: 40, repeat: 'each' }], mql: { total: 50 } }));
    expect(isReengaged(sticky, nurturing, [activity('demo_request', 101), activity('email_open', 3)], qualifiedAt, AS_OF)).toBe(false);
  });

  it('new activity but still under the threshold, or not a nurturing lead: not re-engaged', () => {
    expect(isReengaged(scorer, nurturing, [activity('demo_request', 80)], qualifiedAt, AS_OF)).toBe(false);
    expect(isReengaged(scorer, { ...nurturing, stage: 'mql' }, [activity('demo_request', 3)], qualifiedAt, AS_OF)).toBe(false);
  });
});

describe('the default model on the sample leads (data/sample-leads.csv)', () => {
  const shipped = parseScoringModel(JSON.parse(fs.readFileSync('data/scoring/default.json', 'utf8')));
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync('data/sample-leads.csv', 'utf8'), { header: true, skipEmptyLines: true }).data;
  const leads = rows.map((row) => lead({ email: row.email || null, title: row.title || null, industry: row.industry || null, employees: row.employees ? Number(row.employees) : null }));
  const mqls = (acts: () => Activity[]) => leads.filter((l) => scoreLead(l, acts(), shipped, AS_OF).mql).length;

  it('fit alone, or opens alone, make no MQL', () => {
    expect(mqls(() => [])).toBe(0);
    expect(mqls(() => [1, 2, 3, 4, 5, 6].map((days) => activity('email_open', days)))).toBe(0);
  });

  it('a few strong signals make most of them MQLs: a demo request, or a click, the pricing page and a reply', () => {
    expect(mqls(() => [activity('demo_request', 5)])).toBeGreaterThanOrEqual(40);
    expect(mqls(() => [activity('email_open', 6), activity('email_click', 6), activity('page_view', 5, { url: 'https://acme.io/pricing' }), activity('email_reply', 4)])).toBeGreaterThanOrEqual(40);
  });
});
