import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from './case.js';
import type { CaseSummary } from './case-summary.js';
import {
  addBusinessDays,
  addCalendarDays,
  localDate,
  localDaysBetween,
  startOfLocalDay,
} from './clock.js';
import { embargoOf } from './embargo.js';

/** The kinds of reminder the App sends. */
export type ReminderKind =
  | 'ack-due-soon'
  | 'ack-overdue'
  | 'cve-pending'
  | 'cve-request'
  | 'phase-stalled'
  | 'embargo-ending'
  | 'embargo-overrun'
  | 'disclosure-reached'
  | 'reach-check'
  | 'database-missing'
  | 'custom';

/**
 * A reminder's key: its kind, then what makes it unique (a date, a phase and a date, the
 * command that planned it). `embargo-ending` carries its days left in the kind part
 * (`embargo-ending-7:2027-01-19`).
 */
export type ReminderKey =
  `${Exclude<ReminderKind, 'embargo-ending'>}:${string}` | `embargo-ending-${number}:${string}`;

/** A reminder that is due now and has not been sent. */
export interface DueReminder {
  /** Date-keyed, so the same reminder fires once per window whatever the tick rate. */
  key: ReminderKey;
  kind: ReminderKind;
  /** The deadline or moment the reminder is about (ISO). */
  dueAt: string;
  /** Overdue reminders mention the security team as well as the assignee. */
  escalation: boolean;
  /** For `custom` (text of /remind), `embargo-ending` (days left), `embargo-overrun` (days late). */
  detail?: string;
}

/** The acknowledgement deadline: N business days from the report timestamp. */
export function ackDeadline(state: Pick<Case, 'reportedAt'>, config: AdvisoryPilotConfig): Date {
  return addBusinessDays(
    new Date(state.reportedAt),
    config.sla.ackBusinessDays,
    calendarOf(config),
  );
}

/** The business-day calendar of a configuration. */
export function calendarOf(config: AdvisoryPilotConfig): {
  timeZone: string;
  holidays: readonly string[];
} {
  return { timeZone: config.timeZone, holidays: config.holidays };
}

function stalledReminder(
  state: CaseSummary,
  now: Date,
  config: AdvisoryPilotConfig,
): DueReminder | undefined {
  const cadence = config.sla.stalledBusinessDays[state.severity ?? 'medium'];
  const calendar = calendarOf(config);
  const since = new Date(
    Math.max(new Date(state.lastActivityAt).getTime(), new Date(state.phaseEnteredAt).getTime()),
  );
  let window: Date | undefined;
  // The latest window start at or before now: since + k × cadence business days (k ≥ 1).
  for (let k = 1; k <= 250; k++) {
    const start = addBusinessDays(since, cadence * k, calendar);
    if (start.getTime() > now.getTime()) break;
    window = start;
  }
  if (!window) return undefined;
  return {
    key: `phase-stalled:${state.phase}:${localDate(window, config.timeZone)}`,
    kind: 'phase-stalled',
    dueAt: window.toISOString(),
    escalation: false,
  };
}

/**
 * Once the embargo end has passed unpublished, one reminder a day: the first to the assignee,
 * every later one escalated to the security team as well. An exploited case is not held by the
 * embargo, so it has no overrun.
 */
function overrunReminder(
  state: CaseSummary,
  now: Date,
  config: AdvisoryPilotConfig,
): DueReminder | undefined {
  const tz = config.timeZone;
  const end = embargoOf(state, config).end;
  if (!end || state.exploited || state.items.published) return undefined;
  const today = localDate(now, tz);
  if (today <= end) return undefined;
  const late = localDaysBetween(end, today);
  return {
    key: `embargo-overrun:${today}`,
    kind: 'embargo-overrun',
    dueAt: startOfLocalDay(today, tz).toISOString(),
    escalation: late > 1,
    detail: String(late),
  };
}

/**
 * Every reminder due for the case at `now` that has not been sent yet. A pure function of
 * (case, now, config): the same inputs always give the same keys, so a repeated tick, a clock
 * jump or a restart neither repeats nor skips a reminder.
 */
export function dueReminders(
  state: CaseSummary,
  now: Date,
  config: AdvisoryPilotConfig,
): DueReminder[] {
  if (state.phase === 'closed' || state.phase === 'rejected') return [];
  const tz = config.timeZone;
  const calendar = calendarOf(config);
  const due: DueReminder[] = [];
  const at = now.getTime();

  if (!state.items.acknowledged) {
    const deadline = ackDeadline(state, config);
    const day = localDate(deadline, tz);
    const warnFrom =
      config.sla.warnBusinessDays > 0
        ? addBusinessDays(
            new Date(state.reportedAt),
            config.sla.ackBusinessDays - config.sla.warnBusinessDays,
            calendar,
          )
        : deadline;
    if (at >= deadline.getTime()) {
      due.push({
        key: `ack-overdue:${day}`,
        kind: 'ack-overdue',
        dueAt: deadline.toISOString(),
        escalation: true,
      });
    } else if (at >= warnFrom.getTime()) {
      due.push({
        key: `ack-due-soon:${day}`,
        kind: 'ack-due-soon',
        dueAt: deadline.toISOString(),
        escalation: false,
      });
    }
  }

  if (state.cve.requestedAt && !state.cve.id && !state.cve.waived) {
    const followUp = new Date(
      new Date(state.cve.requestedAt).getTime() + config.sla.cveFollowUpHours * 3_600_000,
    );
    if (at >= followUp.getTime()) {
      due.push({
        key: `cve-pending:${localDate(followUp, tz)}`,
        kind: 'cve-pending',
        dueAt: followUp.toISOString(),
        escalation: false,
      });
    }
  }

  const draftAt = state.items['draft-advisory']?.at;
  if (
    config.cve.requestEarly &&
    draftAt &&
    !state.cve.requestedAt &&
    !state.cve.id &&
    !state.cve.waived
  ) {
    due.push({
      key: `cve-request:${localDate(new Date(draftAt), tz)}`,
      kind: 'cve-request',
      dueAt: draftAt,
      escalation: false,
    });
  }

  const published = Boolean(state.items.published);
  const embargoEnd = embargoOf(state, config).end;
  if (embargoEnd && !published && !state.exploited) {
    const end = startOfLocalDay(embargoEnd, tz);
    for (const days of [7, 1]) {
      const from = addCalendarDays(end, -days, tz);
      if (at >= from.getTime() && at < end.getTime()) {
        due.push({
          key: `embargo-ending-${days}:${embargoEnd}`,
          kind: 'embargo-ending',
          dueAt: end.toISOString(),
          escalation: false,
          detail: String(days),
        });
      }
    }
  }
  const overrun = overrunReminder(state, now, config);
  if (overrun) due.push(overrun);

  if (state.disclosureDate && !published && state.items['notice-sent']) {
    const day = startOfLocalDay(state.disclosureDate, tz);
    if (at >= day.getTime()) {
      due.push({
        key: `disclosure-reached:${state.disclosureDate}`,
        kind: 'disclosure-reached',
        dueAt: day.toISOString(),
        escalation: false,
      });
    }
  }

  // The App checks the page and the database itself; a person is asked only when that has not
  // shown the advisory after a while (the page: `publish.reachReminderHours`; the database,
  // which GitHub fills within 72 hours: `publish.databaseReminderDays`).
  const publishedAt = state.milestones.published;
  if (published && publishedAt) {
    const from = new Date(publishedAt).getTime();
    const page = from + config.publish.reachReminderHours * 3_600_000;
    if (config.publish.reachCheckUrl && !state.items.reached && at >= page) {
      due.push({
        key: `reach-check:${localDate(new Date(publishedAt), tz)}`,
        kind: 'reach-check',
        dueAt: new Date(page).toISOString(),
        escalation: false,
      });
    }
    const database = from + config.publish.databaseReminderDays * 86_400_000;
    if (!state.milestones.database && at >= database) {
      due.push({
        key: `database-missing:${localDate(new Date(publishedAt), tz)}`,
        kind: 'database-missing',
        dueAt: new Date(database).toISOString(),
        escalation: false,
      });
    }
  }

  for (const planned of state.planned) {
    if (at >= new Date(planned.dueAt).getTime()) {
      due.push({
        key: planned.key,
        kind: 'custom',
        dueAt: planned.dueAt,
        escalation: false,
        detail: planned.text,
      });
    }
  }

  const stalled = stalledReminder(state, now, config);
  if (stalled && !due.some((d) => d.escalation)) due.push(stalled);

  return due.filter((d) => !state.reminders[d.key]);
}
