// What a learned model may look at: the exclusions (identifiers, near-unique columns, free text, single
// values), numbers in quantile bins, rare categories pooled, and missing values as a value of their own.

import { describe, expect, it } from 'vitest';
import { binCuts, extractFeatures, type Feature } from '../../../src/domain/learning/extractFeatures.js';
import { trainingSetOf, type TrainingRow } from '../../../src/domain/learning/trainingSet.js';
import type { ScorableLead } from '../../../src/domain/scoreLead.js';
import { trainingRow } from '../../helpers/trainingRows.js';

/** Features of rows made by `make(i)` for i in 0..count−1, all learned from (unless `learning` says otherwise). */
function extract(count: number, make: (i: number) => Partial<ScorableLead>, options: { counts?: (i: number) => Record<string, number>; ignore?: string[]; learning?: (i: number) => boolean } = {}) {
  const rows: TrainingRow[] = Array.from({ length: count }, (_, i) => trainingRow(i + 1, (i % 2) as 0 | 1, make(i), options.counts?.(i) ?? {}));
  const set = trainingSetOf(rows);
  const learning = Uint8Array.from(rows, (_, i) => (options.learning ? (options.learning(i) ? 1 : 0) : 1));
  const extraction = extractFeatures(set, learning, { ignore: options.ignore ?? [] });
  const feature = (field: string): Feature => {
    const found = extraction.features.find((candidate) => candidate.field === field);
    if (!found) throw new Error(`no feature ${field}; left out: ${JSON.stringify(extraction.excluded)}`);
    return found;
  };
  const reason = (field: string) => extraction.excluded.find((excluded) => excluded.field === field)?.reason;
  return { ...extraction, feature, reason };
}

const cycle = <T>(values: T[]) => (i: number) => values[i % values.length]!;

describe('what is left out', () => {
  it('leaves out the lead fields that identify a person or a record, and the owner, whatever their values', () => {
    const { reason, features } = extract(200, (i) => ({
      firstName: cycle(['Jo', 'Al'])(i), lastName: cycle(['Martin', 'Dupré'])(i), company: cycle(['Acme', 'Globex'])(i),
      phone: cycle(['+33 1 23 45 67 89', '+33 6 00 00 00 00'])(i), externalId: cycle(['A', 'B'])(i), owner: cycle(['alice', 'bob'])(i),
      industry: cycle(['Software', 'Retail'])(i),
    }));
    expect(['first_name', 'last_name', 'company', 'phone', 'external_id'].map(reason)).toEqual(['identifier', 'identifier', 'identifier', 'identifier', 'identifier']);
    expect(reason('owner')).toBe('setBySales');
    expect(features.map((feature) => feature.field)).toEqual(['industry']);
  });

  it('uses the kind of the email address, not the address: free mail, business, or none', () => {
    const { feature } = extract(300, (i) => ({ email: [`jo${i}@gmail.com`, `jo${i}@acme${i}.io`, null][i % 3] }));
    const email = feature('email');
    expect(email.kind).toBe('emailKind');
    expect(email.values).toEqual([{ kind: 'emailDomain', domain: 'free' }, { kind: 'emailDomain', domain: 'business' }, { kind: 'missing' }]);
    expect(email.rows).toEqual([100, 100, 100]);
    expect([0, 1, 2].map(email.valueOf)).toEqual([0, 1, 2]);
  });

  it('leaves out a custom field named like an identifier, even when its values repeat', () => {
    const { reason } = extract(200, (i) => ({ custom: { 'Prospect ID': cycle(['a', 'b'])(i), leadNumber: cycle(['1', '2'])(i), crm_ref: cycle(['x', 'y'])(i), 'Do Not Email': cycle(['Yes', 'No'])(i) } }));
    expect(['custom.Prospect ID', 'custom.leadNumber', 'custom.crm_ref'].map(reason)).toEqual(['identifier', 'identifier', 'identifier']);
    // A flag about email is not an email.
    expect(reason('custom.Do Not Email')).toBeUndefined();
  });

  it('leaves out custom fields holding email addresses, links or phone numbers', () => {
    const { reason, feature } = extract(200, (i) => ({
      custom: {
        other_email: cycle(['jo@acme.io', 'al@acme.io'])(i), linkedin: cycle(['https://linkedin.com/in/jo', 'www.acme.io'])(i),
        mobile: cycle(['06 12 34 56 78', '+44 20 7946 0000', '(555) 123-4567'])(i), budget: cycle(['12 000 000', '1 200 000'])(i),
      },
    }));
    expect(['custom.other_email', 'custom.linkedin', 'custom.mobile'].map(reason)).toEqual(['identifier', 'identifier', 'identifier']);
    // An amount written with spaces is not a phone number.
    expect(feature('custom.budget').kind).toBe('number');
  });

  it('leaves out columns whose values are nearly all distinct: texts and whole numbers (record numbers)', () => {
    const { reason, feature } = extract(200, (i) => ({
      title: `Title ${i}`,
      custom: { reference_text: `R-${i}`, ticket: String(100_000 + i), ratio: (i / 7).toFixed(4) },
    }));
    expect(reason('title')).toBe('nearlyAllDistinct');
    expect(reason('custom.reference_text')).toBe('nearlyAllDistinct');
    expect(reason('custom.ticket')).toBe('nearlyAllDistinct');
    // A measure with decimals is distinct because it is precise, not because it names a record.
    expect(feature('custom.ratio').kind).toBe('number');
  });

  it('leaves out free text (long, varied values) but keeps long values that repeat', () => {
    const { reason, feature } = extract(300, (i) => ({
      custom: {
        notes: `Called on day ${i % 100}, asked for a callback about the offer`,
        specialization: cycle(['Banking, Investment And Insurance', 'Media and Advertising and Communication'])(i),
      },
    }));
    expect(reason('custom.notes')).toBe('freeText');
    expect(feature('custom.specialization').values).toHaveLength(2);
  });

  it('leaves out a column with one value for every lead, or none', () => {
    const { reason } = extract(100, () => ({ country: 'France', custom: { magazine: 'No' } }));
    expect(reason('country')).toBe('sameForAll');
    expect(reason('custom.magazine')).toBe('sameForAll');
    expect(reason('industry')).toBe('sameForAll');
    expect(reason('employees')).toBe('sameForAll');
  });

  it('leaves out the fields it is asked to ignore, custom ones by name or as custom.NAME', () => {
    const { reason } = extract(100, (i) => ({ industry: cycle(['a', 'b'])(i), custom: { Tags: cycle(['x', 'y'])(i), 'Lead Quality': cycle(['x', 'y'])(i) } }), { ignore: ['industry', 'Tags', 'custom.Lead Quality'] });
    expect(['industry', 'custom.Tags', 'custom.Lead Quality'].map(reason)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('leaves out activity types not written as bant stores them (a rule for them would never match)', () => {
    const { reason, feature } = extract(200, () => ({}), { counts: (i) => ({ 'email.read': i % 3, email_open: i % 4 }) });
    expect(reason('email.read')).toBe('notAnActivityType');
    expect(feature('email_open').kind).toBe('activityCount');
  });

  it('decides from the learning rows only', () => {
    // Industry varies only in the held-out half: for learning, it is the same for every lead.
    const { reason } = extract(200, (i) => ({ industry: i < 100 ? 'Software' : cycle(['Retail', 'Energy'])(i) }), { learning: (i) => i < 100 });
    expect(reason('industry')).toBe('sameForAll');
  });
});

describe('numbers in quantile bins', () => {
  it('cuts at quantiles rounded to two significant digits, with "unknown" as a value of its own', () => {
    // 1,000 leads with 1..1000 employees (5 bins: one per 200 leads), and 100 without.
    const { feature } = extract(1100, (i) => ({ employees: i < 1000 ? i + 1 : null }));
    const employees = feature('employees');
    expect(employees.values).toEqual([
      { kind: 'range', lt: 200 },
      { kind: 'range', gte: 200, lt: 400 },
      { kind: 'range', gte: 400, lt: 600 },
      { kind: 'range', gte: 600, lt: 800 },
      { kind: 'range', gte: 800 },
      { kind: 'missing' },
    ]);
    expect(employees.rows).toEqual([199, 200, 200, 200, 201, 100]);
    expect([0, 198, 199, 999, 1000].map(employees.valueOf)).toEqual([0, 0, 1, 4, 5]);
  });

  it('gives many leads sharing the lowest value a bin of their own (none versus some)', () => {
    const { feature } = extract(600, (i) => ({ custom: { visits: String(i < 500 ? 0 : i - 499) } }));
    expect(feature('custom.visits').values).toEqual([{ kind: 'range', lt: 1 }, { kind: 'range', gte: 1 }]);
  });

  it('merges bins too small to learn from into their neighbours', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
    expect(binCuts(sorted, 10, 1, (x) => x)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 100]);
    const merged = binCuts(sorted, 10, 3, (x) => x);
    expect(merged.length).toBeGreaterThan(0);
    const bounds = [0, ...merged.map((cut) => sorted.findIndex((value) => value >= cut)), sorted.length];
    for (let b = 0; b + 1 < bounds.length; b++) expect(bounds[b + 1]! - bounds[b]!).toBeGreaterThanOrEqual(3);
  });

  it('reads a numeric-looking custom field as people write numbers; a text among them gets no bin, not "unknown"', () => {
    const { feature } = extract(400, (i) => ({ custom: { seats: i === 0 ? 'n/a' : i === 1 ? '' : `${(i % 50) * 100 + 1000}`.replace(/(\d)(\d{3})$/, '$1 $2') } }));
    const seats = feature('custom.seats');
    expect(seats.kind).toBe('number');
    expect(seats.valueOf(0)).toBe(-1);
    expect(seats.values[seats.valueOf(1)]).toEqual({ kind: 'missing' });
    expect(seats.values[seats.valueOf(2)]).toMatchObject({ kind: 'range' });
  });
});

describe('categories', () => {
  it('keeps each frequent value, most frequent first, pools the rare ones into "another value", and "unknown" apart', () => {
    // 10 leads at least make a category of its own.
    const industries = (i: number) => (i < 60 ? 'Software' : i < 90 ? 'Retail' : i < 100 ? 'Energy' : i < 105 ? 'Mining' : i < 108 ? 'Fishing' : null);
    const { feature } = extract(120, (i) => ({ industry: industries(i) }));
    const industry = feature('industry');
    expect(industry.values).toEqual([
      { kind: 'category', text: 'Software' },
      { kind: 'category', text: 'Retail' },
      { kind: 'category', text: 'Energy' },
      { kind: 'missing' },
      { kind: 'other' },
    ]);
    expect(industry.rows).toEqual([60, 30, 10, 12, 8]);
    expect([0, 60, 95, 100, 106, 110].map(industry.valueOf)).toEqual([0, 1, 2, 4, 4, 3]);
  });

  it('takes values as a rule compares them: case, accents and spaces do not make a new category', () => {
    const spellings = ['Software', 'software', 'SOFTWARE ', 'Software', 'Santé', 'sante', 'Santé'];
    const { feature } = extract(140, (i) => ({ industry: spellings[i % spellings.length]! }));
    const industry = feature('industry');
    // The most common spelling names the category.
    expect(industry.values).toEqual([{ kind: 'category', text: 'Software' }, { kind: 'category', text: 'Santé' }]);
    expect(industry.rows).toEqual([80, 60]);
  });

  it('reads a value seen only in the held-out part as "another value", as the catch-all rule will', () => {
    const { feature } = extract(130, (i) => ({ industry: i < 120 ? cycle(['Software', 'Retail', 'Energy'])(i) : i < 125 ? 'Mining' : 'Quantum' }), { learning: (i) => i < 125 });
    const industry = feature('industry');
    expect(industry.values.at(-1)).toEqual({ kind: 'other' });
    expect(industry.valueOf(127)).toBe(industry.values.length - 1);
  });

  it('has no "another value" when nothing was pooled: a new value then matches no rule', () => {
    const { feature } = extract(120, (i) => ({ industry: i < 110 ? cycle(['Software', 'Retail'])(i) : 'Quantum' }), { learning: (i) => i < 110 });
    const industry = feature('industry');
    expect(industry.values).toEqual([{ kind: 'category', text: 'Retail' }, { kind: 'category', text: 'Software' }]);
    expect(industry.valueOf(115)).toBe(-1);
  });
});

describe('activity counts', () => {
  it('makes "never" a bin, then quantile bins of the counts', () => {
    // 300 leads never opened an email, 100 once, 100 twice, 100 five times or more.
    const { feature } = extract(600, () => ({}), { counts: (i) => ({ email_open: i < 300 ? 0 : i < 400 ? 1 : i < 500 ? 2 : 5 + (i % 4) }) });
    const opens = feature('email_open');
    expect(opens.values).toEqual([{ kind: 'range', lt: 1 }, { kind: 'range', gte: 1, lt: 2 }, { kind: 'range', gte: 2, lt: 5 }, { kind: 'range', gte: 5 }]);
    expect(opens.rows).toEqual([300, 100, 100, 100]);
    expect([0, 350, 450, 599].map(opens.valueOf)).toEqual([0, 1, 2, 3]);
  });
});
