// The scoring model file is checked whole, and every problem is named by its path (as framework files are).

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { highestEngagement, highestFit, parseScoringModel } from '../../src/domain/scoringModel.js';

const label = { en: 'Rule', fr: 'Règle' };

/** A small valid model that each case below breaks in one place. */
function base() {
  return {
    id: 'test',
    version: 1,
    name: { en: 'Test', fr: 'Test' },
    fit: {
      cap: 50,
      rules: [
        { id: 'ceo', label, when: { title: { matches: '\\bceo\\b' } }, points: 20 } as Record<string, unknown>,
        { id: 'big', label, when: { employees: { gte: 200 } }, points: 10 } as Record<string, unknown>,
      ],
    },
    engagement: {
      cap: 60,
      rules: [
        { id: 'open', label, type: 'email_open', points: 1 } as Record<string, unknown>,
        { id: 'pricing', label, type: 'page_view', where: { url: { contains: '/pricing' } }, points: 10, repeat: 'once' } as Record<string, unknown>,
      ],
    },
    interest: ['email_open'] as unknown[],
    mql: { fit: 10, engagement: 10, total: 40 } as Record<string, unknown>,
  };
}
type Model = ReturnType<typeof base>;

function problem(data: unknown): { path: string; problem: string } | 'ok' {
  try {
    parseScoringModel(data);
    return 'ok';
  } catch (error) {
    if (!(error instanceof BantError)) throw error;
    expect(error.kind).toBe('invalidInput');
    expect(error.key).toBe('scoring.invalid');
    return error.params as { path: string; problem: string };
  }
}

function broken(change: (model: Model) => void): unknown {
  const model = base();
  change(model);
  return model;
}

const fitRule = (model: Model) => model.fit.rules[0]!;
const engagementRule = (model: Model) => model.engagement.rules[0]!;

describe('a valid model', () => {
  it('the base of these tests is valid', () => expect(problem(base())).toBe('ok'));

  it('is its own file format: JSON.stringify of a parsed model parses to the same model', () => {
    const parsed = parseScoringModel(base());
    expect(parseScoringModel(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    expect(parsed.engagement.rules[0]).toEqual({ id: 'open', label, type: 'email_open', points: 1 });
  });

  it('accepts custom fields, every operator, an empty when (base points), families, counts and decay', () => {
    const model = broken((m) => {
      m.fit.rules.push(
        { id: 'base', label, when: {}, points: 5 },
        { id: 'plan', label, when: { 'custom.plan': { in: ['pro', 'enterprise', 3] } }, points: 5, family: 'plan' },
        { id: 'all', label, when: { email: { emailDomain: 'business' }, industry: { equals: 'software' }, company: { contains: 'sa' }, phone: { missing: false }, annual_revenue: { gte: 1, lt: 2 }, country: { equals: 33 } }, points: 1 },
      );
      m.engagement.rules.push(
        { id: 'posts', label, type: ['page_view'], where: { url: { matches: '/blog/' } }, count: { gte: 3, lt: 10 }, points: 8, expiresAfterDays: 30 },
        { id: 'clicks', label, type: 'email_click', points: 3, repeat: { perDay: 2 }, halfLifeDays: 30 },
        { id: 'replies', label, type: 'email_reply', points: 15, repeat: { max: 2 } },
      );
    });
    expect(problem(model)).toBe('ok');
  });
});

describe('refused, with the path of the problem', () => {
  it.each<[string, (m: Model) => void, string, RegExp]>([
    ['an unknown key at the root (a typo)', (m) => Object.assign(m, { mqll: {} }), 'mqll', /not a known key/],
    ['a missing id', (m) => Object.assign(m, { id: undefined }), 'id', /non-empty text/],
    ['a version that is not a whole number', (m) => Object.assign(m, { version: 1.5 }), 'version', /whole number/],
    ['a name without French', (m) => Object.assign(m, { name: { en: 'Test' } }), 'name.fr', /non-empty text/],
    ['a negative cap', (m) => Object.assign(m.fit, { cap: -1 }), 'fit.cap', /0 or more/],
    ['a cap that is not a number', (m) => Object.assign(m.engagement, { cap: '60' }), 'engagement.cap', /number/],
    ['rules that are not a list', (m) => Object.assign(m.engagement, { rules: {} }), 'engagement.rules', /list/],
    ['an unknown key in a group', (m) => Object.assign(m.fit, { floor: 0 }), 'fit.floor', /not a known key/],
    ['an unknown key in a rule', (m) => Object.assign(fitRule(m), { point: 3 }), 'fit.rules[0].point', /not a known key/],
    ['a rule id used twice, across groups', (m) => Object.assign(engagementRule(m), { id: 'ceo' }), 'engagement.rules[0].id', /used by another rule/],
    ['a rule without a label', (m) => Object.assign(fitRule(m), { label: undefined }), 'fit.rules[0].label', /object/],
    ['points that are not a number', (m) => Object.assign(fitRule(m), { points: 'many' }), 'fit.rules[0].points', /number/],
    ['a field that does not exist', (m) => Object.assign(fitRule(m), { when: { titel: { equals: 'CEO' } } }), 'fit.rules[0].when.titel', /not a lead field.*custom\.NAME/],
    ['a custom field without a name', (m) => Object.assign(fitRule(m), { when: { 'custom.': { equals: 'x' } } }), 'fit.rules[0].when.custom.', /not a lead field/],
    ['an unknown operator', (m) => Object.assign(fitRule(m), { when: { title: { startsWith: 'CEO' } } }), 'fit.rules[0].when.title.startsWith', /not an operator/],
    ['a condition with no operator', (m) => Object.assign(fitRule(m), { when: { title: {} } }), 'fit.rules[0].when.title', /needs an operator/],
    ['a regular expression that does not compile', (m) => Object.assign(fitRule(m), { when: { title: { matches: '(ceo' } } }), 'fit.rules[0].when.title.matches', /not a valid regular expression/],
    ['an empty range', (m) => Object.assign(fitRule(m), { when: { employees: { gte: 200, lt: 200 } } }), 'fit.rules[0].when.employees.lt', /above gte/],
    ['an empty in', (m) => Object.assign(fitRule(m), { when: { industry: { in: [] } } }), 'fit.rules[0].when.industry.in', /at least one/],
    ['a bad value in in', (m) => Object.assign(fitRule(m), { when: { industry: { in: ['software', true] } } }), 'fit.rules[0].when.industry.in[1]', /non-empty text/],
    ['an email domain kind that is not free or business', (m) => Object.assign(fitRule(m), { when: { email: { emailDomain: 'gmail' } } }), 'fit.rules[0].when.email.emailDomain', /"free" or "business"/],
    ['missing that is not true or false', (m) => Object.assign(fitRule(m), { when: { title: { missing: 'yes' } } }), 'fit.rules[0].when.title.missing', /true or false/],
    ['missing with another operator', (m) => Object.assign(fitRule(m), { when: { title: { missing: true, contains: 'ceo' } } }), 'fit.rules[0].when.title.missing', /stands alone/],
    ['a family that is not a text', (m) => Object.assign(fitRule(m), { family: 3 }), 'fit.rules[0].family', /non-empty text/],
    ['an activity type not written as bant stores it', (m) => Object.assign(engagementRule(m), { type: 'page.hit' }), 'engagement.rules[0].type', /"page_view"/],
    ['an empty list of types', (m) => Object.assign(engagementRule(m), { type: [] }), 'engagement.rules[0].type', /at least one/],
    ['a bad type in a list', (m) => Object.assign(engagementRule(m), { type: ['email_open', 'Email Click'] }), 'engagement.rules[0].type[1]', /"email_click"/],
    ['an unknown repeat policy', (m) => Object.assign(engagementRule(m), { repeat: 'twice' }), 'engagement.rules[0].repeat', /"once", "each"/],
    ['a repeat with two limits', (m) => Object.assign(engagementRule(m), { repeat: { perDay: 1, max: 3 } }), 'engagement.rules[0].repeat', /"once", "each"/],
    ['perDay 0', (m) => Object.assign(engagementRule(m), { repeat: { perDay: 0 } }), 'engagement.rules[0].repeat.perDay', /at least 1/],
    ['max that is not whole', (m) => Object.assign(engagementRule(m), { repeat: { max: 2.5 } }), 'engagement.rules[0].repeat.max', /whole number/],
    ['count with repeat', (m) => Object.assign(engagementRule(m), { repeat: 'once', count: { gte: 3 } }), 'engagement.rules[0].count', /remove repeat/],
    ['count without bounds', (m) => Object.assign(engagementRule(m), { count: {} }), 'engagement.rules[0].count', /gte, lt or both/],
    ['an empty count range', (m) => Object.assign(engagementRule(m), { count: { gte: 3, lt: 3 } }), 'engagement.rules[0].count.lt', /above gte/],
    ['an unknown key in count', (m) => Object.assign(engagementRule(m), { count: { min: 3 } }), 'engagement.rules[0].count.min', /not a known key/],
    ['a half-life and an expiry together', (m) => Object.assign(engagementRule(m), { halfLifeDays: 30, expiresAfterDays: 90 }), 'engagement.rules[0].expiresAfterDays', /choose one/],
    ['a half-life of 0', (m) => Object.assign(engagementRule(m), { halfLifeDays: 0 }), 'engagement.rules[0].halfLifeDays', /above 0/],
    ['a negative expiry', (m) => Object.assign(engagementRule(m), { expiresAfterDays: -5 }), 'engagement.rules[0].expiresAfterDays', /above 0/],
    ['a bad condition on a property', (m) => Object.assign(m.engagement.rules[1]!, { where: { url: { matches: '[pricing' } } }), 'engagement.rules[1].where.url.matches', /regular expression/],
    ['interest that is not a list', (m) => Object.assign(m, { interest: 'email_open' }), 'interest', /list/],
    ['an interest type not written as bant stores it', (m) => Object.assign(m, { interest: ['email_open', 'Form Submitted'] }), 'interest[1]', /"form_submit"/],
    ['no way to be an MQL', (m) => Object.assign(m, { mql: {} }), 'mql', /fit and engagement minimums, a total/],
    ['an unknown key in mql', (m) => Object.assign(m, { mql: { score: 50 } }), 'mql.score', /not a known key/],
    ['a fit threshold above what the fit rules give', (m) => Object.assign(m.mql, { fit: 31 }), 'mql.fit', /no lead can reach 31: the fit rules give at most 30/],
    ['a fit threshold above the fit cap', (m) => Object.assign(m, { fit: { ...m.fit, cap: 20 }, mql: { fit: 25 } }), 'mql.fit', /at most 20/],
    ['an engagement threshold above the cap', (m) => Object.assign(m.mql, { engagement: 61 }), 'mql.engagement', /at most 60/],
    ['a total above fit and engagement together', (m) => Object.assign(m.mql, { total: 91 }), 'mql.total', /no lead can reach 91: fit and engagement give at most 90/],
  ])('%s', (_name, change, path, message) => {
    const result = problem(broken(change));
    expect(result).not.toBe('ok');
    expect(result).toMatchObject({ path });
    expect((result as { problem: string }).problem).toMatch(message);
  });

  it('names "model" when the file is not an object at all', () => {
    expect(problem([])).toMatchObject({ path: 'model', problem: 'must be an object' });
  });
});

describe('the most a lead can score, which thresholds are checked against', () => {
  const model = (change: (m: Model) => void) => parseScoringModel(broken(change));

  it('fit: positive points add up, only the best of a family counts, negative ones never help, the cap bounds it', () => {
    const fit = model((m) => {
      m.fit.rules.push({ id: 'vp', label, when: { title: { contains: 'vp' } }, points: 12, family: 'seniority' }, { id: 'cxo', label, when: { title: { contains: 'chief' } }, points: 18, family: 'seniority' }, { id: 'free', label, when: { email: { emailDomain: 'free' } }, points: -10 });
    }).fit;
    expect(highestFit(fit)).toBe(20 + 10 + 18);
    expect(highestFit({ ...fit, cap: 40 })).toBe(40);
  });

  it('engagement: once and count give their points, max N gives N times, each and perDay are bounded by the cap only', () => {
    const onlyBounded = model((m) => {
      m.engagement.rules = [
        { id: 'a', label, type: 'email_open', points: 2, repeat: { max: 5 } },
        { id: 'b', label, type: 'page_view', points: 10, repeat: 'once' },
        { id: 'c', label, type: 'page_view', points: 8, count: { gte: 3 } },
        { id: 'd', label, type: 'email_bounce', points: -20, repeat: 'each' },
      ];
      m.mql = { total: 10 };
    }).engagement;
    expect(highestEngagement(onlyBounded)).toBe(10 + 10 + 8);
    const unbounded = model((m) => Object.assign(engagementRule(m), { repeat: { perDay: 1 } })).engagement;
    expect(highestEngagement(unbounded)).toBe(60);
  });

  it('so an engagement threshold a once-only model cannot reach is refused', () => {
    const result = problem(broken((m) => {
      m.engagement.rules = [{ id: 'demo', label, type: 'demo_request', points: 30, repeat: 'once' }];
      m.mql = { engagement: 31 };
    }));
    expect(result).toMatchObject({ path: 'mql.engagement', problem: 'no lead can reach 31: the engagement rules give at most 30' });
  });
});

describe('the shipped default model', () => {
  const raw = JSON.parse(fs.readFileSync('data/scoring/default.json', 'utf8'));

  it('checks out', () => expect(problem(raw)).toBe('ok'));

  it('and so does the example in the README', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const example = /## Scoring model[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(problem(JSON.parse(example))).toBe('ok');
  });

  it('scores what PRODUCT.md asks for: demo, pricing, replies and clicks high; opens low and capped; bad signs negative', () => {
    const model = parseScoringModel(raw);
    const points = (id: string) => [...model.fit.rules, ...model.engagement.rules].find((rule) => rule.id === id)!.points;
    const rule = (id: string) => model.engagement.rules.find((candidate) => candidate.id === id)!;
    expect(points('demo-or-trial')).toBeGreaterThanOrEqual(20);
    for (const high of ['pricing-page', 'reply', 'click']) expect(points(high)).toBeGreaterThan(points('open'));
    expect(rule('open').repeat).toEqual({ max: 5 });
    for (const bad of ['unsubscribe', 'bounce', 'spam-report', 'email.free']) expect(points(bad)).toBeLessThan(0);
    expect(model.engagement.rules.filter((r) => r.points > 0).every((r) => r.halfLifeDays !== undefined)).toBe(true);
  });
});
