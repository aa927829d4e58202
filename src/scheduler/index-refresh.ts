import type { AdvisoryPilotConfig } from '../config/schema.js';
import { DASHBOARD_MARKER } from '../domain/dashboard.js';
import { tickWouldAct } from '../domain/tick.js';
import type { IssueComment, PolledAdvisory, RepoComment, TrackingIssue } from '../github/port.js';
import { readCaseMarker, type CaseKey } from '../store/case-index.js';
import type { TrackingRef } from '../store/case-file-store.js';
import type { InstallationAccess } from './app-port.js';
import type { CaseVisit } from './case-visit.js';
import { changedIssues, ISSUE_FEED_SKEW_MS } from './change-feeds.js';
import { abortOn } from './faults.js';
import type { TrackingGroup } from './missing-cases.js';
import { forEachLimited, pause } from './pace.js';
import type { TickContext } from './tick-scope.js';
import { digestOf, type IndexedCase, type TrackingIndex } from './tracking-index.js';
import { parseVisitOutcome, visitHere, visitJobOf, type VisitOutcome } from './visit-job.js';

/*
 * Keeping a tracking repository's index of open cases current: rebuilt from one listing of the
 * open tracking issues, refreshed from the feed of changed issues, and each case loaded only
 * when something about it changed or is due.
 */

/** A case the visit loads: where it lives, and its body when a listing just carried it. */
interface Candidate {
  ref: TrackingRef;
  key: CaseKey;
  body?: string;
}

/** What one tracking-repository visit shares between its cases. */
export interface RepoVisit {
  ctx: TickContext;
  access: InstallationAccess;
  group: TrackingGroup;
  index: TrackingIndex;
  polled: ReadonlyMap<string, PolledAdvisory>;
  /** Changed comments by issue; undefined when the feed failed (each case's are read). */
  comments: Map<number, RepoComment[]> | undefined;
  /** Digest of each product repository's configuration (lower-cased name). */
  configs: Map<string, string>;
  complete: boolean;
}

function configOf(visit: RepoVisit, key: CaseKey): AdvisoryPilotConfig {
  return visit.group.products.find((p) => p.repo === key.repo)?.config ?? visit.group.config;
}

function configDigestOf(visit: RepoVisit, key: CaseKey): string {
  return visit.configs.get((key.repo ?? '').toLowerCase()) ?? visit.configs.get('') ?? '';
}

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

function seenAdvisory(visit: RepoVisit, key: CaseKey): PolledAdvisory | undefined {
  return key.ghsaId ? visit.polled.get(key.ghsaId.toLowerCase()) : undefined;
}

/** A tracking issue's comments changed since the previous tick, or all of them when the feed failed. */
async function commentsOf(visit: RepoVisit, ref: TrackingRef): Promise<readonly IssueComment[]> {
  if (visit.comments) return visit.comments.get(ref.issue) ?? [];
  return visit.access.github.listComments(ref.repo, ref.issue);
}

/**
 * Visits a case here, or (queue mode) as a job in the case's inbox, run by whichever replica
 * drains it, after the webhook work queued before it: the tick never writes to a case while
 * another replica does. Either way the tick's summary gets the visit's counts.
 */
async function visitAnywhere(ctx: TickContext, visit: CaseVisit): Promise<VisitOutcome> {
  const request = ctx.state.jobs.request?.bind(ctx.state.jobs);
  if (!request) return visitHere(visit);
  const outcome = parseVisitOutcome(await request(visitJobOf(visit)));
  for (const [count, n] of Object.entries(outcome.counts) as [
    keyof VisitOutcome['counts'],
    number,
  ][])
    ctx.summary[count] += n;
  ctx.minimizeBudget.left -= outcome.counts.minimized;
  return outcome;
}

/** Loads one case, runs what is due, and keeps its summary in the index. */
async function load(visit: RepoVisit, candidate: Candidate): Promise<void> {
  const { ctx, index } = visit;
  const { ref, key } = candidate;
  if (ctx.stopping()) {
    visit.complete = false;
    markRevisit(index, candidate);
    return;
  }
  try {
    const visited = await visitAnywhere(visit.ctx, {
      ctx,
      access: visit.access,
      ref,
      key,
      config: configOf(visit, key),
      polled: visit.polled,
      comments: await commentsOf(visit, ref),
      ...(candidate.body === undefined ? {} : { body: candidate.body }),
    });
    ctx.summary.cases++;
    ctx.summary.loaded++;
    const polledAt = seenAdvisory(visit, key)?.updatedAt;
    index.set(ref.issue, {
      key,
      digest: visited.digest,
      ...(visited.summary ? { summary: visited.summary } : {}),
      config: configDigestOf(visit, key),
      ...(polledAt === undefined ? {} : { polled: polledAt }),
      revisit: visited.revisit,
    });
    if (visited.wrote) await pause(ctx.options.pauseMs);
  } catch (error) {
    const fault = abortOn(error, ctx.now().getTime());
    visit.complete = false;
    ctx.summary.errors++;
    ctx.log.error(
      { tracking: ref, status: fault.status, error: String(error) },
      'tick: case visit failed',
    );
    markRevisit(index, candidate);
  }
}

/** A case left unvisited is loaded (read again) next tick, whatever the feeds say then. */
function markRevisit(index: TrackingIndex, { ref, key }: Candidate): void {
  const known = index.get(ref.issue);
  index.set(ref.issue, { ...(known ?? { key, digest: '', config: '' }), revisit: true });
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
  for (const issue of index.issues()) {
    const entry = index.get(issue);
    if (!entry || listed.has(issue)) continue;
    if (!changed.ok || mustLoad(visit, issue, entry))
      rest.push({ ref: { repo, issue }, key: entry.key });
    else ctx.summary.cases++;
  }
  await forEachLimited(rest, ctx.options.concurrency, (c) => load(visit, c));
  return changed.ok ? { since: changed.since } : {};
}
