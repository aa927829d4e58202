import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  addHours,
  addLocalDays,
  businessDaysUntil,
  endOfLocalDay,
  formatInstant,
  formatLocalDate,
  isBusinessDay,
  isLocalDate,
  localDate,
  localDaysBetween,
  startOfLocalDay,
} from '../../src/domain/business-days.js';
import type { Calendar } from '../../src/domain/business-days.js';

const at = (iso: string) => new Date(iso);
const cal = (timeZone: string, holidays: readonly string[] = []): Calendar => ({
  timeZone,
  holidays,
});
const YEAR_END = [
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-12-25',
  '2026-12-26',
  '2027-01-01',
];

describe('localDate', () => {
  it.each([
    ['2026-11-20T23:30:00Z', 'UTC', '2026-11-20'],
    ['2026-11-20T23:30:00Z', 'Europe/Berlin', '2026-11-21'],
    ['2026-11-20T23:30:00Z', 'America/New_York', '2026-11-20'],
    ['2026-11-20T10:59:59Z', 'Pacific/Auckland', '2026-11-20'],
    ['2026-11-20T11:00:00Z', 'Pacific/Auckland', '2026-11-21'],
    ['2026-11-20T18:29:59Z', 'Asia/Kolkata', '2026-11-20'],
    ['2026-11-20T18:30:00Z', 'Asia/Kolkata', '2026-11-21'],
    ['2026-11-20T10:00:00Z', 'Pacific/Kiritimati', '2026-11-21'],
    ['2026-11-21T09:00:00Z', 'Pacific/Honolulu', '2026-11-20'],
    ['2028-02-29T12:00:00Z', 'UTC', '2028-02-29'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDate(at(instant), zone)).toBe(expected);
  });

  it('refuses an invalid instant and an unknown zone (programming errors)', () => {
    expect(() => localDate(new Date(NaN), 'UTC')).toThrow(RangeError);
    expect(() => localDate(at('2026-11-20T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(
      '"Mars/Olympus_Mons" is not an IANA time zone',
    );
  });
});

describe('local date helpers', () => {
  it.each([
    ['2026-11-24', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-11-00', false],
    ['2026-1-05', false],
    ['26-11-24', false],
    ['2026-11-24T00:00', false],
    ['', false],
  ])('isLocalDate(%j) is %s', (text, expected) => {
    expect(isLocalDate(text)).toBe(expected);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-11-24', 3650, '2036-11-21'],
  ])('addLocalDays(%s, %i) is %s', (from, n, expected) => {
    expect(addLocalDays(from, n)).toBe(expected);
    expect(localDaysBetween(from, expected)).toBe(n);
  });

  it('refuses malformed local dates and fractional day counts', () => {
    expect(() => addLocalDays('2026-02-30', 1)).toThrow(
      '"2026-02-30" is not a YYYY-MM-DD calendar date',
    );
    expect(() => addLocalDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => localDaysBetween('2026-02-01', 'soon')).toThrow(RangeError);
  });
});

describe('startOfLocalDay / endOfLocalDay', () => {
  it.each([
    ['2026-11-24', 'Europe/Berlin', '2026-11-23T23:00:00.000Z', '2026-11-24T22:59:59.999Z'],
    // Spring forward: a 23-hour day.
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.999Z'],
    // Fall back: a 25-hour day.
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.999Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z'],
    // Cairo skips midnight: the day starts at 01:00 EEST.
    ['2025-04-25', 'Africa/Cairo', '2025-04-24T22:00:00.000Z', '2025-04-25T20:59:59.999Z'],
    ['2025-04-24', 'Africa/Cairo', '2025-04-23T22:00:00.000Z', '2025-04-24T21:59:59.999Z'],
    ['2026-11-24', 'Pacific/Auckland', '2026-11-23T11:00:00.000Z', '2026-11-24T10:59:59.999Z'],
    ['2026-11-24', 'Asia/Kolkata', '2026-11-23T18:30:00.000Z', '2026-11-24T18:29:59.999Z'],
    ['2028-02-29', 'UTC', '2028-02-29T00:00:00.000Z', '2028-02-29T23:59:59.999Z'],
  ])('%s in %s runs from %s to %s', (date, zone, start, end) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(start);
    expect(endOfLocalDay(date, zone).toISOString()).toBe(end);
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => startOfLocalDay('2026-02-29', 'UTC')).toThrow(RangeError);
    expect(() => endOfLocalDay('tomorrow', 'UTC')).toThrow(RangeError);
  });
});

describe('addCalendarDays', () => {
  it.each([
    // Same wall-clock time across spring forward: 23 real hours.
    ['2026-03-28T11:00:00Z', 1, 'Europe/Berlin', '2026-03-29T10:00:00.000Z'],
    // 02:30 does not exist on 2026-03-29 in Berlin: the next valid instant is 03:00 CEST.
    ['2026-03-28T01:30:00Z', 1, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    // 02:30 happens twice on 2026-10-25 in Berlin: the first occurrence (CEST).
    ['2026-10-24T00:30:00Z', 1, 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    // Embargo = report + 60 days across New York's spring forward keeps 10:00.
    ['2026-01-15T15:00:00Z', 60, 'America/New_York', '2026-03-16T14:00:00.000Z'],
    ['2026-10-31T14:00:00Z', 7, 'America/New_York', '2026-11-07T15:00:00.000Z'],
    ['2026-11-24T14:00:00Z', -1, 'Europe/Berlin', '2026-11-23T14:00:00.000Z'],
    ['2028-02-28T09:00:00Z', 1, 'UTC', '2028-02-29T09:00:00.000Z'],
    ['2027-02-28T09:00:00Z', 1, 'UTC', '2027-03-01T09:00:00.000Z'],
    ['2026-12-31T22:00:00Z', 1, 'Pacific/Auckland', '2027-01-01T22:00:00.000Z'],
  ])('%s + %i days in %s is %s', (from, n, zone, expected) => {
    expect(addCalendarDays(at(from), n, zone).toISOString()).toBe(expected);
  });

  it('returns the same instant for 0, even in a repeated hour', () => {
    // 02:30 CET, the second 02:30 of Berlin's fall-back night.
    const second = at('2026-10-25T01:30:00Z');
    expect(addCalendarDays(second, 0, 'Europe/Berlin').toISOString()).toBe(second.toISOString());
  });

  it('refuses a fractional day count', () => {
    expect(() => addCalendarDays(at('2026-11-24T00:00:00Z'), 0.5, 'UTC')).toThrow(RangeError);
  });
});

describe('addHours', () => {
  it('counts real hours, ignoring the wall clock across DST', () => {
    expect(addHours(at('2026-03-28T23:00:00Z'), 72).toISOString()).toBe('2026-03-31T23:00:00.000Z');
    expect(addHours(at('2026-03-28T23:00:00Z'), -1.5).toISOString()).toBe(
      '2026-03-28T21:30:00.000Z',
    );
    expect(() => addHours(at('2026-03-28T23:00:00Z'), Infinity)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  const berlin = cal('Europe/Berlin', ['2026-05-01']);
  it.each([
    ['2026-11-23', true],
    ['2026-11-20', true],
    ['2026-11-21', false],
    ['2026-11-22', false],
    ['2026-05-01', false],
    ['2026-05-04', true],
  ])('%s is a business day: %s', (date, expected) => {
    expect(isBusinessDay(date, berlin)).toBe(expected);
  });

  it('judges an instant by its local date', () => {
    const fridayUtcSaturdayBerlin = at('2026-11-20T23:30:00Z');
    expect(isBusinessDay(fridayUtcSaturdayBerlin, cal('UTC'))).toBe(true);
    expect(isBusinessDay(fridayUtcSaturdayBerlin, berlin)).toBe(false);
    const sundayUtcMondayAuckland = at('2026-11-22T20:00:00Z');
    expect(isBusinessDay(sundayUtcMondayAuckland, cal('UTC'))).toBe(false);
    expect(isBusinessDay(sundayUtcMondayAuckland, cal('Pacific/Auckland'))).toBe(true);
  });

  it('refuses a malformed holiday or date', () => {
    expect(() => isBusinessDay('2026-11-23', cal('UTC', ['2026-02-30']))).toThrow(RangeError);
    expect(() => isBusinessDay('23.11.2026', cal('UTC'))).toThrow(RangeError);
  });
});

describe('addBusinessDays', () => {
  it.each([
    // [case, from, n, zone, holidays, expected]
    [
      'Friday 15:00 + 3 = Wednesday 15:00',
      '2026-11-20T14:00:00Z',
      3,
      'Europe/Berlin',
      [],
      '2026-11-25T14:00:00.000Z',
    ],
    [
      'Saturday 10:00 + 3 = Thursday 00:00',
      '2026-11-21T09:00:00Z',
      3,
      'Europe/Berlin',
      [],
      '2026-11-25T23:00:00.000Z',
    ],
    [
      'Sunday 23:59 + 1 = Tuesday 00:00',
      '2026-11-22T22:59:00Z',
      1,
      'Europe/Berlin',
      [],
      '2026-11-23T23:00:00.000Z',
    ],
    [
      'Monday 00:00 + 1 = Tuesday 00:00',
      '2026-11-22T23:00:00Z',
      1,
      'Europe/Berlin',
      [],
      '2026-11-23T23:00:00.000Z',
    ],
    [
      'holiday start (Fri 1 May) + 3 = Thursday 00:00',
      '2026-05-01T09:00:00Z',
      3,
      'Europe/Berlin',
      ['2026-05-01'],
      '2026-05-06T22:00:00.000Z',
    ],
    [
      'holidays in the middle (Ascension + bridge day)',
      '2026-05-13T08:00:00Z',
      2,
      'Europe/Berlin',
      ['2026-05-14', '2026-05-15'],
      '2026-05-19T08:00:00.000Z',
    ],
    [
      'holiday on a weekend changes nothing',
      '2026-11-20T14:00:00Z',
      1,
      'Europe/Berlin',
      ['2026-11-21'],
      '2026-11-23T14:00:00.000Z',
    ],
    [
      'Berlin spring forward: Fri 15:00 CET + 1 = Mon 15:00 CEST',
      '2026-03-27T14:00:00Z',
      1,
      'Europe/Berlin',
      [],
      '2026-03-30T13:00:00.000Z',
    ],
    [
      'Berlin fall back: Fri 15:00 CEST + 1 = Mon 15:00 CET',
      '2026-10-23T13:00:00Z',
      1,
      'Europe/Berlin',
      [],
      '2026-10-26T14:00:00.000Z',
    ],
    [
      'Berlin DST week: Thu 09:00 CET + 5 = Thu 09:00 CEST',
      '2026-03-26T08:00:00Z',
      5,
      'Europe/Berlin',
      [],
      '2026-04-02T07:00:00.000Z',
    ],
    [
      'New York spring forward: Fri 09:30 EST + 2 = Tue 09:30 EDT',
      '2026-03-06T14:30:00Z',
      2,
      'America/New_York',
      [],
      '2026-03-10T13:30:00.000Z',
    ],
    [
      'New York fall back: Thu 17:00 EDT + 2 = Mon 17:00 EST',
      '2026-10-29T21:00:00Z',
      2,
      'America/New_York',
      [],
      '2026-11-02T22:00:00.000Z',
    ],
    [
      'New York weekend start in the DST weekend',
      '2026-03-07T15:00:00Z',
      1,
      'America/New_York',
      [],
      '2026-03-10T04:00:00.000Z',
    ],
    [
      'year end: Wed Dec 31 + 1 = Fri Jan 2',
      '2025-12-31T10:00:00Z',
      1,
      'UTC',
      YEAR_END,
      '2026-01-02T10:00:00.000Z',
    ],
    [
      'year end: Thu Dec 24 + 1 = Mon Dec 28',
      '2026-12-24T10:00:00Z',
      1,
      'UTC',
      YEAR_END,
      '2026-12-28T10:00:00.000Z',
    ],
    [
      'year end: Thu Dec 31 + 1 = Mon Jan 4',
      '2026-12-31T10:00:00Z',
      1,
      'UTC',
      YEAR_END,
      '2027-01-04T10:00:00.000Z',
    ],
    [
      'year end: Wed Dec 23 + 3 = Tue Dec 29',
      '2026-12-23T16:00:00Z',
      3,
      'Europe/Berlin',
      YEAR_END,
      '2026-12-29T16:00:00.000Z',
    ],
    [
      'year end: Christmas start + 1 = Tue Dec 29 00:00',
      '2026-12-25T09:00:00Z',
      1,
      'UTC',
      YEAR_END,
      '2026-12-29T00:00:00.000Z',
    ],
    [
      'leap day: Mon Feb 28 + 1 = Tue Feb 29',
      '2028-02-28T10:00:00Z',
      1,
      'UTC',
      [],
      '2028-02-29T10:00:00.000Z',
    ],
    [
      'leap day: Thu Feb 29 + 1 = Fri Mar 1',
      '2024-02-29T10:00:00Z',
      1,
      'UTC',
      [],
      '2024-03-01T10:00:00.000Z',
    ],
    [
      'leap day as a holiday',
      '2028-02-28T10:00:00Z',
      1,
      'UTC',
      ['2028-02-29'],
      '2028-03-01T10:00:00.000Z',
    ],
    [
      'Auckland: Friday in UTC is Saturday 09:00 local, so the clock starts Monday',
      '2026-11-20T20:00:00Z',
      1,
      'Pacific/Auckland',
      [],
      '2026-11-23T11:00:00.000Z',
    ],
    [
      'Auckland: Sunday in UTC is Monday 09:00 local',
      '2026-11-22T20:00:00Z',
      1,
      'Pacific/Auckland',
      [],
      '2026-11-23T20:00:00.000Z',
    ],
    [
      'Kolkata: Sunday 19:00 UTC is Monday 00:30 IST',
      '2026-11-22T19:00:00Z',
      1,
      'Asia/Kolkata',
      [],
      '2026-11-23T19:00:00.000Z',
    ],
    [
      'Kolkata: Friday 19:00 UTC is Saturday 00:30 IST',
      '2026-11-20T19:00:00Z',
      1,
      'Asia/Kolkata',
      [],
      '2026-11-23T18:30:00.000Z',
    ],
    [
      'Cairo: Friday 00:30 is skipped, next valid instant 01:00 EEST',
      '2025-04-23T22:30:00Z',
      1,
      'Africa/Cairo',
      [],
      '2025-04-24T22:00:00.000Z',
    ],
    [
      'Cairo: holiday start, next business day begins at 01:00 EEST',
      '2025-04-24T08:00:00Z',
      0,
      'Africa/Cairo',
      ['2025-04-24'],
      '2025-04-24T22:00:00.000Z',
    ],
    [
      'Cairo: repeated 23:30 resolves to its first occurrence',
      '2025-10-29T20:30:00Z',
      1,
      'Africa/Cairo',
      [],
      '2025-10-30T20:30:00.000Z',
    ],
    [
      'Cairo: from the second 23:30, + 1 keeps 23:30',
      '2025-10-30T21:30:00Z',
      1,
      'Africa/Cairo',
      [],
      '2025-10-31T21:30:00.000Z',
    ],
    [
      'zero on a business day is the same instant',
      '2026-11-20T14:00:00.123Z',
      0,
      'Europe/Berlin',
      [],
      '2026-11-20T14:00:00.123Z',
    ],
    [
      'zero on a weekend is the start of Monday',
      '2026-11-21T09:00:00Z',
      0,
      'Europe/Berlin',
      [],
      '2026-11-22T23:00:00.000Z',
    ],
    [
      'seconds and milliseconds survive',
      '2026-11-20T14:00:59.999Z',
      1,
      'Europe/Berlin',
      [],
      '2026-11-23T14:00:59.999Z',
    ],
  ] as const)('%s', (_case, from, n, zone, holidays, expected) => {
    expect(addBusinessDays(at(from), n, cal(zone, holidays)).toISOString()).toBe(expected);
  });

  it.each([-1, 1.5, NaN, Infinity, 100_001])(
    'throws a RangeError for n = %s (a programming error)',
    (n) => {
      expect(() => addBusinessDays(at('2026-11-20T14:00:00Z'), n, cal('UTC'))).toThrow(RangeError);
    },
  );

  it('throws a RangeError for an invalid instant', () => {
    expect(() => addBusinessDays(new Date('nope'), 1, cal('UTC'))).toThrow(RangeError);
  });
});

describe('businessDaysUntil', () => {
  const monday = '2026-11-23T10:00:00Z';
  const saturday = '2026-11-21T10:00:00Z';
  it.each([
    // [case, now, deadline, zone, holidays, expected]
    ['deadline later today', monday, '2026-11-23T23:59:00Z', 'UTC', [], 0],
    ['deadline earlier today (same local date)', monday, '2026-11-23T09:00:00Z', 'UTC', [], 0],
    ['next business day', monday, '2026-11-24T09:00:00Z', 'UTC', [], 1],
    ['Friday of the same week', monday, '2026-11-27T09:00:00Z', 'UTC', [], 4],
    ['Saturday counts as the Friday before it', monday, '2026-11-28T09:00:00Z', 'UTC', [], 4],
    ['next Monday', monday, '2026-11-30T09:00:00Z', 'UTC', [], 5],
    ['last Friday: overdue by one', monday, '2026-11-20T09:00:00Z', 'UTC', [], -1],
    ['last Saturday: overdue by one', monday, '2026-11-21T09:00:00Z', 'UTC', [], -1],
    ['last Thursday: overdue by two', monday, '2026-11-19T09:00:00Z', 'UTC', [], -2],
    [
      'on Saturday, a Friday deadline: no business day has passed',
      saturday,
      '2026-11-20T09:00:00Z',
      'UTC',
      [],
      0,
    ],
    ['on Saturday, a Monday deadline', saturday, '2026-11-23T09:00:00Z', 'UTC', [], 1],
    ['on Saturday, a Sunday deadline', saturday, '2026-11-22T09:00:00Z', 'UTC', [], 0],
    ['a holiday in between is skipped', monday, '2026-11-25T09:00:00Z', 'UTC', ['2026-11-24'], 1],
    [
      'a holiday in between when overdue',
      '2026-11-25T10:00:00Z',
      '2026-11-23T09:00:00Z',
      'UTC',
      ['2026-11-24'],
      -1,
    ],
    ['year end across Jan 1', '2025-12-31T10:00:00Z', '2026-01-02T10:00:00Z', 'UTC', YEAR_END, 1],
    [
      'year end across Christmas',
      '2026-12-23T10:00:00Z',
      '2026-12-29T10:00:00Z',
      'UTC',
      YEAR_END,
      3,
    ],
    [
      'UTC says today, Berlin says tomorrow',
      monday,
      '2026-11-23T23:30:00Z',
      'Europe/Berlin',
      [],
      1,
    ],
    [
      'UTC says today, Berlin says tomorrow (UTC zone)',
      monday,
      '2026-11-23T23:30:00Z',
      'UTC',
      [],
      0,
    ],
    [
      'Auckland: both local dates are a day ahead of UTC',
      monday,
      '2026-11-23T23:30:00Z',
      'Pacific/Auckland',
      [],
      1,
    ],
    [
      'Kolkata: 18:29 UTC is still today, 18:30 is tomorrow',
      monday,
      '2026-11-23T18:30:00Z',
      'Asia/Kolkata',
      [],
      1,
    ],
    ['Kolkata: 18:29 UTC', monday, '2026-11-23T18:29:00Z', 'Asia/Kolkata', [], 0],
    ['a year ahead', monday, '2027-11-23T10:00:00Z', 'UTC', [], 261],
  ] as const)('%s', (_case, now, deadline, zone, holidays, expected) => {
    expect(businessDaysUntil(at(now), at(deadline), cal(zone, holidays))).toBe(expected);
  });
});

describe('formatInstant / formatLocalDate', () => {
  it.each([
    ['2026-11-24T14:00:00Z', 'Europe/Berlin', '2026-11-24 15:00 CET'],
    ['2026-07-01T13:00:00Z', 'Europe/Berlin', '2026-07-01 15:00 CEST'],
    ['2026-11-24T14:00:00Z', 'UTC', '2026-11-24 14:00 UTC'],
    ['2026-11-24T14:00:00Z', 'America/New_York', '2026-11-24 09:00 EST'],
    ['2026-07-01T13:00:00Z', 'America/New_York', '2026-07-01 09:00 EDT'],
    ['2026-07-01T13:00:00Z', 'Europe/London', '2026-07-01 14:00 BST'],
    ['2026-11-24T14:00:00Z', 'Asia/Kolkata', '2026-11-24 19:30 IST'],
    ['2026-11-24T14:00:00Z', 'Pacific/Auckland', '2026-11-25 03:00 NZDT'],
    ['2026-11-24T14:00:00Z', 'Asia/Kathmandu', '2026-11-24 19:45 UTC+05:45'],
    ['2026-11-24T14:00:00Z', 'Etc/GMT+5', '2026-11-24 09:00 UTC-05:00'],
    ['2026-03-29T00:59:00Z', 'Europe/Berlin', '2026-03-29 01:59 CET'],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', '2026-03-29 03:00 CEST'],
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25 02:30 CEST'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25 02:30 CET'],
    ['2026-11-24T14:00:59.999Z', 'Europe/Berlin', '2026-11-24 15:00 CET'],
  ])('%s in %s reads %s', (instant, zone, expected) => {
    expect(formatInstant(at(instant), zone)).toBe(expected);
  });

  it.each([
    ['2026-11-24', 'Tue 2026-11-24'],
    ['2026-11-22', 'Sun 2026-11-22'],
    ['2028-02-29', 'Tue 2028-02-29'],
    ['2027-01-01', 'Fri 2027-01-01'],
  ])('formatLocalDate(%s) is %s', (date, expected) => {
    expect(formatLocalDate(date)).toBe(expected);
  });
});

// Zones with DST on a weekday (Cairo), at midnight (Santiago, Sao Paulo until 2019), by 30 minutes
// (Lord Howe), and ahead of/behind UTC.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Africa/Cairo',
  'America/Santiago',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
] as const;
/** Zones whose clocks change only on Sundays, when no business day is affected. */
const SUNDAY_DST_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'] as const;

const instantArb = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});
/** A calendar with holidays near `from`, so they actually get in the way. */
const calendarNear = (zones: readonly string[]) =>
  fc.record({
    from: instantArb,
    zone: fc.constantFrom(...zones),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 45 }), { maxLength: 12 }),
  });
const calendarOf = (from: Date, zone: string, offsets: readonly number[]): Calendar => {
  const base = localDate(from, zone);
  return cal(
    zone,
    offsets.map((offset) => addLocalDays(base, offset)),
  );
};
const timeOfDay = (instant: Date, zone: string) =>
  `${formatInstant(instant, zone).slice(11, 16)}:${instant.getUTCSeconds()}.${instant.getUTCMilliseconds()}`;

describe('properties', () => {
  it('addBusinessDays lands on a business day when n > 0', () => {
    fc.assert(
      fc.property(
        calendarNear(ZONES),
        fc.integer({ min: 1, max: 40 }),
        ({ from, zone, holidayOffsets }, n) => {
          const calendar = calendarOf(from, zone, holidayOffsets);
          expect(isBusinessDay(addBusinessDays(from, n, calendar), calendar)).toBe(true);
        },
      ),
    );
  });

  it('addBusinessDays is strictly increasing in n and never before from', () => {
    fc.assert(
      fc.property(
        calendarNear(ZONES),
        fc.integer({ min: 0, max: 30 }),
        ({ from, zone, holidayOffsets }, n) => {
          const calendar = calendarOf(from, zone, holidayOffsets);
          const here = addBusinessDays(from, n, calendar).getTime();
          expect(addBusinessDays(from, n + 1, calendar).getTime()).toBeGreaterThan(here);
          expect(here).toBeGreaterThanOrEqual(from.getTime());
        },
      ),
    );
  });

  it('businessDaysUntil(from, addBusinessDays(from, n)) === n from a business day', () => {
    fc.assert(
      fc.property(
        calendarNear(ZONES),
        fc.integer({ min: 0, max: 60 }),
        ({ from, zone, holidayOffsets }, n) => {
          const calendar = calendarOf(from, zone, holidayOffsets);
          fc.pre(isBusinessDay(from, calendar));
          expect(businessDaysUntil(from, addBusinessDays(from, n, calendar), calendar)).toBe(n);
        },
      ),
    );
  });

  it('from a weekend or holiday, the countdown counts the first business day as 1', () => {
    fc.assert(
      fc.property(
        calendarNear(ZONES),
        fc.integer({ min: 0, max: 60 }),
        ({ from, zone, holidayOffsets }, n) => {
          const calendar = calendarOf(from, zone, holidayOffsets);
          fc.pre(!isBusinessDay(from, calendar));
          expect(businessDaysUntil(from, addBusinessDays(from, n, calendar), calendar)).toBe(n + 1);
        },
      ),
    );
  });

  it('the wall-clock time survives (00:00 when starting off a business day) where DST falls on Sundays', () => {
    fc.assert(
      fc.property(
        calendarNear(SUNDAY_DST_ZONES),
        fc.integer({ min: 1, max: 40 }),
        ({ from, zone, holidayOffsets }, n) => {
          const calendar = calendarOf(from, zone, holidayOffsets);
          const deadline = addBusinessDays(from, n, calendar);
          const expected = isBusinessDay(from, calendar) ? timeOfDay(from, zone) : '00:00:0.0';
          expect(timeOfDay(deadline, zone)).toBe(expected);
        },
      ),
    );
  });

  it('businessDaysUntil is antisymmetric', () => {
    fc.assert(
      fc.property(calendarNear(ZONES), instantArb, ({ from, zone, holidayOffsets }, other) => {
        const calendar = calendarOf(from, zone, holidayOffsets);
        const forward = businessDaysUntil(from, other, calendar);
        const backward = businessDaysUntil(other, from, calendar);
        expect(forward + backward).toBe(0);
      }),
    );
  });

  it('addCalendarDays moves the local date by exactly n', () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: -400, max: 400 }),
        (from, zone, n) => {
          expect(localDate(addCalendarDays(from, n, zone), zone)).toBe(
            addLocalDays(localDate(from, zone), n),
          );
        },
      ),
    );
  });

  it('startOfLocalDay and endOfLocalDay bound exactly that local date', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (instant, zone) => {
        const date = localDate(instant, zone);
        const start = startOfLocalDay(date, zone);
        const end = endOfLocalDay(date, zone);
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(end, zone)).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone)).toBe(addLocalDays(date, -1));
        expect(localDate(new Date(end.getTime() + 1), zone)).toBe(addLocalDays(date, 1));
        expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(end.getTime()).toBeGreaterThanOrEqual(instant.getTime());
      }),
    );
  });
});
