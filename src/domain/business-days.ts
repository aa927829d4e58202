import { tzOffset } from '@date-fns/tz';

/**
 * Local dates and business days in one IANA time zone.
 *
 * Every function takes its instants as arguments, so a deadline is a pure function of the report
 * timestamp and the configuration. Local dates are `YYYY-MM-DD` strings; internally they are
 * counted as whole days since 1970-01-01 ("epoch days"), which keeps the arithmetic independent of
 * the process's own time zone. Offsets come from `tzOffset` (@date-fns/tz, backed by the runtime's
 * tz database). date-fns's own helpers are not used on purpose: on a plain `Date` they compute in
 * the process's zone, and `TZDate` resolves a DST gap by shifting forward by the gap's length and
 * an ambiguous time to its later occurrence, which is not the rule the SLA documents.
 */

/** A working calendar: where "today" is and which weekdays nobody works. */
export interface Calendar {
  /** IANA zone name whose wall clock defines local dates and times. */
  timeZone: string;
  /** Local dates (`YYYY-MM-DD`) that are not business days even when they fall Monday–Friday. */
  holidays: readonly string[];
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Epoch day 4 (1970-01-05) is a Monday; weekday arithmetic is anchored there. */
const FIRST_MONDAY = 4;
/** A guard against a runaway loop, far beyond any deadline (about 380 years of business days). */
const MAX_BUSINESS_DAYS = 100_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The epoch day of a `YYYY-MM-DD` text, or undefined when it is not a real calendar date. */
function parseEpochDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Local dates reach this module from code, not users: a malformed one is a programming error. */
function toEpochDay(localDate: string): number {
  const day = parseEpochDay(localDate);
  if (day === undefined) throw new RangeError(`"${localDate}" is not a YYYY-MM-DD calendar date`);
  return day;
}

function formatEpochDay(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** 0 = Monday … 6 = Sunday. */
function weekdayIndex(day: number): number {
  return (((day - FIRST_MONDAY) % 7) + 7) % 7;
}

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date passed to the clock');
  return ms;
}

function offsetMs(timeZone: string, ms: number): number {
  const minutes = tzOffset(timeZone, new Date(ms));
  if (!Number.isFinite(minutes)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  return Math.round(minutes * MS_PER_MINUTE);
}

/** The local wall-clock reading of an instant, as milliseconds since 1970-01-01 00:00 local. */
function wallClockMs(ms: number, timeZone: string): number {
  return ms + offsetMs(timeZone, ms);
}

/**
 * The earliest instant whose local wall-clock reading is at or after `msOfDay` on `day`.
 * An ambiguous time (the repeated hour when clocks fall back) is its first occurrence; a time that
 * does not exist (the hour skipped when clocks spring forward) becomes the moment the clocks jump,
 * e.g. 02:30 on Berlin's spring-forward day is 03:00 CEST. A deadline never moves later than the
 * wall clock it promises.
 */
function instantAt(day: number, msOfDay: number, timeZone: string): number {
  const wall = day * MS_PER_DAY + msOfDay;
  const before = offsetMs(timeZone, wall - MS_PER_DAY);
  const after = offsetMs(timeZone, wall + MS_PER_DAY);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (wallClockMs(candidate, timeZone) === wall) return candidate;
  }
  // In a gap: the offset is `before` at `wall - after` and `after` at `wall - before`.
  let low = wall - after;
  let high = wall - before;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetMs(timeZone, middle) === after) high = middle;
    else low = middle;
  }
  return high;
}

/** Whether the text is a `YYYY-MM-DD` date that exists (2026-02-30 does not). */
export function isLocalDate(text: string): boolean {
  return parseEpochDay(text) !== undefined;
}

/** "Today" for a case is the date on the team's wall calendar, not the UTC date. */
export function localDate(instant: Date, timeZone: string): string {
  return formatEpochDay(Math.floor(wallClockMs(instantMs(instant), timeZone) / MS_PER_DAY));
}

/** Date-keyed reminder ids and date windows step through local dates without touching instants. */
export function addLocalDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addLocalDays needs a whole number, got ${n}`);
  return formatEpochDay(toEpochDay(date) + n);
}

/** Calendar days from one local date to another (negative when `to` is earlier). */
export function localDaysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** A date argument means "that local day", so it starts at local midnight (or 01:00 where midnight was skipped). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(instantAt(toEpochDay(date), 0, timeZone));
}

/** A wall-clock time typed without an offset (`2026-11-20 14:05`) means that time in the team's zone. */
export function localDateTime(date: string, hour: number, minute: number, timeZone: string): Date {
  return new Date(instantAt(toEpochDay(date), (hour * 60 + minute) * MS_PER_MINUTE, timeZone));
}

/** An embargo "until 2026-12-01" holds for the whole of that day: this is its last millisecond. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(instantAt(toEpochDay(date) + 1, 0, timeZone) - 1);
}

/**
 * "Embargo = report + 60 days" means the same wall-clock time 60 local days later, not 60 × 24 h,
 * so a DST change in between does not shift it by an hour. `n = 0` returns `from` unchanged; a
 * wall-clock time that is ambiguous or skipped on the target day is resolved like
 * {@link addBusinessDays} does. Negative `n` counts backwards.
 */
export function addCalendarDays(from: Date, n: number, timeZone: string): Date {
  const ms = instantMs(from);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`addCalendarDays needs a whole number, got ${n}`);
  if (n === 0) return new Date(ms);
  const wall = wallClockMs(ms, timeZone);
  const day = Math.floor(wall / MS_PER_DAY);
  return new Date(instantAt(day + n, wall - day * MS_PER_DAY, timeZone));
}

/** Elapsed-time windows (the 72 h CVE follow-up) ignore the wall clock: 72 h is 72 real hours. */
export function addHours(from: Date, n: number): Date {
  if (!Number.isFinite(n)) throw new RangeError(`addHours needs a finite number, got ${n}`);
  return new Date(instantMs(from) + n * MS_PER_HOUR);
}

/** The holiday list, parsed once per call: the set for lookups, sorted weekdays for counting. */
interface Holidays {
  all: ReadonlySet<number>;
  weekdays: readonly number[];
}

function holidaysOf(calendar: Calendar): Holidays {
  const all = new Set(calendar.holidays.map(toEpochDay));
  const weekdays = [...all].filter((day) => weekdayIndex(day) < 5).sort((a, b) => a - b);
  return { all, weekdays };
}

function isBusinessEpochDay(day: number, holidays: Holidays): boolean {
  return weekdayIndex(day) < 5 && !holidays.all.has(day);
}

/**
 * The business day's ordinal: business days from the 1970-01-05 anchor up to and including `day`.
 * A weekend or holiday shares the ordinal of the business day before it.
 */
function businessOrdinal(day: number, holidays: Holidays): number {
  const sinceAnchor = day - FIRST_MONDAY;
  const weeks = Math.floor(sinceAnchor / 7);
  const weekdaysUpTo = 5 * weeks + Math.min(sinceAnchor - 7 * weeks + 1, 5);
  let low = 0;
  let high = holidays.weekdays.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((holidays.weekdays[middle] ?? Infinity) <= day) low = middle + 1;
    else high = middle;
  }
  return weekdaysUpTo - low;
}

/** Monday–Friday in the calendar's zone and not a holiday; an instant is judged by its local date. */
export function isBusinessDay(day: Date | string, calendar: Calendar): boolean {
  const epochDay =
    typeof day === 'string'
      ? toEpochDay(day)
      : Math.floor(wallClockMs(instantMs(day), calendar.timeZone) / MS_PER_DAY);
  return isBusinessEpochDay(epochDay, holidaysOf(calendar));
}

/**
 * The SLA rule "N business days from the report timestamp".
 *
 * - `from` on a business day: the same local wall-clock time N business days later
 *   (Friday 15:00 + 3 = Wednesday 15:00; holidays are skipped like weekends).
 * - `from` on a weekend or holiday: the clock starts at 00:00 local on the next business day
 *   (Saturday 10:00 + 3 = Thursday 00:00), because nobody was at work to see the report.
 * - `n = 0`: `from` itself on a business day, else the start of the next business day.
 * - The wall-clock time survives DST. If it is ambiguous on the target day (clocks fall back),
 *   the first occurrence is used; if it does not exist (clocks spring forward), the deadline is the
 *   next valid instant, the moment the clocks jump (02:30 → 03:00), so it is never later than promised.
 *
 * Negative, fractional or huge `n` throws a RangeError: the day counts come from validated config,
 * so such a value is a programming error, not user input.
 */
export function addBusinessDays(from: Date, n: number, calendar: Calendar): Date {
  const ms = instantMs(from);
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_BUSINESS_DAYS) {
    throw new RangeError(
      `addBusinessDays needs a whole number from 0 to ${MAX_BUSINESS_DAYS}, got ${n}`,
    );
  }
  const holidays = holidaysOf(calendar);
  const wall = wallClockMs(ms, calendar.timeZone);
  let day = Math.floor(wall / MS_PER_DAY);
  let msOfDay = wall - day * MS_PER_DAY;
  if (isBusinessEpochDay(day, holidays)) {
    if (n === 0) return new Date(ms);
  } else {
    do day += 1;
    while (!isBusinessEpochDay(day, holidays));
    msOfDay = 0;
  }
  for (let left = n; left > 0;) {
    day += 1;
    if (isBusinessEpochDay(day, holidays)) left -= 1;
  }
  return new Date(instantAt(day, msOfDay, calendar.timeZone));
}

/**
 * A signed whole-number countdown for status displays, counted between LOCAL DATES (the time of
 * day is ignored). For today's local date `t` and the deadline's local date `d`:
 *
 * - `d >= t`: the number of business days `x` with `t < x <= d`. 0 means due today (or, when today
 *   is a weekend/holiday, due before the next business day); 1 means due on the next business day.
 * - `d < t`: minus the number of business days `x` with `d < x <= t`, i.e. overdue by that many
 *   business days. A Friday deadline reads -1 on Monday and still 0 on the Saturday in between.
 *
 * Equivalently, the difference of business-day ordinals where a weekend or holiday shares the
 * ordinal of the business day before it. It says nothing about the hour: a deadline at 09:00 today
 * reads 0 at 17:00, so "overdue" for alerting means comparing instants, not this number.
 * For a business-day `now`, `businessDaysUntil(now, addBusinessDays(now, n)) === n`.
 */
export function businessDaysUntil(now: Date, deadline: Date, calendar: Calendar): number {
  const holidays = holidaysOf(calendar);
  const today = Math.floor(wallClockMs(instantMs(now), calendar.timeZone) / MS_PER_DAY);
  const due = Math.floor(wallClockMs(instantMs(deadline), calendar.timeZone) / MS_PER_DAY);
  return businessOrdinal(due, holidays) - businessOrdinal(today, holidays);
}

const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'] as const;
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * ICU only knows an abbreviation in locales where it is common (CET in en-GB, EST in en-US, IST in
 * en-IN, NZDT in en-AU), so a few English locales are tried in turn; a zone without a familiar
 * abbreviation is shown as its offset, e.g. `UTC+05:45`.
 */
function shortZoneName(ms: number, timeZone: string): string {
  for (const locale of ZONE_NAME_LOCALES) {
    const key = `${locale}|${timeZone}`;
    let format = zoneNameFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      zoneNameFormats.set(key, format);
    }
    const name = format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+\-\u2212]/.test(name)) return name;
  }
  const offsetMinutes = Math.round(offsetMs(timeZone, ms) / MS_PER_MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** Deadlines are shown in the team's zone with its name, so nobody converts from UTC in their head. */
export function formatInstant(instant: Date, timeZone: string): string {
  const ms = instantMs(instant);
  const wall = wallClockMs(ms, timeZone);
  const day = Math.floor(wall / MS_PER_DAY);
  const minutes = Math.floor((wall - day * MS_PER_DAY) / MS_PER_MINUTE);
  const time = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  return `${formatEpochDay(day)} ${time} ${shortZoneName(ms, timeZone)}`;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The weekday beside a date (`Tue 2026-11-24`) lets a reader see at once whether a weekend is involved. */
export function formatLocalDate(date: string): string {
  const day = toEpochDay(date);
  return `${WEEKDAY_NAMES[weekdayIndex(day)] ?? ''} ${date}`;
}
