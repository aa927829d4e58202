/**
 * The business-day clock: everything the domain knows about time, in one import.
 *
 * Pure by construction: no function reads the system clock or the process's time zone; every
 * instant (`now`, the report timestamp) and every calendar (zone, holidays) is an argument, so a
 * deadline computed in a test is the deadline computed in production.
 *
 * - `business-days.ts`: local dates, wall-clock arithmetic across DST, business days, formatting.
 * - `date-argument.ts`: reading a date a maintainer typed (`2026-12-01`, `+5bd`, `+3d`, `+2w`, `+72h`).
 */
export type { Calendar } from './business-days.js';
export {
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
  localDateTime,
  localDaysBetween,
  startOfLocalDay,
} from './business-days.js';
export type { DateArgument, DateArgumentOptions } from './date-argument.js';
export { MAX_DATE_DISTANCE_DAYS, parseDateArgument } from './date-argument.js';
