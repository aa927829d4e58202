import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from './case.js';
import { addCalendarDays, addLocalDays, localDate, localDaysBetween } from './clock.js';

/**
 * The embargo model, the one every gate, reply, reminder and the status section read. The
 * embargo end is the planned publication date: the date set with `/embargo`, else the report +
 * `sla.embargoDays` (none when that is 0, the runbook's way: publish once released). Publication
 * goes sooner only for a stated reason: the case is exploited, or the reporter asked for an
 * earlier date. After the end it still waits for the patch on production and for the customer
 * lead time, counted from the day the notice was sent.
 */
export interface EmbargoView {
  /** The embargo end (local date), set or default; undefined when the profile has none. */
  end: string | undefined;
  /** Whether `end` was set with `/embargo` (else it is the default). */
  set: boolean;
  /** The date publication may go because of the embargo, or why it need not wait. */
  holdUntil: string | undefined;
  /** Why publication may go before the end (exploited, the reporter's date), when it may. */
  sooner: string | undefined;
}

/** The default embargo end of a case: report + `sla.embargoDays`, none when that is 0. */
export function defaultEmbargoEnd(
  state: Pick<Case, 'reportedAt'>,
  config: AdvisoryPilotConfig,
): string | undefined {
  const days = config.sla.embargoDays;
  if (days === 0) return undefined;
  return localDate(
    addCalendarDays(new Date(state.reportedAt), days, config.timeZone),
    config.timeZone,
  );
}

/** The case's embargo as the gates read it. */
export function embargoOf(
  state: Pick<Case, 'reportedAt' | 'exploited' | 'reporterDate'> & {
    embargo?: { date: string } | undefined;
  },
  config: AdvisoryPilotConfig,
): EmbargoView {
  const end = state.embargo?.date ?? defaultEmbargoEnd(state, config);
  const set = state.embargo !== undefined;
  if (state.exploited) return { end, set, holdUntil: undefined, sooner: 'actively exploited' };
  if (state.reporterDate && (!end || state.reporterDate < end))
    return {
      end,
      set,
      holdUntil: state.reporterDate,
      sooner: `the reporter's date ${state.reporterDate}`,
    };
  return { end, set, holdUntil: end, sooner: undefined };
}

/** The day the notice was sent (local date), from the confirmed `/notify sent`. */
export function noticeSentOn(
  state: Pick<Case, 'items' | 'milestones'>,
  config: AdvisoryPilotConfig,
): string | undefined {
  const at = state.milestones.notified ?? state.items['notice-sent']?.at;
  return at ? localDate(new Date(at), config.timeZone) : undefined;
}

/**
 * The first day customers' lead time allows publication: `disclosureLeadDays` after the notice
 * was sent, or after `sendOn` for a notice not sent yet (a draft plans with the day it is drafted).
 */
export function leadTimeEnds(
  state: Pick<Case, 'items' | 'milestones'>,
  config: AdvisoryPilotConfig,
  sendOn: string,
): string {
  return addLocalDays(noticeSentOn(state, config) ?? sendOn, config.sla.disclosureLeadDays);
}

/**
 * The public disclosure date a notice promises: the later of what the embargo holds publication
 * to and the end of the lead time (an exploited case waits for neither). `overrun` is how many
 * days that date falls after the embargo end, when it does.
 */
export function plannedDisclosure(
  state: Pick<
    Case,
    'reportedAt' | 'embargo' | 'exploited' | 'reporterDate' | 'items' | 'milestones'
  >,
  config: AdvisoryPilotConfig,
  today: string,
): { date: string; overrun: number; embargo: EmbargoView } {
  const embargo = embargoOf(state, config);
  if (state.exploited) return { date: today, overrun: 0, embargo };
  const lead = leadTimeEnds(state, config, today);
  const hold = embargo.holdUntil;
  const date = hold && hold > lead ? hold : lead;
  const overrun = embargo.end && date > embargo.end ? localDaysBetween(embargo.end, date) : 0;
  return { date, overrun, embargo };
}

/** A date as "in N days" / "today" / "N days ago", for replies. */
export function daysFrom(today: string, date: string): string {
  const n = localDaysBetween(today, date);
  if (n === 0) return 'today';
  const word = Math.abs(n) === 1 ? 'day' : 'days';
  return n > 0 ? `in ${String(n)} ${word}` : `${String(-n)} ${word} ago`;
}
