import { PHASE_ORDER, type Case, type Phase } from '../case.js';
import { checklistOf, phasesOf, postmortemRule, type ChecklistItem } from '../checklist.js';
import {
  addCalendarDays,
  addHours,
  businessDaysUntil,
  formatInstant,
  formatLocalDate,
  localDate,
  localDaysBetween,
} from '../clock.js';
import { firstCalculatorUrl } from '../cvss.js';
import type { TimelineEntry } from '../fold.js';
import { ackDeadline, calendarOf } from '../reminders.js';
import {
  cell,
  code,
  codeCommands,
  cveOf,
  ghsaOf,
  isLogin,
  isPlainToken,
  oneLine,
  patchedVersionOf,
  person,
  plural,
  severityTitle,
  type RenderContext,
} from './context.js';

export const STATUS_START = '<!-- advisory-pilot:status:start -->';
export const STATUS_END = '<!-- advisory-pilot:status:end -->';
/** GitHub allows 65,536 characters in an issue body; the rest is left to the humans' text. */
export const STATUS_BUDGET = 60_000;
/** Timeline entries shown; older ones are counted, and the comments keep them all. */
const RECENT_EVENTS = 8;

type MainPhase = (typeof PHASE_ORDER)[number];

const PHASE_TITLES: Record<Phase, string> = {
  triage: 'Triage',
  fix: 'Fix',
  draft: 'Draft advisory',
  release: 'Release',
  disclosure: 'Customer disclosure',
  publish: 'Publish',
  postmortem: 'Postmortem',
  closed: 'Closed',
  rejected: 'Rejected',
};

/** Where each phase started: the `phase:<name>` milestone, or the report for triage. */
function phaseStart(state: Case, phase: MainPhase): string | undefined {
  return state.milestones[`phase:${phase}`] ?? (phase === 'triage' ? state.reportedAt : undefined);
}

function progressLine(state: Case, all: readonly MainPhase[]): string {
  const phases: readonly Phase[] = all.filter((p) => p !== 'closed');
  if (state.phase === 'rejected') {
    return `~~${phases.map((p) => PHASE_TITLES[p]).join(' → ')}~~ — rejected`;
  }
  const current = phases.indexOf(state.phase);
  const line = phases
    .map((p, i) => {
      if (state.phase === 'closed' || i < current) return `✅ ${PHASE_TITLES[p]}`;
      if (i === current) return `▶️ **${PHASE_TITLES[p]}**`;
      return `◻️ ${PHASE_TITLES[p]}`;
    })
    .join(' → ');
  return state.phase === 'closed' ? `${line} → 🏁 **Closed**` : line;
}

function headerLines(state: Case, ctx: RenderContext): string[] {
  const tz = ctx.config.timeZone;
  const lines: string[] = [];
  const summary = oneLine(state.advisory.summary ?? state.summary, 300);
  lines.push(`**${summary}**`, '');
  const where: string[] = [];
  const ghsa = ghsaOf(state);
  const cve = cveOf(state);
  if (ghsa && state.repo) {
    where.push(`[${ghsa}](https://github.com/${state.repo}/security/advisories/${ghsa})`);
  } else {
    where.push(ghsa ?? 'manual report (no advisory yet)');
  }
  if (state.repo) where.push(`\`${state.repo}\``);
  if (cve) where.push(cve);
  const reporter = state.reporter ? ` by ${person(state.reporter)}` : '';
  where.push(`reported ${formatInstant(new Date(state.reportedAt), tz)}${reporter}`);
  lines.push(where.join(' · '), '');
  return lines;
}

function phaseLines(state: Case, ctx: RenderContext, phases: readonly MainPhase[]): string[] {
  const { config, now } = ctx;
  const tz = config.timeZone;
  const index = phases.indexOf(state.phase as MainPhase);
  const position =
    index >= 0 && state.phase !== 'closed'
      ? ` (${String(index + 1)} of ${String(phases.length - 1)})`
      : '';
  const since = formatLocalDate(localDate(new Date(state.phaseEnteredAt), tz));
  const idle = Math.max(
    0,
    businessDaysUntil(new Date(state.lastActivityAt), now, calendarOf(config)),
  );
  const activity =
    state.phase === 'closed' || state.phase === 'rejected'
      ? ''
      : ` · last activity ${idle === 0 ? 'today' : `${plural(idle, 'business day')} ago`}`;
  const lines = [
    `**Phase: ${PHASE_TITLES[state.phase]}**${position} since ${since}${activity}`,
    '',
    progressLine(state, phases),
    '',
  ];
  if (state.pending) {
    lines.push(
      `> [!IMPORTANT]`,
      `> Waiting for confirmation of **${state.pending.action}** requested by ${person(state.pending.by)} on ${formatInstant(new Date(state.pending.at), tz)}: type \`/confirm\` or \`/cancel\`.`,
      '',
    );
  }
  if (state.exploited) {
    lines.push(
      '> [!CAUTION]',
      '> Marked as **actively exploited**: publication may go ahead without waiting for the customer lead time.',
      '',
    );
  }
  return lines;
}

function factRows(state: Case): string[] {
  const rows: [string, string][] = [];
  if (state.severity) {
    const score = state.cvss
      ? ` · ${state.cvss.score.toFixed(1)} (${oneLine(state.cvss.nomenclature, 20)})`
      : '';
    rows.push(['Severity', `**${severityTitle(state.severity)}**${score}`]);
  } else {
    rows.push(['Severity', 'not scored yet — `/cvss <vector>`']);
  }
  if (state.cvss) {
    const link = isPlainToken(state.cvss.vector)
      ? ` · [FIRST calculator](${firstCalculatorUrl(state.cvss.vector)})`
      : '';
    rows.push(['CVSS 4.0 vector', `${code(state.cvss.vector)}${link}`]);
  }
  rows.push(['Assignee', state.assignee ? person(state.assignee) : 'nobody — `/assign @user`']);
  const range = state.advisory.vulnerableVersionRange;
  const version = patchedVersionOf(state);
  if (range || version) {
    const parts = [
      ...(range ? [`affected ${code(range)}`] : []),
      ...(version ? [`patched in ${version}`] : []),
    ];
    rows.push(['Versions', parts.join(' · ')]);
  }
  if (state.release.branch || state.release.pullRequest || state.release.runUrl) {
    const parts = [
      ...(state.release.branch ? [`branch ${code(state.release.branch)}`] : []),
      ...(state.release.pullRequest ? [`PR #${String(state.release.pullRequest)}`] : []),
      ...(state.release.runUrl && /^https:\/\/[\w./-]+$/.test(state.release.runUrl)
        ? [`[workflow run](${state.release.runUrl})`]
        : []),
    ];
    rows.push(['Release', parts.join(' · ')]);
  }
  if (state.credits.length) {
    const shown = state.credits
      .slice(0, 10)
      .map((c) => `${person(c.login)} (${oneLine(c.type.replaceAll('_', ' '), 40)})`);
    const more = state.credits.length > 10 ? `, and ${String(state.credits.length - 10)} more` : '';
    rows.push(['Credits', `${shown.join(', ')}${more}`]);
  }
  return [
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replaceAll('|', '\\|')} |`),
    '',
  ];
}

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

function deadlineLines(state: Case, ctx: RenderContext): string[] {
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
  } else if (config.cve.requestEarly || !['triage', 'fix'].includes(state.phase)) {
    const required = config.cve.policy === 'required' ? ' (required before publication)' : '';
    rows.push(['CVE', '', `not requested — \`/cve\`${required}`]);
  }

  if (state.embargo) {
    const { date, timeZone, history } = state.embargo;
    const changes = history.length > 1 ? ` · changed ${plural(history.length - 1, 'time')}` : '';
    const status = published ? '✅ published before it ended' : dayCountdown(today, date);
    rows.push(['Embargo ends', `${formatLocalDate(date)} (${timeZone})`, `${status}${changes}`]);
  } else if (!published && state.phase !== 'rejected' && state.phase !== 'closed') {
    const proposed = localDate(
      addCalendarDays(new Date(state.reportedAt), config.sla.embargoDays, tz),
      tz,
    );
    rows.push([
      'Embargo ends',
      `${formatLocalDate(proposed)} (${tz}, default)`,
      `not set yet (report + ${plural(config.sla.embargoDays, 'day')}) — \`/embargo [DATE]\` in the draft phase`,
    ]);
  }
  if (state.reporterDate) {
    rows.push([
      'Reporter’s date',
      formatLocalDate(state.reporterDate),
      dayCountdown(today, state.reporterDate),
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
  return [
    '#### Deadlines',
    '',
    '| | Date | Status |',
    '| --- | --- | --- |',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    '',
  ];
}

function itemLine(item: ChecklistItem, state: Case, ctx: RenderContext): string {
  const done = state.items[item.id];
  const key = `<!-- item:${item.id} -->`;
  if (done) {
    const date = formatLocalDate(localDate(new Date(done.at), ctx.config.timeZone));
    const evidence = done.evidence ? `: ${oneLine(done.evidence, 120)}` : '';
    const who = person(done.by);
    const detail =
      done.status === 'waived'
        ? ` — waived by ${who} on ${date}${evidence}`
        : ` — ${who}, ${date}${evidence}`;
    const label = done.status === 'waived' ? `~~${item.label}~~` : item.label;
    return item.tickable ? `- [x] ${label}${detail} ${key}` : `- ✅ ${label}${detail} ${key}`;
  }
  const how = ` — ${codeCommands(item.how)}`;
  return item.tickable ? `- [ ] ${item.label}${how} ${key}` : `- ⬜ ${item.label}${how} ${key}`;
}

function checklistLines(state: Case, ctx: RenderContext, phases: readonly MainPhase[]): string[] {
  const items = checklistOf(ctx.config, state);
  const current = state.phase === 'rejected' ? 0 : phases.indexOf(state.phase);
  const lines = ['#### Checklist', ''];
  const upcoming: string[] = [];
  phases.forEach((phase, i) => {
    const own = items.filter((item) => item.phase === phase);
    if (own.length === 0) return;
    const doneCount = own.filter((item) => state.items[item.id]).length;
    const past = state.phase === 'closed' || i < current;
    if (!past && i !== current) {
      upcoming.push(`${PHASE_TITLES[phase]} (${plural(own.length, 'item')})`);
      return;
    }
    const body = own.map((item) => itemLine(item, state, ctx));
    const tally = `${String(doneCount)}/${String(own.length)}`;
    if (past && doneCount === own.length) {
      lines.push(
        `<details><summary>✅ ${PHASE_TITLES[phase]} — ${tally}</summary>`,
        '',
        ...body,
        '',
        '</details>',
        '',
      );
    } else if (past) {
      lines.push(
        `**${PHASE_TITLES[phase]}** — ${tally}, left behind by a forced phase change`,
        '',
        ...body,
        '',
      );
    } else {
      lines.push(`**${PHASE_TITLES[phase]}** (current) — ${tally}`, '', ...body, '');
    }
  });
  if (upcoming.length) lines.push(`Later: ${upcoming.join(' · ')}.`, '');
  lines.push(
    '<sub>Checkboxes can be ticked here instead of typing the command (same permission check). ⬜ items complete only through their command or what the App observes.</sub>',
    '',
  );
  return lines;
}

/** Commands in `how` texts: "/notify, then /notify sent" gives both. */
function commandsIn(how: string): string[] {
  return [...codeCommands(how).matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

function commandLines(state: Case, ctx: RenderContext): string[] {
  if (state.phase === 'closed' || state.phase === 'rejected') return [];
  const items = checklistOf(ctx.config, state).filter(
    (item) => item.phase === state.phase && !state.items[item.id],
  );
  const optional = postmortemRule(ctx.config, state) === 'optional';
  const now = [
    ...new Set(
      items.flatMap((item) =>
        item.id === 'postmortem'
          ? optional
            ? ['/postmortem skip <reason>']
            : []
          : commandsIn(item.how),
      ),
    ),
  ];
  if (state.pending) now.unshift('/confirm', '/cancel');
  const always = [
    ...(ghsaOf(state) ? [] : ['/advisory create owner/repo']),
    ...(state.assignee ? [] : ['/assign @user']),
    ...(state.embargo && !state.milestones.published ? ['/embargo extend DATE <reason>'] : []),
    '/remind <when> <text>',
    '/status',
    '/help',
  ];
  return [
    '#### Commands now',
    '',
    now.length
      ? now.map((c) => `\`${c}\``).join(' · ')
      : `_No command needed: the App is waiting for ${items.map((i) => `“${i.label}”`).join(', ') || 'the next event'}._`,
    '',
    `Any time: ${always.map((c) => `\`${c}\``).join(' · ')}`,
    '',
  ];
}

function ganttLines(state: Case, ctx: RenderContext, phases: readonly MainPhase[]): string[] {
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

function timelineLines(
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
      ? [`… ${plural(older, 'earlier event')} before these, recorded in the comments below.`, '']
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

/**
 * The status section of the tracking issue, markers included. It is the human view of the case
 * and a control surface: task-list boxes (`- [ ]`) are used only for items a maintainer may tick
 * by hand, each followed by a hidden `<!-- item:ID -->` key the shell maps back to the item;
 * items completed only by commands or events are plain ⬜/✅ bullets (with the same key), so
 * nobody ticks a box that would just be reverted. Everything people typed is neutralised, and
 * the section stays under {@link STATUS_BUDGET} however long the case's history grows.
 */
export function renderStatusSection(
  state: Case,
  timeline: readonly TimelineEntry[],
  ctx: RenderContext,
): string {
  const phases = phasesOf(ctx.config, state);
  const head = [
    STATUS_START,
    '### 🛡️ Advisory Pilot',
    '',
    ...headerLines(state, ctx),
    ...phaseLines(state, ctx, phases),
    ...factRows(state),
    ...deadlineLines(state, ctx),
    ...checklistLines(state, ctx, phases),
    ...commandLines(state, ctx),
    ...ganttLines(state, ctx, phases),
  ];
  const tail = [
    `<sub>Updated ${formatInstant(ctx.now, ctx.config.timeZone)} · rendered from the signed records in this issue; edits inside this section are overwritten.</sub>`,
    STATUS_END,
  ];
  for (const limit of [RECENT_EVENTS, 3, 0]) {
    const text = [...head, ...timelineLines(timeline, ctx, limit), ...tail].join('\n');
    if (text.length < STATUS_BUDGET) return text;
  }
  // Unreachable with the field limits above; a hard stop keeps the issue body writable anyway.
  const closing = `\n\n…\n${tail.join('\n')}`;
  return head.join('\n').slice(0, STATUS_BUDGET - closing.length - 1) + closing;
}
