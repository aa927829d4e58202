import type { Case } from '../case.js';
import { businessDaysUntil, formatInstant, localDate, localDaysBetween } from '../clock.js';
import type { TimelineEntry } from '../fold.js';
import { ackDeadline, calendarOf } from '../reminders.js';
import {
  cell,
  code,
  cveOf,
  ghsaOf,
  isLogin,
  longDate,
  mdxSafe,
  oneLine,
  patchedVersionOf,
  person,
  plainSafe,
  plural,
  productName,
  publicId,
  type RenderContext,
} from './context.js';
import { sentenceFragment } from './changelog-entry.js';
import { renderReleaseSection } from './postmortem-release.js';
import { fillTemplate } from './template.js';

/** A postmortem timeline longer than this keeps its first and last rows; the log has the rest. */
const MAX_TIMELINE_ROWS = 200;

/**
 * A file-name slug: ASCII, lower case, hyphens, at most 60 characters, cut at a word boundary
 * when possible so the name stays readable.
 */
export function slugify(text: string, maxLength = 60): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= maxLength) return ascii || 'security-advisory';
  const cut = ascii.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  const slug = (
    boundary > maxLength / 2 ? cut.slice(0, boundary) : cut.slice(0, maxLength)
  ).replace(/-+$/, '');
  return slug || 'security-advisory';
}

/** The publication date (local) names the file, as in the handbook's `YYYY-MM-DD-<slug>.mdx`. */
function publicationDate(state: Case, ctx: RenderContext): string {
  const published = state.milestones.published;
  return localDate(published ? new Date(published) : ctx.now, ctx.config.timeZone);
}

/** Where the postmortem PR writes the file: `config.postmortem.path` with {date} and {slug}. */
export function postmortemPath(state: Case, ctx: RenderContext): string {
  return fillTemplate(ctx.config.postmortem.path, {
    date: publicationDate(state, ctx),
    slug: slugify(state.advisory.summary ?? state.summary),
  });
}

/** One measured SLA, as the postmortem table shows it. */
export interface SlaFigure {
  measure: string;
  span: string;
  actual: string;
  target: string;
  met: boolean | undefined;
}

function calendarDays(from: string, to: string | undefined, timeZone: string): number | undefined {
  if (!to) return undefined;
  return localDaysBetween(localDate(new Date(from), timeZone), localDate(new Date(to), timeZone));
}

/**
 * The SLA figures from the case's milestones: acknowledgement in business days (the SLA's own
 * unit), everything else in calendar days between local dates. A milestone that never happened
 * reads "not reached" rather than disappearing, since its absence is itself a finding.
 */
export function slaFigures(state: Case, ctx: RenderContext): SlaFigure[] {
  const { config } = ctx;
  const tz = config.timeZone;
  const m = state.milestones;
  const reported = state.reportedAt;
  const figures: SlaFigure[] = [];

  const acknowledged = m.acknowledged;
  figures.push({
    measure: 'Time to acknowledge',
    span: 'report → acknowledgement',
    actual: acknowledged
      ? plural(
          businessDaysUntil(new Date(reported), new Date(acknowledged), calendarOf(config)),
          'business day',
        )
      : 'not reached',
    target: plural(config.sla.ackBusinessDays, 'business day'),
    met: acknowledged
      ? new Date(acknowledged).getTime() <= ackDeadline(state, config).getTime()
      : undefined,
  });

  const days = (to: string | undefined) => {
    const n = calendarDays(reported, to, tz);
    return n === undefined ? 'not reached' : plural(n, 'day');
  };
  figures.push({
    measure: 'Time to fix',
    span: 'report → fix merged',
    actual: days(m.fixed),
    target: '—',
    met: undefined,
  });
  figures.push({
    measure: 'Time to release',
    span: 'report → patched version on production',
    actual: days(m.released),
    target: '—',
    met: undefined,
  });

  if (config.customerNotice) {
    const lead = m.notified ? calendarDays(m.notified, m.published, tz) : undefined;
    figures.push({
      measure: 'Customer notice lead',
      span: 'notice sent → publication',
      actual: lead === undefined ? 'not reached' : plural(lead, 'day'),
      target: `at least ${plural(config.sla.disclosureLeadDays, 'day')}`,
      met: lead === undefined ? undefined : lead >= config.sla.disclosureLeadDays,
    });
  }

  if (state.cve.requestedAt) {
    const assigned = m['cve-assigned'];
    const hours = assigned
      ? Math.round(
          (new Date(assigned).getTime() - new Date(state.cve.requestedAt).getTime()) / 3_600_000,
        )
      : undefined;
    figures.push({
      measure: 'CVE turnaround',
      span: 'CVE requested → assigned',
      actual:
        hours === undefined ? (state.cve.waived ? 'waived' : 'not reached') : plural(hours, 'hour'),
      target: `${plural(config.sla.cveFollowUpHours, 'hour')} before follow-up`,
      met: hours === undefined ? undefined : hours <= config.sla.cveFollowUpHours,
    });
  }

  if (m['fix-public']) {
    const gap = calendarDays(m['fix-public'], m.published, tz);
    figures.push({
      measure: 'Public window (patch gap)',
      span: 'fix public on the default branch → publication',
      actual: gap === undefined ? 'not closed' : plural(gap, 'day'),
      target: '—',
      met: undefined,
    });
  }

  const published = m.published;
  const embargo = state.embargo;
  const extensions = embargo ? Math.max(0, embargo.history.length - 1) : 0;
  figures.push({
    measure: 'Time to disclose',
    span: 'report → publication',
    actual: days(published),
    target: embargo
      ? `embargo end ${embargo.date}${extensions > 0 ? ` (changed ${plural(extensions, 'time')})` : ''}`
      : `${plural(config.sla.embargoDays, 'day')} (default embargo)`,
    met: published
      ? embargo
        ? localDate(new Date(published), tz) <= embargo.date
        : (calendarDays(reported, published, tz) ?? 0) <= config.sla.embargoDays
      : undefined,
  });
  return figures;
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

function metText(met: boolean | undefined): string {
  if (met === undefined) return '—';
  return met ? '✅ yes' : '❌ no';
}

function timelineTable(
  state: Case,
  timeline: readonly TimelineEntry[],
  ctx: RenderContext,
): string {
  const tz = ctx.config.timeZone;
  const rows: TimelineEntry[] = [];
  const first = timeline[0];
  if (!first || new Date(first.at).getTime() >= new Date(state.reportedAt).getTime()) {
    rows.push({
      at: state.reportedAt,
      by: state.reporter ?? 'reporter',
      note: 'Vulnerability reported',
    });
  }
  rows.push(...timeline);
  let shown: (TimelineEntry | number)[] = rows;
  if (rows.length > MAX_TIMELINE_ROWS) {
    const head = rows.slice(0, 50);
    const tail = rows.slice(rows.length - (MAX_TIMELINE_ROWS - 50));
    shown = [...head, rows.length - head.length - tail.length, ...tail];
  }
  const lines = ['| When | Who | What |', '| --- | --- | --- |'];
  for (const row of shown) {
    if (typeof row === 'number') {
      lines.push(`| … | | ${plural(row, 'more event')} (see the tracking issue) |`);
      continue;
    }
    lines.push(
      `| ${formatInstant(new Date(row.at), tz)} | ${isLogin(row.by) ? row.by : mdxSafe(cell(row.by, 60))} | ${mdxSafe(cell(row.note, 300))} |`,
    );
  }
  return lines.join('\n');
}

function slaTable(figures: readonly SlaFigure[]): string {
  return [
    '| Measure | From → to | Actual | Target | Met |',
    '| --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) => `| ${f.measure} | ${f.span} | ${f.actual} | ${f.target} | ${metText(f.met)} |`,
    ),
  ].join('\n');
}

/**
 * The postmortem skeleton the PR adds: the facts the App knows (summary, timeline from the
 * records, SLA figures with met/missed) and clearly marked sections only people can write.
 * MDX-friendly: no HTML comments, user text escaped for JSX and expressions. Placeholders of
 * `config.templates.postmortem`: {title} {summary} {impact} {release} {timeline} {sla} {id} {ghsa}
 * {cve} {severity} {publishedDate} {product}.
 */
export function renderPostmortem(
  state: Case,
  timeline: readonly TimelineEntry[],
  ctx: RenderContext,
): string {
  const { config } = ctx;
  const tz = config.timeZone;
  const product = productName(state, config);
  const id = publicId(state) ?? 'security advisory';
  const rawSummary = oneLine(state.advisory.summary ?? state.summary, 300);
  const published = publicationDate(state, ctx);
  const version = patchedVersionOf(state);
  const severity = state.severity ?? 'unscored';
  const score = state.cvss ? ` (CVSS 4.0 score ${state.cvss.score.toFixed(1)})` : '';
  const ids = [ghsaOf(state), cveOf(state)].filter((x): x is string => Boolean(x)).join(' / ');

  const reporter = state.reporter ? ` by ${mdxSafe(person(state.reporter))}` : '';
  const reported = `On ${longDate(localDate(new Date(state.reportedAt), tz))} a vulnerability in ${product} was reported privately${reporter}: ${mdxSafe(sentenceFragment(rawSummary))}.`;
  const steps = [
    `rated it ${severity}${score}`,
    ...(version
      ? [
          state.milestones.released
            ? `released the fix in ${mdxSafe(version)}`
            : `prepared the fix for ${mdxSafe(version)}`,
        ]
      : []),
    ...(state.milestones.published
      ? [`published ${ids || 'the advisory'} on ${longDate(published)}`]
      : []),
  ];
  const story = `${reported} We ${joinAnd(steps)}.${state.milestones.published ? '' : ' The advisory is not published yet.'}`;
  const range = state.advisory.vulnerableVersionRange
    ? `Affected versions: ${code(state.advisory.vulnerableVersionRange)}.`
    : 'Affected versions: _not recorded_.';
  const exploited = state.exploited
    ? `The case was marked as actively exploited${state.milestones.exploited ? ` on ${longDate(localDate(new Date(state.milestones.exploited), tz))}` : ''}.`
    : 'No exploitation was reported while the case was open.';
  const impact = [
    range,
    exploited,
    '',
    '_To be written: who was affected, for how long, what data or systems were at risk, and what customers had to do._',
  ].join('\n');
  const title = `${id}: ${rawSummary}`;
  // Front matter is YAML, read as plain text: Markdown escapes would show in the page title.
  const plainTitle = `${id}: ${plainSafe((state.advisory.summary ?? state.summary).replace(/\s+/g, ' '), 300)}`;
  const timelineText = `All times in ${tz}.\n\n${timelineTable(state, timeline, ctx)}`;
  const sla = slaTable(slaFigures(state, ctx));
  const release = renderReleaseSection(state, ctx);

  const override = config.templates.postmortem;
  if (override) {
    return fillTemplate(override, {
      title: mdxSafe(title),
      summary: story,
      impact,
      release,
      timeline: timelineText,
      sla,
      id,
      ghsa: ghsaOf(state) ?? id,
      cve: cveOf(state) ?? id,
      severity,
      publishedDate: published,
      product,
    });
  }

  return [
    '---',
    `title: ${JSON.stringify(plainTitle)}`,
    `description: ${JSON.stringify(`Postmortem of ${ids || 'a security advisory'} (${severity}), ${state.milestones.published ? `published ${published}` : 'not published yet'}.`)}`,
    '---',
    '',
    '## Summary',
    '',
    story,
    '',
    '## Impact',
    '',
    impact,
    '',
    '## Release',
    '',
    release,
    '',
    '## Timeline',
    '',
    timelineText,
    '',
    '## SLA',
    '',
    sla,
    '',
    '## Root cause',
    '',
    '_To be written: the defect, how it was introduced, and why reviews and tests did not catch it._',
    '',
    '## What went well',
    '',
    '- _To be written._',
    '',
    '## What to improve',
    '',
    '- _To be written._',
    '',
    '## Action items',
    '',
    '| Action | Owner | Tracking |',
    '| --- | --- | --- |',
    '| _To be written_ | | |',
    '',
  ].join('\n');
}
