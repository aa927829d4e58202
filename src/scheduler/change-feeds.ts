import type { Feed, GitHubPort, ListedIssue, RepoComment } from '../github/port.js';
import { faultOf, InstallationAbort } from './faults.js';
import type { TickContext } from './tick-scope.js';

/** How far back a first tick looks for commands nobody answered (GitHub redelivers for 3 days). */
const FIRST_LOOK_BACK_MS = 7 * 24 * 3_600_000;
/** Overlap with the previous listing: an `updated_at` may trail the listing's clock. */
const OVERLAP_MS = 10 * 60_000;
/**
 * Pages of changed issues one tick reads (100 each). Re-listing a case that did not change
 * costs a digest, not a load, so the feed stays the cheaper way up to 50,000 changes since the
 * previous tick; past that (a mass relabel of a huge repository) the open cases are listed
 * afresh instead.
 */
export const MAX_ISSUE_FEED_PAGES = 500;

/** What a feed told, or why it could not be trusted (the tick then reads case by case). */
export type FeedRead<T> =
  { ok: true; items: T[]; since: string } | { ok: false; reason: string; tooLong: boolean };

/**
 * A listing that failed or came back cut short is reported, not thrown: the tick reads the
 * cases it covers one by one. Only a rate limit (reading one by one would make it worse) or an
 * installation that is gone stops the installation's tick.
 */
async function readFeed<T>(
  ctx: TickContext,
  what: string,
  read: () => Promise<Feed<T>>,
  since: string,
): Promise<FeedRead<T>> {
  try {
    const feed = await read();
    if (feed.truncated === undefined) return { ok: true, items: feed.items, since };
    return {
      ok: false,
      reason: `${what}: ${feed.truncated.reason}`,
      tooLong: feed.truncated.tooLong,
    };
  } catch (error) {
    // A case visit the feed's pages set off asked to stop the installation (a rate limit).
    if (error instanceof InstallationAbort) throw error;
    const fault = faultOf(error, ctx.now().getTime());
    if (fault.kind === 'gone' || (fault.kind === 'backoff' && fault.status < 500))
      throw new InstallationAbort(fault, error);
    return { ok: false, reason: `${what} failed: ${String(error)}`, tooLong: false };
  }
}

/**
 * The tracking repository's comments changed since the previous complete visit: one listing for
 * every case, instead of one read per case. `since` is where the next visit starts.
 */
export async function changedComments(
  ctx: TickContext,
  github: GitHubPort,
  repo: string,
): Promise<FeedRead<RepoComment>> {
  const now = ctx.now().getTime();
  const previous = ctx.memory.commentsSince.get(repo);
  const since = previous ?? new Date(now - FIRST_LOOK_BACK_MS).toISOString();
  const next = new Date(now - ctx.options.commandGraceMs - OVERLAP_MS).toISOString();
  return readFeed(
    ctx,
    'the listing of changed comments',
    () => github.listRepoComments(repo, since),
    previous && previous > next ? previous : next,
  );
}

/**
 * How far the next listing of changed issues reaches back before this one started: an
 * `updated_at` stamped by GitHub's clock a little behind the App's, or a write committed while
 * the listing ran, is never missed (a body seen before is told by its digest, so listing it
 * again costs nothing but a page that is mostly a 304).
 */
export const ISSUE_FEED_SKEW_MS = 2 * 60_000;

/** How a streamed feed ended: where the next one starts, or why it cannot be trusted. */
export type FeedEnd = { ok: true; since: string } | { ok: false; reason: string; tooLong: boolean };

/**
 * The tracking repository's issues changed since `since` (its index's watermark), a page at a
 * time to `page`. The next watermark is this listing's start less the skew, so an idle
 * repository's next question differs only in its window and is answered with a 304.
 */
export async function changedIssues(
  ctx: TickContext,
  github: GitHubPort,
  repo: string,
  since: string,
  page: (issues: ListedIssue[]) => Promise<void>,
): Promise<FeedEnd> {
  const next = new Date(ctx.now().getTime() - ISSUE_FEED_SKEW_MS).toISOString();
  const read = await readFeed(
    ctx,
    'the listing of changed issues',
    async () => ({
      items: [],
      ...(await github.listChangedIssues(repo, since, MAX_ISSUE_FEED_PAGES, page)),
    }),
    next > since ? next : since,
  );
  return read.ok ? { ok: true, since: read.since } : read;
}

/**
 * The people's comments of a feed, by issue (grouped once: filtering per case is quadratic).
 * Comments by bots, the App's own among them, never hold a command the tick answers, so they
 * make no case worth loading.
 */
export function commentsByIssue(
  comments: readonly RepoComment[],
  botLogin: string,
): Map<number, RepoComment[]> {
  const byIssue = new Map<number, RepoComment[]>();
  for (const comment of comments) {
    if (comment.authorType === 'Bot' || comment.author === botLogin) continue;
    const list = byIssue.get(comment.issue);
    if (list) list.push(comment);
    else byIssue.set(comment.issue, [comment]);
  }
  return byIssue;
}
