import type { Case } from '../domain/case.js';
import { DASHBOARD_MARKER } from '../domain/dashboard.js';
import type { TrackingIssue } from '../github/port.js';
import { looksLikeSameReport, textSimilarity } from '../domain/similarity.js';
import { loadCaseFile, type TrackingRef } from '../store/case-file-store.js';
import { readCaseMarker } from '../store/case-index.js';
import { runInput } from './run-input.js';
import type { RunnerDeps } from './runner-deps.js';

/** Open cases whose title is this close to the new report's summary are read in full. */
const TITLE_PREFILTER = 0.2;
/** At most this many candidate case files are read per new report. */
const MAX_CANDIDATES = 3;

/** The title without the `[GHSA-…] ` prefix the App puts on tracking issues. */
function titleSummary(title: string): string {
  return title.replace(/^\[[^\]]*\]\s*/, '');
}

function why(a: Case, b: Case): string {
  const name = a.advisory.packageName;
  const samePackage =
    name !== undefined && name.toLowerCase() === b.advisory.packageName?.toLowerCase();
  const range = a.advisory.vulnerableVersionRange;
  const sameRange = range !== undefined && range === b.advisory.vulnerableVersionRange;
  return [
    ...(samePackage ? [`same package \`${name}\``] : []),
    ...(sameRange ? [`same affected range \`${range}\``] : []),
    'similar summary',
  ].join(', ');
}

/**
 * A new report that looks like an open case of the same tracking repository (same package and
 * range, similar summary) is linked to the closest one, in both: each gets one notice, the newer
 * one offered `/duplicate-of`. Titles are compared first, so at most three case files are read.
 */
export async function linkLookalikes(
  deps: RunnerDeps,
  opened: TrackingRef,
  state: Case,
  /** The tracking issues the caller already listed (open and closed), to save the read. */
  listed?: readonly TrackingIssue[],
): Promise<number> {
  // The case is open whatever happens here: a failed comparison is logged, not the intake's.
  try {
    return await link(deps, opened, state, listed);
  } catch (error) {
    deps.log.warn(
      { tracking: opened, error: String(error) },
      'could not compare the new report with the open cases',
    );
    return 0;
  }
}

async function link(
  deps: RunnerDeps,
  opened: TrackingRef,
  state: Case,
  listed: readonly TrackingIssue[] | undefined,
): Promise<number> {
  const { github, config } = deps;
  const issues =
    listed ?? (await github.listOpenIssuesWithLabel(opened.repo, config.tracking.label));
  const candidates = issues
    .filter((i) => i.state === 'open')
    .filter((i) => i.number !== opened.issue && !i.body.includes(DASHBOARD_MARKER))
    .filter((i) => readCaseMarker(i.body) !== undefined)
    .map((i) => ({ issue: i, score: textSimilarity(titleSummary(i.title), state.summary) }))
    .filter((c) => c.score >= TITLE_PREFILTER)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CANDIDATES);
  let linked = 0;
  const facts = (c: Case) => ({
    summary: c.advisory.summary ?? c.summary,
    packageName: c.advisory.packageName,
    vulnerableVersionRange: c.advisory.vulnerableVersionRange,
  });
  for (const { issue } of candidates) {
    const ref = { repo: opened.repo, issue: issue.number };
    const loaded = await loadCaseFile(github, ref, deps.identity, deps.now());
    if (loaded.kind !== 'found') continue;
    const other = loaded.file.case;
    if (other.phase === 'closed' || other.phase === 'rejected') continue;
    if (!looksLikeSameReport(facts(state), facts(other))) continue;
    const reason = why(state, other);
    const delivery = `lookalike:${String(opened.issue)}:${String(issue.number)}`;
    await runInput(deps, opened, {
      type: 'duplicate-suspected',
      delivery,
      other: {
        issue: issue.number,
        summary: other.summary.slice(0, 300),
        newer: false,
        why: reason,
      },
    });
    await runInput(deps, ref, {
      type: 'duplicate-suspected',
      delivery,
      other: {
        issue: opened.issue,
        summary: state.summary.slice(0, 300),
        newer: true,
        why: reason,
      },
    });
    linked++;
    // The closest open case is enough: a person follows the link from there.
    break;
  }
  return linked;
}
