import type { Case } from './case.js';
import type { CaseSummary } from './case-summary.js';
import { isOpenPhase, Phase } from './phases.js';
import { businessDaysUntil, endOfLocalDay, formatLocalDate, localDate } from './clock.js';
import { ackDeadline, calendarOf } from './reminders.js';
import {
  cell,
  code,
  ghsaOf,
  person,
  plural,
  severityTitle,
  type RenderContext,
} from './render/context.js';
import { DASHBOARD_MARKER } from './markers.js';

/** Finds the dashboard among the tracking repository's issues; the body is the App's alone. */
export { DASHBOARD_MARKER };
export const DASHBOARD_TITLE = 'Security advisories dashboard';
/** GitHub refuses bodies over 65,536 characters; the dashboard stays well below. */
export const DASHBOARD_BUDGET = 60_000;

/** A date a case must meet, as the dashboard and the overdue metric see it. */
export interface CaseDeadline {
  kind: 'ack' | 'cve' | 'resolve-by' | 'disclosure' | 'embargo';
  label: string;
  /** The instant after which it is missed. */
  at: Date;
  overdue: boolean;
}

/** A case still being worked on (not closed, not rejected). */
export function isOpenCase(state: Pick<Case, 'phase'>): boolean {
  return isOpenPhase(state.phase);
}

/**
 * Every deadline the case still has to meet, earliest first. A local date (embargo, disclosure,
 * promised resolution) is met until the end of that day in the team's zone: publishing on the
 * embargo date is on time, the day after is late.
 */
export function caseDeadlines(state: CaseSummary, ctx: RenderContext): CaseDeadline[] {
  const { now, config } = ctx;
  const tz = config.timeZone;
  const published = Boolean(state.items.published);
  const list: Omit<CaseDeadline, 'overdue'>[] = [];
  if (!state.items.acknowledged) {
    list.push({ kind: 'ack', label: 'acknowledge', at: ackDeadline(state, config) });
  }
  if (state.cve.requestedAt && !state.cve.id && !state.cve.waived) {
    const at = new Date(
      Date.parse(state.cve.requestedAt) + config.sla.cveFollowUpHours * 3_600_000,
    );
    list.push({ kind: 'cve', label: 'CVE follow-up', at });
  }
  if (!published && state.resolveBy) {
    list.push({
      kind: 'resolve-by',
      label: 'promised fix',
      at: endOfLocalDay(state.resolveBy, tz),
    });
  }
  if (!published && state.disclosureDate) {
    list.push({
      kind: 'disclosure',
      label: 'disclose',
      at: endOfLocalDay(state.disclosureDate, tz),
    });
  }
  if (!published && state.embargo) {
    list.push({
      kind: 'embargo',
      label: 'publish (embargo)',
      at: endOfLocalDay(state.embargo.date, tz),
    });
  }
  return list
    .map((d) => ({ ...d, overdue: now.getTime() >= d.at.getTime() }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

interface Row {
  state: CaseSummary;
  next: CaseDeadline | undefined;
  overdue: boolean;
  text: string;
}

function countdown(deadline: CaseDeadline, ctx: RenderContext): string {
  const days = businessDaysUntil(ctx.now, deadline.at, calendarOf(ctx.config));
  const day = formatLocalDate(localDate(deadline.at, ctx.config.timeZone));
  if (deadline.overdue) {
    const late = Math.max(0, -days);
    return `⚠️ **overdue**: ${deadline.label} by ${day}${late > 0 ? ` (${plural(late, 'business day')} late)` : ''}`;
  }
  return `${deadline.label} by ${day} (${days <= 0 ? 'today' : `in ${plural(days, 'business day')}`})`;
}

function caseCell(state: CaseSummary): string {
  const ghsa = ghsaOf(state);
  const url = state.advisory.url;
  const id =
    ghsa && url && /^https:\/\/[^\s()<>[\]]+$/.test(url)
      ? `[${ghsa}](${url})`
      : (ghsa ?? '(manual report)');
  return `#${String(state.tracking.issue)} ${id} ${cell(state.summary, 90)}`;
}

function rowOf(state: CaseSummary, ctx: RenderContext): Row {
  const deadlines = caseDeadlines(state, ctx);
  const next = deadlines[0];
  const columns = [
    caseCell(state),
    state.repo ? code(state.repo) : '—',
    severityTitle(state.severity),
    state.phase,
    state.assignee ? person(state.assignee) : '—',
    next ? countdown(next, ctx) : '—',
    state.embargo ? state.embargo.date : '—',
  ];
  return {
    state,
    next,
    overdue: deadlines.some((d) => d.overdue),
    text: `| ${columns.join(' | ')} |`,
  };
}

/** Overdue first, then by the next deadline, then cases without one, newest report first. */
function displayOrder(a: Row, b: Row): number {
  if (a.next && b.next) return a.next.at.getTime() - b.next.at.getTime() || byIssue(a, b);
  if (a.next || b.next) return a.next ? -1 : 1;
  return Date.parse(b.state.reportedAt) - Date.parse(a.state.reportedAt) || byIssue(a, b);
}

function byIssue(a: Row, b: Row): number {
  return a.state.tracking.issue - b.state.tracking.issue;
}

function phaseCounts(rows: readonly Row[]): string {
  const counts = Phase.options
    .filter(isOpenPhase)
    .map((p) => [p, rows.filter((r) => r.state.phase === p).length] as const);
  return counts
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p} ${String(n)}`)
    .join(' · ');
}

const HEADER = '| Case | Repository | Severity | Phase | Assignee | Next deadline | Embargo ends |';
const RULE = '|---|---|---|---|---|---|---|';

/**
 * The dashboard issue's body: every open case with its next deadline, so nobody has to open
 * each tracking issue to see what is late. Pure and day-granular (it changes when a countdown
 * does, not on every tick), and bounded: when the table would pass the budget, the oldest
 * reports are summarised in counts, and overdue ones are still named.
 */
export function renderDashboard(
  cases: readonly CaseSummary[],
  ctx: RenderContext,
  budget = DASHBOARD_BUDGET,
): string {
  const rows = cases.filter(isOpenCase).map((c) => rowOf(c, ctx));
  const overdue = rows.filter((r) => r.overdue).length;
  const head = [
    DASHBOARD_MARKER,
    `**${plural(rows.length, 'open case')}**${overdue > 0 ? ` · **${String(overdue)} overdue**` : ''} · as of ${formatLocalDate(localDate(ctx.now, ctx.config.timeZone))} (${ctx.config.timeZone}).`,
    '',
    'Kept up to date by Advisory Pilot from the tracking issues; edits to this issue are overwritten. Business-day countdowns skip weekends and the configured holidays.',
    '',
  ];
  if (rows.length === 0) return [...head, 'No open cases.', ''].join('\n');
  head.push(`By phase: ${phaseCounts(rows)}`, '', HEADER, RULE);
  const newestFirst = [...rows].sort(
    (a, b) => Date.parse(b.state.reportedAt) - Date.parse(a.state.reportedAt) || byIssue(a, b),
  );
  const reserve = 1_500;
  let used = head.join('\n').length + reserve;
  let kept = 0;
  for (const row of newestFirst) {
    if (used + row.text.length + 1 > budget) break;
    used += row.text.length + 1;
    kept++;
  }
  const shown = newestFirst.slice(0, kept).sort(displayOrder);
  const rest = newestFirst.slice(kept);
  const lines = [...head, ...shown.map((r) => r.text), ''];
  if (rest.length > 0) lines.push(summary(rest, ctx.config.timeZone), '');
  return lines.join('\n');
}

function summary(rest: readonly Row[], timeZone: string): string {
  const oldest = localDate(new Date(rest[rest.length - 1]?.state.reportedAt ?? 0), timeZone);
  const newest = localDate(new Date(rest[0]?.state.reportedAt ?? 0), timeZone);
  const late = rest.filter((r) => r.overdue).map((r) => `#${String(r.state.tracking.issue)}`);
  const named = late.slice(0, 100).join(' ');
  const more = late.length > 100 ? ` and ${String(late.length - 100)} more` : '';
  return [
    `**${plural(rest.length, 'older case')} not listed** (reported ${oldest} to ${newest}; the table keeps the newest reports): ${phaseCounts(rest)}.`,
    late.length > 0 ? `Overdue among them: ${named}${more}.` : 'None of them is overdue.',
  ].join(' ');
}
