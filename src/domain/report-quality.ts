import { intersects, validRange } from 'semver';

/** What a report tells triage, as it arrived (the advisory's text and fields). */
export interface ReportText {
  summary?: string | undefined;
  description?: string | undefined;
  /** Who made the draft in GitHub's UI: a maintainer's draft should name its package. */
  draftBy?: string | undefined;
  packageName?: string | undefined;
  vulnerableVersionRange?: string | undefined;
}

/** One thing triage needs that the report does not give, and how to ask for it. */
export interface ReportGap {
  id: 'summary' | 'version' | 'steps' | 'impact' | 'package';
  /** What is missing, as the notice lists it. */
  missing: string;
  /** The question to the reporter, for the ready `/not-reproducible` line. */
  ask: string;
}

const VERSION = /\bv?\d+\.\d+(?:\.\d+)?\b|\bversions?\b|\bcommit\b|\b[0-9a-f]{7,40}\b/i;
const STEPS =
  /proof[- ]of[- ]concept|\bpoc\b|steps to reproduce|\breproduc|```|\bcurl\b|\bexploit\b|^\s*\d+[.)]\s+\S/im;
const IMPACT =
  /\bimpact\b|\battacker\b|\ballows?\b|\bleads? to\b|\bcould\b|\bcan (?:read|write|run|execute|access|bypass|steal|overwrite|delete)\b|\bescalat|\bexfiltrat|remote code|\brce\b|\bxss\b|injection|denial of service|\bdos\b|\bleaks?\b|\bdisclos|\boverwrit|\btakeover\b/i;

/**
 * What a report lacks for triage: the affected version, a proof of concept or steps, the
 * impact, and, for a draft a maintainer made, the affected package (a reporter's form often
 * leaves it out, and the maintainers add it with `/advisory range`). Deliberately lenient: a word that hints at
 * each is enough, because a false "missing" costs the reporter a needless question, while a
 * report that really lacks them is caught by the maintainer reproducing it.
 */
export function reportGaps(report: ReportText): ReportGap[] {
  const text = report.description ?? '';
  const gaps: ReportGap[] = [];
  if (report.summary !== undefined && report.summary.trim() === '')
    gaps.push({
      id: 'summary',
      missing: 'a summary (give the advisory a title in GitHub)',
      ask: 'Could you describe the vulnerability in one line?',
    });
  if (!report.vulnerableVersionRange && !VERSION.test(text))
    gaps.push({
      id: 'version',
      missing: 'the affected version',
      ask: 'Which version (or commit) did you test?',
    });
  if (!STEPS.test(text))
    gaps.push({
      id: 'steps',
      missing: 'a proof of concept or steps to reproduce',
      ask: 'Could you send the steps to reproduce it, or a proof of concept?',
    });
  if (!IMPACT.test(text))
    gaps.push({
      id: 'impact',
      missing: 'the impact',
      ask: 'What can an attacker achieve with it?',
    });
  if (report.draftBy && !report.packageName)
    gaps.push({
      id: 'package',
      missing:
        'the affected package (set it with `/advisory range "<range>" patched <version> --package NAME`)',
      ask: 'Which package or component is affected?',
    });
  return gaps;
}

/**
 * Whether the report's affected range lies wholly outside the supported versions (a semver
 * range such as `0.x`). GitHub writes ranges with commas (`>= 1.0.0, < 1.0.1`); undefined when
 * either is unknown or unreadable, since "outside" must be certain to be said.
 */
export function outsideSupported(
  vulnerableRange: string | undefined,
  supported: string | undefined,
): boolean | undefined {
  if (!vulnerableRange || !supported) return undefined;
  const range = validRange(vulnerableRange.replace(/,/g, ' '));
  if (range === null || validRange(supported) === null) return undefined;
  return !intersects(range, supported);
}

/** The first comment of a case whose report lacks something: what, and a line to ask for it. */
export function renderReportGaps(
  gaps: readonly ReportGap[],
  unsupported: { range: string; supported: string } | undefined,
): string | undefined {
  const lines: string[] = [];
  if (unsupported)
    lines.push(
      `⚠️ The report affects \`${unsupported.range}\`, outside the supported versions (\`${unsupported.supported}\`, \`supportedVersions\`): check it against SECURITY.md before \`/scope in\`.`,
    );
  const askable = gaps.filter((g) => g.id !== 'package' && g.id !== 'summary');
  if (gaps.length > 0) {
    lines.push(
      `📋 The report does not give what triage needs: ${gaps.map((g) => g.missing).join('; ')}.`,
    );
  }
  if (askable.length > 0) {
    lines.push(
      'To ask the reporter, copy this line into a comment:',
      '',
      '```',
      `/not-reproducible ${askable.map((g) => g.ask).join(' ')}`,
      '```',
    );
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}
