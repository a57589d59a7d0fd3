import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { checkCustomFieldName, displayName, hasIdentity, LEAD_FIELDS, nameKey, parseFieldValue, parseLeadFields, parseLeadRef } from '../../src/domain/lead.js';

const field = (name: string) => LEAD_FIELDS.find((f) => f.name === name)!;

describe('lead fields', () => {
  it('trims and lower-cases emails, and refuses invalid ones', () => {
    expect(parseFieldValue(field('email'), '  Jeanne.Martin@Acme.FR ')).toBe('jeanne.martin@acme.fr');
    for (const bad of ['jeanne', 'jeanne@', '@acme.fr', 'jeanne@acme', 'a b@acme.fr', 'jeanne@@acme.fr', 'j..m@acme.fr']) {
      const result = parseFieldValue(field('email'), bad);
      expect(result, bad).toBeInstanceOf(BantError);
      expect((result as BantError).kind).toBe('invalidInput');
    }
  });

  it('refuses numbers it could not keep exactly (beyond 2^53), whatever their size', () => {
    for (const huge of ['99999999999999999999', '9223372036854775808', '1' + '0'.repeat(400), '9 007 199 254 740 992']) {
      expect((parseFieldValue(field('employees'), huge) as BantError).key, huge).toMatch(/lead.numberTooLarge|lead.notANumber/);
      expect((parseFieldValue(field('annual_revenue'), huge) as BantError).key, huge).toMatch(/lead.numberTooLarge|lead.notANumber/);
    }
    expect(parseFieldValue(field('employees'), '9007199254740991')).toBe(9007199254740991);
  });

  it('reads employees as a whole, non-negative number', () => {
    expect(parseFieldValue(field('employees'), '1 200')).toBe(1200);
    expect((parseFieldValue(field('employees'), '1,5') as BantError).key).toBe('lead.notAWholeNumber');
    expect((parseFieldValue(field('employees'), 'abc') as BantError).key).toBe('lead.notANumber');
    expect((parseFieldValue(field('employees'), '-4') as BantError).key).toBe('lead.negativeNumber');
  });

  it('reads revenue with decimals, and treats blank as unknown', () => {
    expect(parseFieldValue(field('annual_revenue'), '2,5')).toBe(2.5);
    expect(parseFieldValue(field('annual_revenue'), '   ')).toBeNull();
  });

  it('parses a set of fields into camelCase values, stopping at the first error', () => {
    expect(parseLeadFields({ first_name: ' Hélène ', employees: '50' })).toEqual({ firstName: 'Hélène', employees: 50 });
    expect(parseLeadFields({ email: 'nope', employees: '50' })).toBeInstanceOf(BantError);
  });

  it('needs an email, an external id, or a name', () => {
    expect(hasIdentity({})).toBe(false);
    expect(hasIdentity({ title: 'CEO', phone: '0102030405' })).toBe(false);
    for (const identity of [{ email: 'a@b.co' }, { externalId: 'X1' }, { firstName: 'A' }, { lastName: 'B' }, { company: 'C' }]) {
      expect(hasIdentity(identity)).toBe(true);
    }
  });

  it('names a lead by person, else company, else email', () => {
    const base = { id: 7, firstName: null, lastName: null, company: null, email: null, externalId: null };
    expect(displayName({ ...base, firstName: 'Jeanne', lastName: 'Martin', company: 'Acme' })).toBe('Jeanne Martin');
    expect(displayName({ ...base, company: 'Acme' })).toBe('Acme');
    expect(displayName({ ...base, email: 'x@y.fr' })).toBe('x@y.fr');
    expect(displayName(base)).toBe('#7');
  });

  it('refuses custom fields that hide lead fields', () => {
    expect(checkCustomFieldName('linkedin')).toBeUndefined();
    expect(checkCustomFieldName('email')?.key).toBe('lead.customFieldReserved');
    expect(checkCustomFieldName(' ')?.key).toBe('lead.customFieldBlank');
  });

  it('reads a ref as id, email or external id', () => {
    expect(parseLeadRef('12')).toEqual({ kind: 'id', id: 12, text: '12' });
    expect(parseLeadRef(' Jeanne@ACME.fr ')).toEqual({ kind: 'email', email: 'jeanne@acme.fr' });
    expect(parseLeadRef('00Qbm00000Orxk5EAB')).toEqual({ kind: 'externalId', externalId: '00Qbm00000Orxk5EAB' });
  });
});

describe('the name key of a lead known only by its name', () => {
  it('ignores case, accents and spaces, and is only for leads without an email or an external id', () => {
    expect(nameKey({ firstName: 'Hélène ', lastName: 'Dupré', company: 'Boulangerie  Dupré' })).toBe('helenedupre boulangeriedupre');
    expect(nameKey({ firstName: 'HELENE', lastName: 'DUPRE\u200b', company: 'boulangerie dupre' })).toBe('helenedupre boulangeriedupre');
    expect(nameKey({ firstName: 'Ann' })).not.toBe(nameKey({ company: 'Ann' }));
    expect(nameKey({ firstName: 'Ann', email: 'ann@x.io' })).toBeNull();
    expect(nameKey({ company: 'Acme', externalId: 'SF-1' })).toBeNull();
    expect(nameKey({})).toBeNull();
  });
});
