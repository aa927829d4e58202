import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { isAncestor } from '../git-graph.js';
import {
  GitHubError,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { emitPullEvent, mergePullRequest } from '../pull-merge.js';
import { renderPull } from '../render-issues.js';
import { fullName, type Issue, type Repo } from '../state.js';
import { issueFor, openIssue } from './issues.js';

function pullFor(repo: Repo, number: string | undefined): Issue {
  const issue = issueFor(repo, number);
  if (!issue.pull) throw notFound();
  return issue;
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
  emitPullEvent(ctx.core, repo, issue, 'opened', actorLogin(ctx.core, ctx.actor));
  return json(201, renderPull(ctx.core, repo, issue));
}

/** `PUT …/pulls/{n}/merge`: the merge button over REST (also `/_sandbox/pulls/merge`). */
function mergePull(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'contents');
  const issue = pullFor(repo, ctx.params.pull_number);
  const method = ctx.body.merge_method;
  const outcome = mergePullRequest(ctx.core, {
    repo: fullName(repo),
    number: issue.number,
    by: actorLogin(ctx.core, ctx.actor),
    actor: ctx.actor,
    ...(method === 'squash' || method === 'rebase' ? { method } : {}),
    ...(typeof ctx.body.sha === 'string' ? { sha: ctx.body.sha } : {}),
    ...(typeof ctx.body.commit_title === 'string' ? { commitTitle: ctx.body.commit_title } : {}),
    ...(typeof ctx.body.commit_message === 'string'
      ? { commitMessage: ctx.body.commit_message }
      : {}),
  });
  if (!outcome.ok) {
    const message = outcome.conflicts ? 'Pull Request is not mergeable' : outcome.error;
    throw new GitHubError(outcome.status, message);
  }
  return json(200, { sha: outcome.sha, merged: true, message: 'Pull Request successfully merged' });
}

/** Pull requests: create, read, list, merge (also the admin action `/_sandbox/pulls/merge`). */
export function registerPullRoutes(routes: RouteTable): void {
  routes.set('pulls/create', createPull);
  routes.set('pulls/merge', mergePull);
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
