import type { AdvisoryPilotConfig } from '../../config/schema.js';
import { embargoOf } from '../embargo.js';
import type { Case } from '../case.js';
import { isBefore } from '../phases.js';
import {
  addHours,
  businessDaysUntil,
  formatInstant,
  formatLocalDate,
  localDate,
  localDaysBetween,
} from '../clock.js';
import { ackDeadline, calendarOf } from '../reminders.js';
import { cell, cveOf, plural, type RenderContext } from './context.js';

/** "due in 2 business days" / "due today" / "overdue by 1 business day", from local dates. */
function countdown(now: Date, due: Date, ctx: RenderContext): string {
  const n = businessDaysUntil(now, due, calendarOf(ctx.config));
  if (now.getTime() > due.getTime()) {
    return n < 0 ? `🔴 overdue by ${plural(-n, 'business day')}` : '🔴 overdue (was due today)';
  }
  if (n === 0) return '🟠 due today';
  if (n === 1) return '🟠 due in 1 business day';
  return `⏳ due in ${plural(n, 'business day')}`;
}

function dayCountdown(today: string, date: string): string {
  const n = localDaysBetween(today, date);
  if (n > 0) return `in ${plural(n, 'day')}`;
  if (n === 0) return 'today';
  return `${plural(-n, 'day')} ago`;
}

/** The deadlines table: SLA and embargo dates with their countdowns. */
export function deadlineLines(state: Case, ctx: RenderContext): string[] {
  const { config, now } = ctx;
  const tz = config.timeZone;
  const today = localDate(now, tz);
  const rows: [string, string, string][] = [];
  const published = state.milestones.published;

  const due = ackDeadline(state, config);
  const acknowledged = state.milestones.acknowledged ?? state.items.acknowledged?.at;
  let ackStatus: string;
  if (acknowledged) {
    const late = new Date(acknowledged).getTime() > due.getTime();
    ackStatus = `${late ? '⚠️ met late' : '✅ met'} — acknowledged ${formatLocalDate(localDate(new Date(acknowledged), tz))}`;
  } else if (state.phase === 'rejected' || state.phase === 'closed') {
    ackStatus = '— not acknowledged';
  } else {
    ackStatus = `${countdown(now, due, ctx)} — \`/ack\``;
  }
  rows.push([
    `Acknowledge the reporter (${plural(config.sla.ackBusinessDays, 'business day')})`,
    formatInstant(due, tz),
    ackStatus,
  ]);

  const cve = cveOf(state);
  if (cve) {
    const at = state.milestones['cve-assigned'];
    rows.push([
      'CVE',
      at ? formatLocalDate(localDate(new Date(at), tz)) : '',
      `✅ ${cve} assigned`,
    ]);
  } else if (state.cve.waived) {
    rows.push(['CVE', '', `➖ waived: ${cell(state.cve.waived, 200)}`]);
  } else if (state.cve.requestedAt) {
    const requested = new Date(state.cve.requestedAt);
    const followUp = addHours(requested, config.sla.cveFollowUpHours);
    const pending = localDaysBetween(localDate(requested, tz), today);
    const status =
      now.getTime() >= followUp.getTime()
        ? `🔔 pending since ${formatLocalDate(localDate(requested, tz))} (${plural(pending, 'day')}) — follow up on the advisory`
        : `⏳ pending since ${formatLocalDate(localDate(requested, tz))}; follow up after ${formatInstant(followUp, tz)}`;
    const required = config.cve.policy === 'required' ? ' · required before publication' : '';
    rows.push(['CVE', formatInstant(requested, tz), `${status}${required}`]);
  } else if (config.cve.requestEarly || !isBefore(state.phase, 'draft')) {
    const required = config.cve.policy === 'required' ? ' (required before publication)' : '';
    rows.push(['CVE', '', `not requested — \`/cve\`${required}`]);
  }

  const embargo = embargoOf(state, config);
  if (embargo.end) {
    const end = embargo.end;
    const changes =
      state.embargo && state.embargo.history.length > 1
        ? ` · changed ${plural(state.embargo.history.length - 1, 'time')}`
        : '';
    const publishedOn = published ? localDate(new Date(published), tz) : undefined;
    const late = publishedOn ? localDaysBetween(end, publishedOn) : 0;
    const status = publishedOn
      ? late > 0
        ? `published ${plural(late, 'day')} after it ended`
        : `✅ published ${late === 0 ? 'on the day it ended' : `${plural(-late, 'day')} before it ended`}${embargo.sooner ? ` (${embargo.sooner})` : ''}`
      : embargo.sooner
        ? `${dayCountdown(today, end)} · not holding publication: ${embargo.sooner}`
        : today > end
          ? `🚨 overrun by ${plural(localDaysBetween(end, today), 'day')}: publish, or \`/embargo DATE <reason>\``
          : dayCountdown(today, end);
    const where = state.embargo
      ? `${formatLocalDate(end)} (${state.embargo.timeZone})`
      : `${formatLocalDate(end)} (${tz}, default)`;
    const unset =
      !state.embargo && !published
        ? `not set yet (report + ${plural(config.sla.embargoDays, 'day')}) — \`/embargo [DATE]\` in the draft phase`
        : '';
    // An unset default embargo counts no days down: the row (and the issue body) changes only
    // when something happens, not every midnight.
    const shown =
      unset && !embargo.sooner && today <= end
        ? unset
        : [status, unset].filter(Boolean).join(' · ');
    if (state.phase !== 'rejected' || state.embargo)
      rows.push(['Embargo ends', where, `${shown}${changes}`]);
  }
  const fixPublic = state.milestones['fix-public'];
  if (fixPublic) {
    // The patch gap: the fix can be read on the public default branch, the advisory cannot.
    const since = localDate(new Date(fixPublic), tz);
    const until = published ? localDate(new Date(published), tz) : today;
    const gap = Math.max(0, localDaysBetween(since, until));
    rows.push([
      'Fix public on the default branch',
      formatLocalDate(since),
      published
        ? `✅ patch gap closed by publication after ${plural(gap, 'day')}`
        : `⚠️ patch gap: ${plural(gap, 'day')} so far (the fix is readable, the advisory is not)`,
    ]);
  }
  if (state.reporterDate) {
    const asked = state.reporterDate;
    const publishedOn = published ? localDate(new Date(published), tz) : undefined;
    const after = publishedOn ? localDaysBetween(asked, publishedOn) : 0;
    rows.push([
      'Reporter’s date',
      formatLocalDate(asked),
      publishedOn
        ? after > 0
          ? `published ${plural(after, 'day')} after it`
          : `✅ kept — published ${formatLocalDate(publishedOn)}`
        : `${dayCountdown(today, asked)} · publication may go on it`,
    ]);
  }
  if (state.resolveBy && state.resolveBy !== state.embargo?.date) {
    const promised = state.resolveBy;
    rows.push([
      'Resolution promised to the reporter',
      formatLocalDate(promised),
      published ? '✅ published' : dayCountdown(today, promised),
    ]);
  }
  if (state.disclosureDate) {
    const status = published
      ? `✅ published ${formatLocalDate(localDate(new Date(published), tz))}`
      : dayCountdown(today, state.disclosureDate);
    rows.push(['Public disclosure', `${formatLocalDate(state.disclosureDate)} (${tz})`, status]);
  } else if (published) {
    rows.push(['Published', formatInstant(new Date(published), tz), '✅']);
  }
  if (published) rows.push(...reachRows(state, config, tz));
  return [
    '#### Deadlines',
    '',
    '| | Date | Status |',
    '| --- | --- | --- |',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    '',
  ];
}

/** After publication: what the App's checks found (the reach-check page, the database). */
function reachRows(
  state: Case,
  config: AdvisoryPilotConfig,
  tz: string,
): [string, string, string][] {
  const reach = state.reach ?? {};
  const rows: [string, string, string][] = [];
  const url = config.publish.reachCheckUrl;
  const reached = state.items.reached;
  if (url) {
    const checks = plural(reach.urlChecks ?? 0, 'check');
    rows.push([
      'Reach-check page',
      cell(url, 120),
      reached
        ? `✅ ${reached.evidence?.startsWith('confirmed by hand') ? 'confirmed by hand' : 'shows the advisory'} (${formatInstant(new Date(reached.at), tz)})`
        : `⏳ not shown yet (${checks}${reach.urlError ? `; ${cell(reach.urlError, 120)}` : ''})`,
    ]);
  }
  const listed = state.milestones.database;
  rows.push([
    'GitHub Advisory Database',
    listed ? formatInstant(new Date(listed), tz) : '',
    listed
      ? '✅ listed with the expected CVE and patched version'
      : `⏳ ${reach.databaseProblem ? cell(reach.databaseProblem, 200) : 'not listed yet'} (${plural(reach.databaseChecks ?? 0, 'check')}; GitHub can take up to 72 hours)`,
  ]);
  return rows;
}
