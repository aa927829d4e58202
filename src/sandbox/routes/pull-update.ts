import { atLeast, checkAccess, requireRepo, userPermission } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { emitEvent } from '../events.js';
import {
  forbidden,
  json,
  notFound,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from '../http.js';
import { renderPull } from '../render-issues.js';
import type { Repo } from '../state.js';
import { issueFor } from './issues.js';

/** Its author may edit a pull request; anyone else needs write access (GitHub's rule). */
function mayEdit(ctx: RouteContext, author: string, repo: Repo): void {
  if (ctx.actor.kind === 'user') {
    if (ctx.actor.login === author) return;
    if (!atLeast(userPermission(ctx.core, repo, ctx.actor.login), 'write'))
      throw forbidden('Must have write access to edit this pull request.');
    return;
  }
  checkAccess(ctx.core, ctx.actor, repo, 'write', 'pull_requests');
}

/**
 * `PATCH /repos/{owner}/{repo}/pulls/{pull_number}`: a new title or body sends
 * `pull_request.edited` with the old values in `changes`; `state` closes or reopens it (without
 * merging). Changing the base branch is not modelled.
 */
function updatePull(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'read', 'pull_requests');
  const issue = issueFor(repo, ctx.params.pull_number);
  if (!issue.pull) throw notFound();
  mayEdit(ctx, issue.user, repo);
  const sender = actorLogin(ctx.core, ctx.actor);
  const at = ctx.core.clock.iso();
  const changes: Record<string, { from: string }> = {};
  const { title, body, state } = ctx.body;
  if (typeof title === 'string' && title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = title;
    recordPublicWrite(ctx.core, repo, 'pull-request-title', title, ctx.actor);
  }
  if (typeof body === 'string' && body !== (issue.body ?? '')) {
    changes.body = { from: issue.body ?? '' };
    issue.body = body;
    recordPublicWrite(ctx.core, repo, 'pull-request-body', body, ctx.actor);
  }
  const emit = (action: string, extra: Record<string, unknown> = {}) => {
    emitEvent(ctx.core, {
      event: 'pull_request',
      action,
      repo,
      sender,
      fields: { number: issue.number, pull_request: renderPull(ctx.core, repo, issue), ...extra },
    });
  };
  if (Object.keys(changes).length > 0) {
    issue.updatedAt = at;
    emit('edited', { changes });
  }
  if ((state === 'open' || state === 'closed') && state !== issue.state) {
    if (issue.pull.merged) throw unprocessable('A merged pull request cannot be reopened');
    issue.state = state;
    issue.updatedAt = at;
    issue.closedAt = state === 'closed' ? at : null;
    issue.closedBy = state === 'closed' ? sender : null;
    emit(state === 'closed' ? 'closed' : 'reopened');
  }
  return json(200, renderPull(ctx.core, repo, issue));
}

/**
 * Registers `pulls/update` unless the pull request routes already have one (theirs wins: this
 * file only fills the gap the leak watch's end-to-end test needs).
 */
export function registerPullUpdateRoute(routes: RouteTable): void {
  if (!routes.has('pulls/update')) routes.set('pulls/update', updatePull);
}
