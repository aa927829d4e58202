import {
  addBusinessDays,
  addCalendarDays,
  addHours,
  isLocalDate,
  localDate,
  localDaysBetween,
  startOfLocalDay,
} from './business-days.js';
import type { Calendar } from './business-days.js';
import { neutralize } from './neutralize.js';

/** The outcome of reading a date a maintainer typed: a value or a reply-ready error. */
export type DateArgument =
  { ok: true; date: Date; localDate: string } | { ok: false; error: string };

export interface DateArgumentOptions {
  /** Whether a `YYYY-MM-DD` before today's local date is refused. Default `'reject'`. */
  past?: 'allow' | 'reject';
}

/** How far a date may lie from today before it is taken for a typo (10 years). */
export const MAX_DATE_DISTANCE_DAYS = 3650;

const FORMS = 'use YYYY-MM-DD, +5bd, +3d, +2w or +72h';
const UNITS = { bd: 'business days', d: 'days', w: 'weeks', h: 'hours' } as const;
type Unit = keyof typeof UNITS;

function isUnit(text: string): text is Unit {
  return Object.hasOwn(UNITS, text);
}

/**
 * The typed text echoed back in quotes, cut short so a pasted paragraph does not flood the reply,
 * and neutralised: the error ends up in a comment, where `@someone` would ping.
 */
function quoted(text: string): string {
  return `"${neutralize(text.length > 40 ? `${text.slice(0, 39)}…` : text)}"`;
}

function fail(error: string): DateArgument {
  return { ok: false, error };
}

function unitChoices(count: string): string {
  const choices = (Object.keys(UNITS) as Unit[]).map((unit) => `+${count}${unit} (${UNITS[unit]})`);
  return `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}`;
}

function readAbsolute(
  text: string,
  now: Date,
  calendar: Calendar,
  past: 'allow' | 'reject',
): DateArgument {
  const shown = quoted(text);
  const parts = text.split('-');
  const canonical = `${parts[0] ?? ''}-${(parts[1] ?? '').padStart(2, '0')}-${(parts[2] ?? '').padStart(2, '0')}`;
  if (!isLocalDate(canonical)) return fail(`${shown} is not a calendar date; ${FORMS}`);
  if (canonical !== text) return fail(`${shown} is not in YYYY-MM-DD form; type ${canonical}`);
  const today = localDate(now, calendar.timeZone);
  const distance = localDaysBetween(today, canonical);
  if (distance > MAX_DATE_DISTANCE_DAYS) {
    return fail(
      `${shown} is more than ${MAX_DATE_DISTANCE_DAYS} days (10 years) ahead; check the year`,
    );
  }
  if (distance < 0 && past === 'reject') {
    return fail(
      `${shown} is in the past (today is ${today} in ${calendar.timeZone}); give ${today} or a later date, or an offset such as +5bd`,
    );
  }
  if (distance < -MAX_DATE_DISTANCE_DAYS) {
    return fail(
      `${shown} is more than ${MAX_DATE_DISTANCE_DAYS} days (10 years) ago; check the year`,
    );
  }
  return { ok: true, date: startOfLocalDay(canonical, calendar.timeZone), localDate: canonical };
}

function readRelative(
  text: string,
  sign: string,
  digits: string,
  unitText: string,
  now: Date,
  calendar: Calendar,
): DateArgument {
  const shown = quoted(text);
  const unit = unitText.toLowerCase();
  if (unit === '' && sign === '') return fail(`${shown} is not a date; ${FORMS}`);
  if (unit === '') return fail(`${shown} has no unit; type ${unitChoices(digits)}`);
  if (!isUnit(unit)) {
    return fail(`${shown} has an unknown unit ${quoted(unitText)}; type ${unitChoices(digits)}`);
  }
  const n = Number(digits);
  if (n === 0) return fail(`${shown} is zero; an offset must be at least +1${unit}`);
  if (sign === '-') {
    return fail(
      `${shown} points into the past; offsets count forward from now, e.g. +${digits}${unit}`,
    );
  }
  if (sign === '') return fail(`${shown} needs a leading "+"; type +${digits}${unit}`);
  const tooFar = `${shown} is more than ${MAX_DATE_DISTANCE_DAYS} days (10 years) ahead; use a date within 10 years (at most +${MAX_DATE_DISTANCE_DAYS}d)`;
  // A cheap bound first, so a 20-digit number is never stepped through day by day.
  const days = unit === 'h' ? n / 24 : unit === 'w' ? n * 7 : n;
  if (days > MAX_DATE_DISTANCE_DAYS) return fail(tooFar);
  const { timeZone } = calendar;
  const date =
    unit === 'bd'
      ? addBusinessDays(now, n, calendar)
      : unit === 'h'
        ? addHours(now, n)
        : addCalendarDays(now, unit === 'w' ? n * 7 : n, timeZone);
  const landed = localDate(date, timeZone);
  // Business days (weekends, holidays) can land further out than their count suggests.
  if (localDaysBetween(localDate(now, timeZone), landed) > MAX_DATE_DISTANCE_DAYS)
    return fail(tooFar);
  return { ok: true, date, localDate: landed };
}

/**
 * Reads a date a maintainer typed in a command (`/embargo 2026-12-01`, `/remind +2bd …`).
 *
 * - `YYYY-MM-DD` means that local day in the calendar's zone; `date` is its start (local midnight).
 *   With `past: 'reject'` (the default, since most dates are deadlines) a day before today's local
 *   date is refused; today itself is accepted.
 * - `+Nbd`, `+Nd`, `+Nw`, `+Nh` count forward from `now`: business days by the SLA rule of
 *   {@link addBusinessDays}, calendar days and weeks at the same wall-clock time, hours as elapsed
 *   time. `date` is the resulting instant; units are case-insensitive.
 * - Zero, negative, and anything landing more than 3650 local days from today is refused as a typo.
 *
 * User input never throws: every refusal is an error string saying what was wrong and what to type.
 */
export function parseDateArgument(
  text: string,
  now: Date,
  calendar: Calendar,
  options: DateArgumentOptions = {},
): DateArgument {
  const input = text.trim();
  if (input === '') return fail(`No date given; ${FORMS}`);
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(input))
    return readAbsolute(input, now, calendar, options.past ?? 'reject');
  const relative = /^([+-]?)(\d+)([a-z]*)$/i.exec(input);
  if (relative) {
    const [, sign = '', digits = '', unit = ''] = relative;
    return readRelative(input, sign, digits, unit, now, calendar);
  }
  return fail(`${quoted(input)} is not a date; ${FORMS}`);
}
