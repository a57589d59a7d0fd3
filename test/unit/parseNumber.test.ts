import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/domain/parseNumber.js';

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['1 200', 1200],
    ['1\u00a0200', 1200],
    ['1\u202f200\u202f000', 1200000],
    ['1,200', 1200],
    ['1,200,000', 1200000],
    ['1.200.000', 1200000],
    ['1,5', 1.5],
    ['12000.75', 12000.75],
    ['1.200,50', 1200.5],
    ['1,234.5', 1234.5],
    ['.5', 0.5],
    ['-3', -3],
    ["1'000", 1000],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['abc', '', '12abc', '1,2,3', '1..2', '€12', '1e5', '--1', '1-2'])('refuses %j', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});
