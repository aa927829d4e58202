import type { Case } from '../case.js';
import { formatInstant, localDate, localDaysBetween } from '../clock.js';
import type { TimelineEntry } from '../fold.js';
import { ackDeadline } from '../reminders.js';
import { cell, isLogin, plural, type RenderContext } from './context.js';
import { PHASE_TITLES, phaseStart, type MainPhase } from './status-phases.js';

/** The phases as a Mermaid Gantt chart, from the milestones. */
export function ganttLines(
  state: Case,
  ctx: RenderContext,
  phases: readonly MainPhase[],
): string[] {
  const tz = ctx.config.timeZone;
  const today = localDate(ctx.now, tz);
  const day = (iso: string) => localDate(new Date(iso), tz);
  const bars: string[] = [];
  const started = phases
    .map((phase) => ({ phase, at: phaseStart(state, phase) }))
    .filter(
      (p): p is { phase: MainPhase; at: string } => p.at !== undefined && p.phase !== 'closed',
    );
  const ended = state.milestones.closed;
  started.forEach(({ phase, at }, i) => {
    const next =
      started[i + 1]?.at ??
      (state.phase === 'closed' || state.phase === 'rejected' ? ended : undefined);
    const start = day(at);
    const end = next ? day(next) : today;
    const length = Math.max(1, localDaysBetween(start, end));
    const tag = next ? 'done' : 'active';
    bars.push(`    ${PHASE_TITLES[phase]} :${tag}, p${String(i)}, ${start}, ${String(length)}d`);
  });
  const marks: { date: string; line: string }[] = [];
  const mark = (label: string, date: string | undefined, crit = false) => {
    if (date)
      marks.push({ date, line: `    ${label} :${crit ? 'crit, ' : ''}milestone, ${date}, 0d` });
  };
  mark('Reported', day(state.reportedAt));
  mark(
    state.milestones.acknowledged ? 'Acknowledged' : 'Ack due',
    state.milestones.acknowledged
      ? day(state.milestones.acknowledged)
      : localDate(ackDeadline(state, ctx.config), tz),
    !state.milestones.acknowledged,
  );
  if (state.milestones['cve-assigned']) mark('CVE assigned', day(state.milestones['cve-assigned']));
  if (state.milestones.fixed) mark('Fix merged', day(state.milestones.fixed));
  if (state.milestones.released) mark('On production', day(state.milestones.released));
  if (state.milestones.notified) mark('Customers notified', day(state.milestones.notified));
  if (state.milestones.published) mark('Published', day(state.milestones.published));
  else {
    if (state.disclosureDate) mark('Public disclosure', state.disclosureDate);
    if (state.embargo) mark('Embargo ends', state.embargo.date, true);
  }
  return [
    '<details><summary>Schedule (Gantt chart)</summary>',
    '',
    '```mermaid',
    'gantt',
    '    dateFormat YYYY-MM-DD',
    '    axisFormat %d %b',
    '    section Phases',
    ...bars,
    '    section Milestones',
    // A stable sort keeps same-day milestones in the order of the case.
    ...marks.sort((a, b) => a.date.localeCompare(b.date)).map((m) => m.line),
    '```',
    '',
    '</details>',
    '',
  ];
}

/** The most recent `limit` events of the case, newest last. */
export function timelineLines(
  timeline: readonly TimelineEntry[],
  ctx: RenderContext,
  limit: number,
): string[] {
  if (timeline.length === 0 || limit <= 0) return [];
  const recent = timeline.slice(-limit);
  const older = timeline.length - recent.length;
  const tz = ctx.config.timeZone;
  return [
    '#### Recent activity',
    '',
    ...(older > 0
      ? [`… ${plural(older, 'earlier event')} before these, kept in the case log.`, '']
      : []),
    '| When | Who | What |',
    '| --- | --- | --- |',
    ...recent.map(
      (e) =>
        `| ${formatInstant(new Date(e.at), tz)} | ${isLogin(e.by) ? e.by : cell(e.by, 40)} | ${cell(e.note, 200)} |`,
    ),
    '',
  ];
}
