import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  formatUkDate,
  formatUkDateTime,
  isIsoDate,
  londonDate,
  parseUkDate,
  toLondonDate,
} from '../../shared/domain/dates';

describe('londonDate', () => {
  it('during BST (UTC+1) an instant just before midnight UTC is already tomorrow in London', () => {
    expect(londonDate(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30'); // 23:59:59 BST
    expect(londonDate(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01'); // 00:00 BST
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // 00:30 BST
  });

  it('during GMT London is UTC', () => {
    expect(londonDate(new Date('2026-01-15T23:59:59Z'))).toBe('2026-01-15');
    expect(londonDate(new Date('2026-01-16T00:00:00Z'))).toBe('2026-01-16');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('on the clock-change days', () => {
    // 29 Mar 2026: 01:00 GMT → 02:00 BST. 23:30Z on the 29th is 00:30 BST on the 30th.
    expect(londonDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28'); // still GMT
    expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    // 25 Oct 2026: 02:00 BST → 01:00 GMT. 23:30Z on the 24th is 00:30 BST on the 25th.
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // GMT again
  });

  it('agrees with Intl at every instant (property; covers the per-day offset memo)', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => londonDate(new Date(ms)) === intl.format(new Date(ms))),
      { numRuns: 2000 },
    );
    // Every minute around both 2026 changes.
    for (const start of [Date.UTC(2026, 2, 28, 22), Date.UTC(2026, 9, 24, 22)]) {
      for (let ms = start; ms < start + 30 * 3_600_000; ms += 60_000) {
        expect(londonDate(new Date(ms))).toBe(intl.format(new Date(ms)));
      }
    }
  });

  it('rejects an invalid instant', () => {
    expect(() => londonDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('toLondonDate keeps a date and reads an instant in London', () => {
    expect(toLondonDate('2026-06-30')).toBe('2026-06-30');
    expect(toLondonDate('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(() => toLondonDate('2026-02-31')).toThrow(RangeError);
  });
});

describe('daysBetween and addDays', () => {
  it('counts calendar days', () => {
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysBetween('2026-11-23', '2026-11-24')).toBe(1);
    expect(daysBetween('2026-11-24', '2026-11-23')).toBe(-1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2); // leap year
  });

  it('the BST change days are one calendar day each', () => {
    expect(daysBetween('2026-03-28', '2026-03-29')).toBe(1);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
    expect(daysBetween('2026-10-24', '2026-10-25')).toBe(1);
    expect(daysBetween('2026-10-25', '2026-10-26')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-11-01')).toBe(245);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('throws on anything that is not a calendar date', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => daysBetween('23/11/2026', '2026-11-24')).toThrow(RangeError);
  });

  it('addDays and daysBetween are inverse (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -800, max: 800 }), (offset, n) => {
        const from = addDays('2024-01-01', offset);
        return daysBetween(from, addDays(from, n)) === n && isIsoDate(addDays(from, n));
      }),
    );
  });
});

describe('formatting', () => {
  it('formatUkDate', () => {
    expect(formatUkDate('2026-11-23')).toBe('23 Nov 2026');
    expect(formatUkDate('2026-09-05')).toBe('5 Sep 2026');
    expect(() => formatUkDate('2026-13-01')).toThrow(RangeError);
  });

  it('formatUkDateTime uses the London wall clock, 24-hour', () => {
    expect(formatUkDateTime(new Date('2026-11-23T14:02:00Z'))).toBe('23 Nov 2026, 14:02'); // GMT
    expect(formatUkDateTime(new Date('2026-06-30T23:30:00Z'))).toBe('1 Jul 2026, 00:30'); // BST
    expect(formatUkDateTime(new Date('2026-07-01T12:05:00Z'))).toBe('1 Jul 2026, 13:05');
  });
});

describe('parseUkDate', () => {
  it.each([
    ['23/11/2026', '2026-11-23'],
    ['23-11-2026', '2026-11-23'],
    ['2026-11-23', '2026-11-23'],
    ['23 Nov 2026', '2026-11-23'],
    ['23 November 2026', '2026-11-23'],
    ['23 nov 2026', '2026-11-23'],
    ['5/3/2026', '2026-03-05'],
    ['05/03/2026', '2026-03-05'],
    ['5-3-2026', '2026-03-05'],
    ['2026-3-5', '2026-03-05'],
    ['5 Sept 2026', '2026-09-05'],
    ['1 May 2026', '2026-05-01'],
    ['  29/02/2028 ', '2028-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(parseUkDate(text)).toBe(iso);
  });

  it.each([
    '31/02/2026', '29/02/2026', '31/04/2026', '00/01/2026', '1/13/2026', '32 Jan 2026',
    '23 Novembr 2026', '23/11/26', '23/11-2026', '2026/11/23', '', 'tomorrow', '11/23/2026',
  ])('%s → null', (text) => {
    expect(parseUkDate(text)).toBeNull();
  });

  it('round-trips with formatUkDate (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (offset) => {
        const iso = addDays('2020-01-01', offset);
        return parseUkDate(formatUkDate(iso)) === iso;
      }),
    );
  });
});
