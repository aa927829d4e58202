import { awaitedEvents } from '../domain/awaited-events.js';
import type { CaseSummary } from '../domain/case-summary.js';
import { DASHBOARD_MARKER } from '../domain/dashboard.js';
import { tickWouldAct } from '../domain/tick.js';
import type { TrackingIssue } from '../github/port.js';
import { readCaseMarker, type CaseKey } from '../store/case-index.js';
import type { TrackingRef } from '../store/case-file-store.js';
import {
  configDigestOf,
  configOf,
  load,
  observedFor,
  seenAdvisory,
  type Candidate,
  type RepoVisit,
} from './case-load.js';
import { changedIssues, ISSUE_FEED_SKEW_MS } from './change-feeds.js';
import { abortOn } from './faults.js';
import { forEachLimited } from './pace.js';
import { digestOf, type IndexedCase, type TrackingIndex } from './tracking-index.js';

export type { RepoVisit } from './case-load.js';

/*
 * Keeping a tracking repository's index of open cases current: rebuilt from one listing of the
 * open tracking issues, refreshed from the feed of changed issues, and each case loaded only
 * when something about it changed or is due.
 */
/**
 * The marker's names as strings of their own: a match of the body would keep the whole body
 * (tens of kilobytes) alive for as long as the index holds the case.
 */
function keyOf(body: string): CaseKey | undefined {
  const key = readCaseMarker(body);
  return key ? (JSON.parse(JSON.stringify(key)) as CaseKey) : undefined;
}

function remember(visit: RepoVisit, ref: TrackingRef, key: CaseKey): void {
  if (key.ghsaId && key.repo)
    visit.ctx.state.knownCases.set(key.ghsaId.toLowerCase(), {
      installationId: visit.access.id,
      ...ref,
      productRepo: key.repo,
    });
}
/** Whether a case nobody changed must be loaded anyway; decided from its summary alone. */
function mustLoad(visit: RepoVisit, issue: number, entry: IndexedCase): boolean {
  if (entry.revisit || !entry.summary) return true;
  if (entry.config !== configDigestOf(visit, entry.key)) return true;
  if (!visit.comments || visit.comments.has(issue)) return true;
  const seen = seenAdvisory(visit, entry.key);
  if (seen && seen.advisory.repo === entry.summary.repo && seen.updatedAt !== entry.polled)
    return true;
  return tickWouldAct(entry.summary, visit.ctx.now(), configOf(visit, entry.key));
}

function isDashboard(issue: TrackingIssue): boolean {
  return issue.body.includes(DASHBOARD_MARKER);
}

/** The lowest-numbered open dashboard is the one kept up to date. */
function noteDashboard(index: TrackingIndex, issue: TrackingIssue, open: boolean): void {
  const current = index.dashboard;
  if (open && (!current || issue.number <= current.number))
    index.dashboard = { number: issue.number, digest: digestOf(issue.body) };
  else if (!open && current?.number === issue.number) index.dashboard = undefined;
}

/**
 * A cold start: one paginated listing of the open tracking issues gives every case's body (no
 * read per case), each case is decided from it as it comes, and only its summary is kept.
 */
export async function rebuild(visit: RepoVisit): Promise<void> {
  const { ctx, access, group, index } = visit;
  index.issuesSince = new Date(ctx.now().getTime() - ISSUE_FEED_SKEW_MS).toISOString();
  await access.github.scanOpenIssuesWithLabel(
    group.trackingRepo,
    group.config.tracking.label,
    async (issues) => {
      const candidates: Candidate[] = [];
      for (const issue of issues) {
        if (isDashboard(issue)) {
          noteDashboard(index, issue, true);
          continue;
        }
        const key = keyOf(issue.body);
        if (!key) continue;
        const ref = { repo: group.trackingRepo, issue: issue.number };
        remember(visit, ref, key);
        candidates.push({ ref, key, body: issue.body });
      }
      await forEachLimited(candidates, ctx.options.concurrency, (c) => load(visit, c));
    },
  );
}

function hasLabel(issue: { labels: string[] }, label: string): boolean {
  return issue.labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

/**
 * A warm tick: the cases the feed lists as changed are loaded from the bodies it carries, page
 * by page; the others are decided from their summaries, and loaded only when something is due.
 * When the feed cannot be trusted every case is read one by one, and the feed starts where it
 * did.
 */
export async function refresh(visit: RepoVisit): Promise<{ since?: string } | 'rebuild'> {
  const { ctx, access, group, index } = visit;
  const repo = group.trackingRepo;
  const listed = new Set<number>();
  const changed = await changedIssues(
    ctx,
    access.github,
    repo,
    index.issuesSince ?? '',
    async (issues) => {
      const candidates: Candidate[] = [];
      for (const issue of issues) {
        const open = issue.state === 'open' && hasLabel(issue, group.config.tracking.label);
        if (isDashboard(issue)) {
          noteDashboard(index, issue, open);
          continue;
        }
        const key = open ? keyOf(issue.body) : undefined;
        const known = index.get(issue.number);
        if (!key) {
          // Closed, unlabelled, or no longer a case: it leaves the open set.
          index.delete(issue.number);
          continue;
        }
        if (known?.digest === digestOf(issue.body) && known.key.ghsaId === key.ghsaId) continue;
        if (listed.has(issue.number)) continue;
        listed.add(issue.number);
        const ref = { repo, issue: issue.number };
        remember(visit, ref, key);
        candidates.push({ ref, key, body: issue.body });
      }
      await forEachLimited(candidates, ctx.options.concurrency, (c) => load(visit, c));
    },
  );
  if (!changed.ok && changed.tooLong) {
    ctx.log.warn({ repo, reason: changed.reason }, 'tick: rebuilding the index of open cases');
    return 'rebuild';
  }
  if (!changed.ok)
    ctx.log.warn(
      { repo, reason: changed.reason, cases: index.size },
      'tick: the change feed of issues cannot be trusted; reading every case one by one',
    );
  const rest: Candidate[] = [];
  const waiting: { issue: number; entry: IndexedCase & { summary: CaseSummary } }[] = [];
  for (const issue of index.issues()) {
    const entry = index.get(issue);
    if (!entry || listed.has(issue)) continue;
    if (!changed.ok || mustLoad(visit, issue, entry))
      rest.push({ ref: { repo, issue }, key: entry.key });
    else if (entry.summary && awaitedEvents(entry.summary, configOf(visit, entry.key)).length > 0)
      waiting.push({ issue, entry: { ...entry, summary: entry.summary } });
    else ctx.summary.cases++;
  }
  // A case nothing changed that waits on an event: loaded only when GitHub shows it happened.
  await forEachLimited(waiting, ctx.options.concurrency, async ({ issue, entry }) => {
    try {
      const observed = await observedFor(visit, entry.key, entry.summary, entry.fed);
      if (observed.length > 0) rest.push({ ref: { repo, issue }, key: entry.key, observed });
      else ctx.summary.cases++;
    } catch (error) {
      abortOn(error, ctx.now().getTime());
      ctx.log.warn(
        { tracking: { repo, issue }, error: String(error) },
        'tick: could not ask GitHub about an event the case waits on',
      );
      rest.push({ ref: { repo, issue }, key: entry.key });
    }
  });
  await forEachLimited(rest, ctx.options.concurrency, (c) => load(visit, c));
  return changed.ok ? { since: changed.since } : {};
}
