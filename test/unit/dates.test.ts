import { describe, expect, it } from 'vitest';
import { addDays, parseIsoDate } from '../../src/domain/dates.js';

describe('calendar dates', () => {
  it('adds and subtracts days across months and years', () => {
    expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('stops at the edges of the calendar instead of failing on a span of any size', () => {
    expect(addDays('2026-11-20', -Number('99999999999999999999'))).toBe('0000-01-01');
    expect(addDays('2026-11-20', 1e15)).toBe('9999-12-31');
    expect(addDays('2026-11-20', -Infinity)).toBe('0000-01-01');
  });

  it('accepts only real days', () => {
    expect(parseIsoDate('2026-02-28')).toBe('2026-02-28');
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
  });
});
