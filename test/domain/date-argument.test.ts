import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLocalDate, localDate } from '../../src/domain/business-days.js';
import type { Calendar } from '../../src/domain/business-days.js';
import { parseDateArgument } from '../../src/domain/date-argument.js';

const BERLIN: Calendar = { timeZone: 'Europe/Berlin', holidays: ['2026-12-25', '2026-12-26'] };
/** Tuesday 2026-11-24 15:00 CET. */
const TUESDAY = new Date('2026-11-24T14:00:00Z');
/** Saturday 2026-11-21 10:00 CET. */
const SATURDAY = new Date('2026-11-21T09:00:00Z');
const FORMS = 'use YYYY-MM-DD, +5bd, +3d, +2w or +72h';

describe('parseDateArgument: accepted forms', () => {
  it.each([
    // [text, expected instant, expected local date]
    ['2026-12-01', '2026-11-30T23:00:00.000Z', '2026-12-01'],
    ['  2026-12-01\t', '2026-11-30T23:00:00.000Z', '2026-12-01'],
    ['2026-11-24', '2026-11-23T23:00:00.000Z', '2026-11-24'],
    ['2027-06-01', '2027-05-31T22:00:00.000Z', '2027-06-01'],
    ['2028-02-29', '2028-02-28T23:00:00.000Z', '2028-02-29'],
    ['+5bd', '2026-12-01T14:00:00.000Z', '2026-12-01'],
    ['+5BD', '2026-12-01T14:00:00.000Z', '2026-12-01'],
    ['+23bd', '2026-12-28T14:00:00.000Z', '2026-12-28'],
    ['+3d', '2026-11-27T14:00:00.000Z', '2026-11-27'],
    ['+2w', '2026-12-08T14:00:00.000Z', '2026-12-08'],
    ['+72h', '2026-11-27T14:00:00.000Z', '2026-11-27'],
    ['+10h', '2026-11-25T00:00:00.000Z', '2026-11-25'],
    ['+007d', '2026-12-01T14:00:00.000Z', '2026-12-01'],
    ['+3650d', '2036-11-21T14:00:00.000Z', '2036-11-21'],
    ['+521w', '2036-11-18T14:00:00.000Z', '2036-11-18'],
    ['+87600h', '2036-11-21T14:00:00.000Z', '2036-11-21'],
    ['2036-11-21', '2036-11-20T23:00:00.000Z', '2036-11-21'],
  ])('%j on Tuesday 2026-11-24 15:00 CET', (text, instant, date) => {
    expect(parseDateArgument(text, TUESDAY, BERLIN)).toEqual({
      ok: true,
      date: new Date(instant),
      localDate: date,
    });
  });

  it('counts business days from a weekend by the SLA rule (clock starts Monday 00:00)', () => {
    expect(parseDateArgument('+1bd', SATURDAY, BERLIN)).toEqual({
      ok: true,
      date: new Date('2026-11-23T23:00:00.000Z'),
      localDate: '2026-11-24',
    });
  });

  it('keeps the wall-clock time for +Nd across a DST change, but not for +Nh', () => {
    const beforeSpringForward = new Date('2026-03-27T14:00:00Z'); // Friday 15:00 CET
    expect(parseDateArgument('+3d', beforeSpringForward, BERLIN)).toMatchObject({
      date: new Date('2026-03-30T13:00:00Z'),
    });
    expect(parseDateArgument('+72h', beforeSpringForward, BERLIN)).toMatchObject({
      date: new Date('2026-03-30T14:00:00Z'),
    });
  });

  it.each([
    ['Asia/Kolkata', '2026-11-30T18:30:00.000Z'],
    ['Pacific/Auckland', '2026-11-30T11:00:00.000Z'],
    ['America/New_York', '2026-12-01T05:00:00.000Z'],
    ['UTC', '2026-12-01T00:00:00.000Z'],
  ])('a date means the start of that day in %s', (timeZone, instant) => {
    expect(parseDateArgument('2026-12-01', TUESDAY, { timeZone, holidays: [] })).toEqual({
      ok: true,
      date: new Date(instant),
      localDate: '2026-12-01',
    });
  });
});

describe('parseDateArgument: refusals', () => {
  it.each([
    ['', `No date given; ${FORMS}`],
    ['   ', `No date given; ${FORMS}`],
    ['2026-02-30', `"2026-02-30" is not a calendar date; ${FORMS}`],
    ['2027-02-29', `"2027-02-29" is not a calendar date; ${FORMS}`],
    ['2026-13-01', `"2026-13-01" is not a calendar date; ${FORMS}`],
    ['2026-2-30', `"2026-2-30" is not a calendar date; ${FORMS}`],
    ['2026-12-1', '"2026-12-1" is not in YYYY-MM-DD form; type 2026-12-01'],
    ['2026-1-5', '"2026-1-5" is not in YYYY-MM-DD form; type 2026-01-05'],
    ['01.12.2026', `"01.12.2026" is not a date; ${FORMS}`],
    ['12/01/2026', `"12/01/2026" is not a date; ${FORMS}`],
    ['tomorrow', `"tomorrow" is not a date; ${FORMS}`],
    ['2026', `"2026" is not a date; ${FORMS}`],
    ['+5 bd', `"+5 bd" is not a date; ${FORMS}`],
    ['+1.5d', `"+1.5d" is not a date; ${FORMS}`],
    ['2026-12-01T10:00', `"2026-12-01T10:00" is not a date; ${FORMS}`],
    ['+0d', '"+0d" is zero; an offset must be at least +1d'],
    ['+0bd', '"+0bd" is zero; an offset must be at least +1bd'],
    ['-3d', '"-3d" points into the past; offsets count forward from now, e.g. +3d'],
    ['-0h', '"-0h" is zero; an offset must be at least +1h'],
    ['3d', '"3d" needs a leading "+"; type +3d'],
    ['5BD', '"5BD" needs a leading "+"; type +5bd'],
    ['+5', '"+5" has no unit; type +5bd (business days), +5d (days), +5w (weeks) or +5h (hours)'],
    [
      '+2m',
      '"+2m" has an unknown unit "m"; type +2bd (business days), +2d (days), +2w (weeks) or +2h (hours)',
    ],
  ])('%j', (text, error) => {
    expect(parseDateArgument(text, TUESDAY, BERLIN)).toEqual({ ok: false, error });
  });

  const tooFar =
    'is more than 3650 days (10 years) ahead; use a date within 10 years (at most +3650d)';
  it.each([
    ['+3651d', `"+3651d" ${tooFar}`],
    ['+522w', `"+522w" ${tooFar}`],
    ['+87625h', `"+87625h" ${tooFar}`],
    ['+3651bd', `"+3651bd" ${tooFar}`],
    // 2700 business days is fewer than 3650 days as a number, but lands about 3780 days ahead.
    ['+2700bd', `"+2700bd" ${tooFar}`],
    ['+99999999999999999999d', `"+99999999999999999999d" ${tooFar}`],
    ['2036-11-22', '"2036-11-22" is more than 3650 days (10 years) ahead; check the year'],
    ['9999-12-31', '"9999-12-31" is more than 3650 days (10 years) ahead; check the year'],
  ])('refuses %j as too far ahead', (text, error) => {
    expect(parseDateArgument(text, TUESDAY, BERLIN)).toEqual({ ok: false, error });
  });

  it('cuts a long echo short', () => {
    const result = parseDateArgument('x'.repeat(500), TUESDAY, BERLIN);
    expect(result).toEqual({ ok: false, error: `"${'x'.repeat(39)}…" is not a date; ${FORMS}` });
  });
});

describe('parseDateArgument: past dates', () => {
  it('rejects a date before today with the local today and zone', () => {
    expect(parseDateArgument('2026-01-01', SATURDAY, BERLIN, { past: 'reject' })).toEqual({
      ok: false,
      error:
        '"2026-01-01" is in the past (today is 2026-11-21 in Europe/Berlin); give 2026-11-21 or a later date, or an offset such as +5bd',
    });
  });

  it('rejects past dates by default', () => {
    expect(parseDateArgument('2026-11-20', SATURDAY, BERLIN)).toMatchObject({ ok: false });
  });

  it('accepts today when past dates are rejected', () => {
    expect(parseDateArgument('2026-11-21', SATURDAY, BERLIN)).toMatchObject({
      ok: true,
      localDate: '2026-11-21',
    });
  });

  it('allows a past date when asked to', () => {
    expect(parseDateArgument('2026-01-01', SATURDAY, BERLIN, { past: 'allow' })).toEqual({
      ok: true,
      date: new Date('2025-12-31T23:00:00Z'),
      localDate: '2026-01-01',
    });
  });

  it('still refuses an absurdly old date when past dates are allowed', () => {
    expect(parseDateArgument('2016-11-20', SATURDAY, BERLIN, { past: 'allow' })).toEqual({
      ok: false,
      error: '"2016-11-20" is more than 3650 days (10 years) ago; check the year',
    });
  });

  it.each([
    // Friday 2026-11-20 20:00 UTC is already Saturday 09:00 in Auckland.
    ['Pacific/Auckland', '2026-11-20', false],
    ['UTC', '2026-11-20', true],
    // Saturday 2026-11-21 03:00 UTC is still Friday 22:00 in New York.
    ['America/New_York', '2026-11-20', true],
  ])('"today" is the local date in %s (%s accepted: %s)', (timeZone, text, accepted) => {
    const now =
      timeZone === 'America/New_York'
        ? new Date('2026-11-21T03:00:00Z')
        : new Date('2026-11-20T20:00:00Z');
    const result = parseDateArgument(text, now, { timeZone, holidays: [] }, { past: 'reject' });
    expect(result.ok).toBe(accepted);
  });
});

describe('parseDateArgument: properties', () => {
  const nowArb = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2090-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const textArb = fc.oneof(
    fc.string(),
    fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.nat({ max: 100_000 }),
        fc.constantFrom('', 'bd', 'd', 'w', 'h', 'BD', 'x'),
      )
      .map(([sign, n, unit]) => `${sign}${n}${unit}`),
    fc
      .tuple(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  );

  it('never throws; an accepted date is a real local date, not in the past, and within 10 years', () => {
    fc.assert(
      fc.property(
        textArb,
        nowArb,
        fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Auckland', 'America/New_York'),
        (text, now, timeZone) => {
          const calendar = { timeZone, holidays: [] };
          const result = parseDateArgument(text, now, calendar, { past: 'reject' });
          if (!result.ok) {
            expect(result.error.length).toBeGreaterThan(0);
            return;
          }
          const today = localDate(now, timeZone);
          expect(isLocalDate(result.localDate)).toBe(true);
          expect(localDate(result.date, timeZone)).toBe(result.localDate);
          expect(result.localDate >= today).toBe(true);
        },
      ),
    );
  });
});
