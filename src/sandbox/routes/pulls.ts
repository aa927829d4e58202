import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite, type SandboxCore } from '../core.js';
import { emitEvent } from '../events.js';
import { buildTree, commitTree, flattenTree, putObject, type GitStore } from '../git-store.js';
import {
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { renderPull } from '../render-issues.js';
import type { Issue, Repo } from '../state.js';
import { isAncestor } from './git.js';
import { issueFor, openIssue } from './issues.js';

function pullFor(repo: Repo, number: string | undefined): Issue {
  const issue = issueFor(repo, number);
  if (!issue.pull) throw notFound();
  return issue;
}

function emitPull(
  core: SandboxCore,
  repo: Repo,
  issue: Issue,
  action: string,
  sender: string,
): void {
  emitEvent(core, {
    event: 'pull_request',
    action,
    repo,
    sender,
    fields: { number: issue.number, pull_request: renderPull(core, repo, issue) },
  });
}

function ancestors(store: GitStore, sha: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.pop() ?? '';
    if (seen.has(next)) continue;
    seen.add(next);
    const object = store.objects.get(next);
    if (object?.type === 'commit') queue.push(...object.parents);
  }
  return seen;
}

/** Three-way merge of whole files: the head's changes since the merge base, applied to the base. */
function mergeTrees(store: GitStore, baseSha: string, headSha: string): string {
  const headAncestors = ancestors(store, headSha);
  const mergeBase = [...ancestors(store, baseSha)].find((sha) => headAncestors.has(sha));
  const flat = (commit: string | undefined) =>
    flattenTree(store, commit ? (commitTree(store, commit) ?? '') : '');
  const result = flat(baseSha);
  const before = flat(mergeBase);
  const head = flat(headSha);
  for (const [path, file] of head) if (before.get(path)?.sha !== file.sha) result.set(path, file);
  for (const path of before.keys()) if (!head.has(path)) result.delete(path);
  return buildTree(store, result);
}

/** Merges a pull request as `by` would press the button; sends `pull_request.closed` (merged). */
export function mergePullRequest(
  core: SandboxCore,
  repoName: string,
  number: number,
  by: string,
): { ok: true; sha: string } | { ok: false; error: string } {
  const repo = core.state.repos.get(repoName);
  const issue = repo?.issues.find((i) => i.number === number);
  const pull = issue?.pull;
  if (!repo || !issue || !pull)
    return { ok: false, error: `no pull request #${number} in ${repoName}` };
  if (pull.merged || issue.state === 'closed')
    return { ok: false, error: `pull request #${number} is not open` };
  if (!core.state.users.has(by)) return { ok: false, error: `no user "${by}"` };
  const baseRef = `refs/heads/${pull.base}`;
  const baseSha = repo.git.refs.get(baseRef);
  const headSha = repo.git.refs.get(`refs/heads/${pull.head}`) ?? pull.headSha;
  if (!baseSha) return { ok: false, error: `base branch ${pull.base} is gone` };
  const at = core.clock.iso();
  const signature = { name: by, email: `${by}@users.noreply.github.com`, date: at };
  const sha = putObject(repo.git, {
    type: 'commit',
    tree: mergeTrees(repo.git, baseSha, headSha),
    parents: [baseSha, headSha],
    message: `Merge pull request #${number} from ${repo.owner}/${pull.head}\n\n${issue.title}`,
    author: signature,
    committer: signature,
  });
  repo.git.refs.set(baseRef, sha);
  repo.pushedAt = at;
  Object.assign(pull, { merged: true, mergedAt: at, mergedBy: by, mergeCommitSha: sha, headSha });
  Object.assign(issue, {
    state: 'closed',
    closedAt: at,
    closedBy: by,
    updatedAt: at,
    stateReason: 'completed',
  });
  emitPull(core, repo, issue, 'closed', by);
  return { ok: true, sha };
}

function createPull(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'pull_requests');
  const head = text(ctx.body.head, '').replace(/^[^:]+:/, '');
  const base = text(ctx.body.base, '');
  const headSha = repo.git.refs.get(`refs/heads/${head}`);
  const baseSha = repo.git.refs.get(`refs/heads/${base}`);
  const invalid = (field: string) =>
    unprocessable('Validation Failed', [{ resource: 'PullRequest', field, code: 'invalid' }]);
  if (!headSha) throw invalid('head');
  if (!baseSha) throw invalid('base');
  if (headSha === baseSha || isAncestor(repo.git, headSha, baseSha)) {
    throw unprocessable('Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${base} and ${head}`,
      },
    ]);
  }
  const title = text(ctx.body.title, '');
  const body = typeof ctx.body.body === 'string' ? ctx.body.body : null;
  const at = ctx.core.clock.iso();
  const issue = openIssue(ctx.core, repo, {
    title,
    body,
    user: actorLogin(ctx.core, ctx.actor),
    at,
  });
  issue.pull = {
    head,
    base,
    headSha,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    draft: ctx.body.draft === true,
  };
  recordPublicWrite(ctx.core, repo, 'pull-request-title', title, ctx.actor);
  recordPublicWrite(ctx.core, repo, 'pull-request-body', body ?? '', ctx.actor);
  emitPull(ctx.core, repo, issue, 'opened', actorLogin(ctx.core, ctx.actor));
  return json(201, renderPull(ctx.core, repo, issue));
}

/** Pull requests: create, read, list; merging is the admin action `/_sandbox/pulls/merge`. */
export function registerPullRoutes(routes: RouteTable): void {
  routes.set('pulls/create', createPull);
  routes.set('pulls/get', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'pull_requests');
    return json(200, renderPull(ctx.core, repo, pullFor(repo, ctx.params.pull_number)));
  });
  routes.set('pulls/list', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'pull_requests');
    const state = ctx.query.get('state') ?? 'open';
    const head = ctx.query.get('head')?.replace(/^[^:]+:/, '');
    const base = ctx.query.get('base');
    const pulls = repo.issues
      .filter((i) => i.pull && (state === 'all' || i.state === state))
      .filter((i) => (!head || i.pull?.head === head) && (!base || i.pull?.base === base))
      .sort((a, b) => b.number - a.number);
    return pageReply(ctx, pulls, (i) => renderPull(ctx.core, repo, i, 'pull-request-simple'));
  });
}
