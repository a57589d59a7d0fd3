import { describe, expect, it } from 'vitest';
import { CreationDateReader } from '../../../src/import/readCreationDate.js';

const NOW = '2026-07-01T12:00:00.000Z';

function reader(values: string[] = [], order?: 'dmy' | 'mdy') {
  const dates = new CreationDateReader(NOW, order);
  for (const value of values) if (dates.learn(value)) break;
  dates.decide();
  return dates;
}

describe('reading a file’s creation dates', () => {
  it.each([
    ['2021-04-15', '2021-04-15T00:00:00.000Z'],
    ['2021-04-15 00:03:00', '2021-04-15T00:03:00.000Z'],
    ['2021-04-15T00:03', '2021-04-15T00:03:00.000Z'],
    ['2021-04-15T00:03:00.123Z', '2021-04-15T00:03:00.123Z'],
    ['2021-04-15T00:03:00.000+0000', '2021-04-15T00:03:00.000Z'],
    ['2022-07-01T18:30:00.000+0200', '2022-07-01T16:30:00.000Z'],
    ['2021-04-15 10:00 -05:00', '2021-04-15T15:00:00.000Z'],
    ['2021/04/15', '2021-04-15T00:00:00.000Z'],
    ['15 Apr, 2021 00:03:00', '2021-04-15T00:03:00.000Z'],
    ['Apr 15, 2021', '2021-04-15T00:00:00.000Z'],
    ['15-Apr-21', '2021-04-15T00:00:00.000Z'],
    ['15 avr. 2021 14:05', '2021-04-15T14:05:00.000Z'],
    ['1 août 2021', '2021-08-01T00:00:00.000Z'],
    ['lundi 15 avril 2021', '2021-04-15T00:00:00.000Z'],
    ['24/02/2026', '2026-02-24T00:00:00.000Z'],
    ['24.02.2026 14:02', '2026-02-24T14:02:00.000Z'],
    ['5/1/2026 08:30', '2026-01-05T08:30:00.000Z'],
  ])('%s', (text, iso) => {
    expect(reader().read(text)).toBe(iso);
  });

  it('reads 12-hour times', () => {
    const dates = reader([], 'mdy');
    expect(dates.read('02/24/26 02:18 AM')).toBe('2026-02-24T02:18:00.000Z');
    expect(dates.read('02/24/26 12:18 AM')).toBe('2026-02-24T00:18:00.000Z');
    expect(dates.read('02/24/26 12:18 PM')).toBe('2026-02-24T12:18:00.000Z');
    expect(dates.read('2/24/2026 2:18 p.m.')).toBe('2026-02-24T14:18:00.000Z');
  });

  it('refuses what is not a date, or not a real day', () => {
    const dates = reader();
    for (const text of ['hello', '2026-02-30', '31/04/2026', '2021-04-15T25:03', '13:00', '02/24/26 13:18 PM', '12345']) expect(dates.read(text), text).toBe('unreadable');
  });

  it('calls a date more than a day ahead "future", and takes a few hours ahead as now', () => {
    const dates = reader();
    expect(dates.read('2031-01-01')).toBe('future');
    expect(dates.read('2026-07-02T13:00:00Z')).toBe('future');
    expect(dates.read('2026-07-01T20:00:00Z')).toBe(NOW);
  });

  describe('the order of day and month in numeric dates', () => {
    it('is learnt from a date of the column that can only be read one way', () => {
      expect(reader(['03/04/2026', '24/02/2026']).order).toBe('dmy');
      expect(reader(['03/04/2026', '24/02/2026']).read('03/04/2026')).toBe('2026-04-03T00:00:00.000Z');
      const us = reader(['03/04/2026', '02/24/2026']);
      expect([us.order, us.orderReason]).toEqual(['mdy', 'column']);
      expect(us.read('03/04/2026')).toBe('2026-03-04T00:00:00.000Z');
    });

    it('follows a 12-hour clock (AM/PM) to month first when every date is ambiguous', () => {
      const dates = reader(['03/04/26 02:18 AM', '05/06/26 11:00 PM']);
      expect([dates.order, dates.orderReason]).toEqual(['mdy', 'clock']);
    });

    it('is day first by default, and as --date-order says when given', () => {
      expect([reader(['03/04/2026']).order, reader(['03/04/2026']).orderReason]).toEqual(['dmy', 'default']);
      const forced = reader(['02/24/2026'], 'dmy');
      expect([forced.order, forced.orderReason]).toEqual(['dmy', 'option']);
      expect(forced.read('02/24/2026')).toBe('unreadable');
    });

    it('only matters for files that have numeric dates', () => {
      expect(reader(['2021-04-15', '15 Apr, 2021']).numericSeen).toBe(false);
      expect(reader(['2021-04-15', '15/04/2021']).numericSeen).toBe(true);
    });
  });
});
