import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as clock from '../../src/domain/clock.js';

const SOURCES = ['clock.ts', 'business-days.ts', 'date-argument.ts'].map((name) => ({
  name,
  text: readFileSync(new URL(`../../src/domain/${name}`, import.meta.url), 'utf8'),
}));

describe('clock module', () => {
  it.each([
    'addBusinessDays',
    'addCalendarDays',
    'addHours',
    'addLocalDays',
    'businessDaysUntil',
    'endOfLocalDay',
    'formatInstant',
    'formatLocalDate',
    'isBusinessDay',
    'isLocalDate',
    'localDate',
    'localDaysBetween',
    'parseDateArgument',
    'startOfLocalDay',
  ])('exports %s', (name) => {
    expect(typeof (clock as Record<string, unknown>)[name]).toBe('function');
  });

  // neutralize.js is allowed: a date error echoes the typed text into a comment.
  it.each(SOURCES)('$name imports only @date-fns/tz, its siblings and neutralize', ({ text }) => {
    const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);
    for (const source of imports) {
      expect([
        '@date-fns/tz',
        './business-days.js',
        './date-argument.js',
        './neutralize.js',
      ]).toContain(source);
    }
  });

  it.each(SOURCES)('$name never reads the system clock or the process', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new Date\(\s*\)/);
    expect(text).not.toMatch(/\bprocess\./);
    // Local-time getters would make results depend on the server's zone.
    expect(text).not.toMatch(/\.get(FullYear|Month|Date|Day|Hours|Minutes|TimezoneOffset)\(/);
  });
});

describe('independence from the process time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  function sample(): unknown[] {
    const calendar = { timeZone: 'Europe/Berlin', holidays: ['2026-12-25'] };
    const from = new Date('2026-12-23T16:00:00Z');
    return [
      clock.localDate(from, 'Pacific/Auckland'),
      clock.addBusinessDays(from, 3, calendar).toISOString(),
      clock.addCalendarDays(from, 60, 'America/New_York').toISOString(),
      clock.startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString(),
      clock.businessDaysUntil(from, new Date('2027-01-05T10:00:00Z'), calendar),
      clock.formatInstant(from, 'Europe/Berlin'),
      clock.parseDateArgument('+5bd', from, calendar),
    ];
  }

  it('gives the same answers whatever TZ the server runs in', () => {
    process.env.TZ = 'UTC';
    const reference = sample();
    for (const zone of ['Pacific/Kiritimati', 'America/Adak', 'Asia/Kathmandu']) {
      process.env.TZ = zone;
      expect(sample()).toEqual(reference);
    }
  });
});
