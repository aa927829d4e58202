import { requireRepo } from '../access.js';
import { commitsBetween, mergeBase, resolveRevision } from '../git-graph.js';
import {
  GitHubError,
  json,
  notFound,
  paginate,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from '../http.js';
import { apiUrl, htmlUrl, shaped } from '../render-core.js';
import { renderDiffEntry, renderRestCommit } from '../render-commit.js';
import { fullName, type Repo } from '../state.js';
import { commitChanges, diffCommits } from '../tree-diff.js';

/** Without paging parameters GitHub lists the last 250 commits of a comparison. */
const UNPAGED_COMMITS = 250;
/** A comparison lists at most this many files (on its first page only). */
const COMPARE_FILES = 300;

/** `BASE...HEAD` from either spelling of the route; `owner:` prefixes naming this repo dropped. */
function baseAndHead(ctx: RouteContext, repo: Repo): { base: string; head: string; spec: string } {
  const spec = ctx.params.basehead ?? `${ctx.params.base ?? ''}...${ctx.params.head ?? ''}`;
  const at = spec.indexOf('...');
  if (at <= 0 || at + 3 >= spec.length) throw notFound();
  const side = (text: string) => {
    const colon = text.indexOf(':');
    if (colon < 0) return text;
    // Another repository of the network: the sandbox keeps none, so it names nothing.
    if (text.slice(0, colon) !== repo.owner) throw notFound();
    return text.slice(colon + 1);
  };
  return { base: side(spec.slice(0, at)), head: side(spec.slice(at + 3)), spec };
}

function compare(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'read', 'contents');
  const { base, head, spec } = baseAndHead(ctx, repo);
  const baseSha = resolveRevision(repo.git, base);
  const headSha = resolveRevision(repo.git, head);
  if (!baseSha || !headSha) throw notFound();
  const common = mergeBase(repo.git, baseSha, headSha);
  if (!common) throw new GitHubError(404, `No common ancestor between ${base} and ${head}.`);
  const ahead = commitsBetween(repo.git, [baseSha], headSha);
  const behind = commitsBetween(repo.git, [headSha], baseSha).length;
  const paged = ctx.query.has('page') || ctx.query.has('per_page');
  const { page: listed, link } = paged
    ? paginate(ctx, ahead)
    : { page: ahead.slice(-UNPAGED_COMMITS), link: undefined };
  const firstPage = !paged || Number(ctx.query.get('page') ?? 1) <= 1;
  const files = firstPage ? diffCommits(repo.git, common, headSha).slice(0, COMPARE_FILES) : [];
  const status =
    ahead.length === 0 && behind === 0
      ? 'identical'
      : behind === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const name = fullName(repo);
  const body = shaped(ctx.core, 'commit-comparison', {
    url: apiUrl(ctx.core, `/repos/${name}/compare/${spec}`),
    html_url: htmlUrl(ctx.core, `/${name}/compare/${spec}`),
    permalink_url: htmlUrl(
      ctx.core,
      `/${name}/compare/${repo.owner}:${baseSha}...${repo.owner}:${headSha}`,
    ),
    diff_url: htmlUrl(ctx.core, `/${name}/compare/${spec}.diff`),
    patch_url: htmlUrl(ctx.core, `/${name}/compare/${spec}.patch`),
    base_commit: renderRestCommit(ctx.core, repo, baseSha),
    merge_base_commit: renderRestCommit(ctx.core, repo, common),
    status,
    ahead_by: ahead.length,
    behind_by: behind,
    total_commits: ahead.length,
    commits: listed.map((sha) => renderRestCommit(ctx.core, repo, sha)),
    files: files.map((f) => renderDiffEntry(ctx.core, repo, f, headSha)),
  });
  return json(200, body, link ? { link } : undefined);
}

/** Commits and comparisons: `GET …/commits/{ref}` and `GET …/compare/{base}...{head}`. */
export function registerCommitRoutes(routes: RouteTable): void {
  routes.set('repos/compare-commits', compare);
  routes.set('repos/compare-commits-with-basehead', compare);
  routes.set('repos/get-commit', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const ref = ctx.params.ref ?? '';
    const sha = resolveRevision(repo.git, ref);
    if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
    return json(200, renderRestCommit(ctx.core, repo, sha, commitChanges(repo.git, sha)));
  });
}
