import { type Case, type Phase } from '../case.js';
import { describeChannel } from '../report-channel.js';
import { checklistOf, phasesOf, postmortemRule, type ChecklistItem } from '../checklist.js';
import { businessDaysUntil, formatInstant, formatLocalDate, localDate } from '../clock.js';
import { firstCalculatorUrl } from '../cvss.js';
import type { TimelineEntry } from '../fold.js';
import { calendarOf } from '../reminders.js';
import {
  code,
  codeCommands,
  cveOf,
  ghsaOf,
  isPlainToken,
  oneLine,
  patchedVersionOf,
  person,
  plural,
  severityTitle,
  type RenderContext,
} from './context.js';
import { deadlineLines } from './status-deadlines.js';
import { PHASE_TITLES, type MainPhase } from './status-phases.js';
import { ganttLines, timelineLines } from './status-timeline.js';
import { STATUS_END, STATUS_START } from '../markers.js';
import { itemKey } from '../markers.js';

export { STATUS_START, STATUS_END };
/** GitHub allows 65,536 characters in an issue body, shared with the case file and the humans' text. */
export const STATUS_BUDGET = 30_000;
/** Timeline entries shown; older ones are counted, and the comments keep them all. */
const RECENT_EVENTS = 8;

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
  const channel = state.channel ? ` via ${describeChannel(state.channel)}` : '';
  where.push(`reported ${formatInstant(new Date(state.reportedAt), tz)}${reporter}${channel}`);
  if (state.draftBy) where.push(`draft by ${person(state.draftBy)}`);
  // The clock started when a person filed it; the report itself came earlier, elsewhere.
  if (!state.channel && (state.draftBy || state.source === 'manual'))
    where.push('arrived earlier or elsewhere? `/reported-at DATE --via <channel>`');
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

function itemLine(item: ChecklistItem, state: Case, ctx: RenderContext): string {
  const done = state.items[item.id];
  const key = itemKey(item.id);
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
    ...(state.embargo && !state.milestones.published ? ['/embargo DATE <reason>'] : []),
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
    `<sub>Updated ${formatInstant(ctx.now, ctx.config.timeZone)} · rendered from the signed case file in this issue; edits inside this section are overwritten.</sub>`,
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
