import { atLeast, checkAccess, requireRepo, userPermission } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { emitEvent } from '../events.js';
import {
  forbidden,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { labelFor, renderComment, renderIssue, renderLabel } from '../render-issues.js';
import type { Comment, Issue, Repo } from '../state.js';
import { applyLabels, issueFor } from './issues.js';

function commentFor(repo: Repo, id: string | undefined): { issue: Issue; comment: Comment } {
  for (const issue of repo.issues) {
    const comment = issue.comments.find((c) => String(c.id) === id);
    if (comment) return { issue, comment };
  }
  throw notFound();
}

function emitComment(
  ctx: RouteContext,
  repo: Repo,
  issue: Issue,
  comment: Comment,
  action: string,
  extra = {},
): void {
  emitEvent(ctx.core, {
    event: 'issue_comment',
    action,
    repo,
    sender: actorLogin(ctx.core, ctx.actor),
    fields: {
      issue: renderIssue(ctx.core, repo, issue),
      comment: renderComment(ctx.core, repo, issue, comment),
      ...extra,
    },
  });
}

/** Adds a comment and sends `issue_comment.created` (REST and seeding share this). */
export function addComment(ctx: RouteContext, repo: Repo, issue: Issue, body: string): Comment {
  const at = ctx.core.clock.iso();
  const comment: Comment = {
    id: ctx.core.state.nextId(),
    body,
    user: actorLogin(ctx.core, ctx.actor),
    createdAt: at,
    updatedAt: at,
    minimized: null,
  };
  issue.comments.push(comment);
  issue.updatedAt = at;
  recordPublicWrite(ctx.core, repo, 'comment', body, ctx.actor);
  emitComment(ctx, repo, issue, comment, 'created');
  return comment;
}

function canEdit(ctx: RouteContext, repo: Repo, comment: Comment): boolean {
  if (ctx.actor.kind === 'installation') return true;
  if (ctx.actor.kind !== 'user') return false;
  if (ctx.actor.login === comment.user) return true;
  return atLeast(userPermission(ctx.core, repo, ctx.actor.login), 'maintain');
}

/**
 * GitHub lets a comment's author and anyone with write access delete it. An App is judged by its
 * installation's `issues` permission alone, so it needs `issues: write` even for its own comments.
 */
function checkCanDelete(ctx: RouteContext, repo: Repo, comment: Comment): void {
  if (ctx.actor.kind !== 'user') {
    checkAccess(ctx.core, ctx.actor, repo, 'write', 'issues');
    return;
  }
  if (ctx.actor.login === comment.user) return;
  if (atLeast(userPermission(ctx.core, repo, ctx.actor.login), 'write')) return;
  throw forbidden('Must have write rights to Repository.');
}

/**
 * The order of `issues/list-comments-for-repo`: ascending id unless `sort` is given, as GitHub
 * documents (`direction` is ignored without `sort`). GitHub names no default direction for a
 * given `sort`, so it stays the listing's ascending one.
 */
function repoCommentOrder(
  query: URLSearchParams,
): (a: { comment: Comment }, b: { comment: Comment }) => number {
  const sort = query.get('sort');
  const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
  const sign = sort !== null && query.get('direction') === 'desc' ? -1 : 1;
  return ({ comment: a }, { comment: b }) => {
    const byTime = sort === null ? 0 : Date.parse(a[key]) - Date.parse(b[key]);
    return sign * (byTime !== 0 ? byTime : a.id - b.id);
  };
}

/** Issue comments and labels. */
export function registerCommentRoutes(routes: RouteTable): void {
  routes.set('issues/list-comments', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    const since = ctx.query.get('since');
    const items = issue.comments.filter((c) => !since || c.updatedAt >= since);
    return pageReply(ctx, items, (c) => renderComment(ctx.core, repo, issue, c));
  });
  routes.set('issues/list-comments-for-repo', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const since = Date.parse(ctx.query.get('since') ?? '');
    const items = repo.issues
      .flatMap((issue) => issue.comments.map((comment) => ({ issue, comment })))
      .filter(({ comment }) => Number.isNaN(since) || Date.parse(comment.updatedAt) >= since)
      .sort(repoCommentOrder(ctx.query));
    return pageReply(ctx, items, ({ issue, comment }) =>
      renderComment(ctx.core, repo, issue, comment),
    );
  });
  routes.set('issues/create-comment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    const body = typeof ctx.body.body === 'string' ? ctx.body.body : '';
    if (body.trim() === '')
      throw unprocessable('Validation Failed', [
        { resource: 'IssueComment', field: 'body', code: 'missing_field' },
      ]);
    if (
      issue.locked &&
      ctx.actor.kind === 'user' &&
      !atLeast(userPermission(ctx.core, repo, ctx.actor.login), 'write')
    ) {
      throw forbidden('Unable to create comment because issue is locked.');
    }
    return json(201, renderComment(ctx.core, repo, issue, addComment(ctx, repo, issue, body)));
  });
  routes.set('issues/get-comment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const { issue, comment } = commentFor(repo, ctx.params.comment_id);
    return json(200, renderComment(ctx.core, repo, issue, comment));
  });
  routes.set('issues/update-comment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const { issue, comment } = commentFor(repo, ctx.params.comment_id);
    if (!canEdit(ctx, repo, comment)) throw forbidden('You cannot edit this comment.');
    const body = typeof ctx.body.body === 'string' ? ctx.body.body : '';
    const from = comment.body;
    if (body !== from) {
      comment.body = body;
      comment.updatedAt = ctx.core.clock.iso();
      recordPublicWrite(ctx.core, repo, 'comment', body, ctx.actor);
      emitComment(ctx, repo, issue, comment, 'edited', { changes: { body: { from } } });
    }
    return json(200, renderComment(ctx.core, repo, issue, comment));
  });
  routes.set('issues/delete-comment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const { issue, comment } = commentFor(repo, ctx.params.comment_id);
    checkCanDelete(ctx, repo, comment);
    issue.comments = issue.comments.filter((c) => c !== comment);
    // As when one is added: the issue's `updated_at` follows its comment activity.
    issue.updatedAt = ctx.core.clock.iso();
    emitComment(ctx, repo, issue, comment, 'deleted');
    return { status: 204 };
  });
  routes.set('issues/list-labels-on-issue', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    return pageReply(ctx, issue.labels, (n) =>
      renderLabel(ctx.core, repo, labelFor(ctx.core, repo, n)),
    );
  });
  routes.set('issues/add-labels', (ctx) => {
    const repo = requireRepo(ctx, 'triage', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    applyLabels(ctx, repo, issue, [...issue.labels, ...requestedLabels(ctx.body)]);
    return json(
      200,
      issue.labels.map((n) => renderLabel(ctx.core, repo, labelFor(ctx.core, repo, n))),
    );
  });
  routes.set('issues/set-labels', (ctx) => {
    const repo = requireRepo(ctx, 'triage', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    applyLabels(ctx, repo, issue, requestedLabels(ctx.body));
    return json(
      200,
      issue.labels.map((n) => renderLabel(ctx.core, repo, labelFor(ctx.core, repo, n))),
    );
  });
  routes.set('issues/remove-label', (ctx) => {
    const repo = requireRepo(ctx, 'triage', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    const name = (ctx.params.name ?? '').toLowerCase();
    if (!issue.labels.some((n) => n.toLowerCase() === name)) throw notFound();
    applyLabels(
      ctx,
      repo,
      issue,
      issue.labels.filter((n) => n.toLowerCase() !== name),
    );
    return json(
      200,
      issue.labels.map((n) => renderLabel(ctx.core, repo, labelFor(ctx.core, repo, n))),
    );
  });
  routes.set('issues/list-labels-for-repo', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    return pageReply(ctx, repo.labels, (l) => renderLabel(ctx.core, repo, l));
  });
  routes.set('issues/get-label', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const label = repo.labels.find(
      (l) => l.name.toLowerCase() === (ctx.params.name ?? '').toLowerCase(),
    );
    if (!label) throw notFound();
    return json(200, renderLabel(ctx.core, repo, label));
  });
  routes.set('issues/create-label', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'issues');
    const name = text(ctx.body.name, '');
    if (repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
      throw unprocessable('Validation Failed', [
        { resource: 'Label', field: 'name', code: 'already_exists' },
      ]);
    }
    const label = labelFor(ctx.core, repo, name);
    if (typeof ctx.body.color === 'string') label.color = ctx.body.color.replace(/^#/, '');
    if (typeof ctx.body.description === 'string') label.description = ctx.body.description;
    recordPublicWrite(ctx.core, repo, 'label', name, ctx.actor);
    return json(201, renderLabel(ctx.core, repo, label));
  });
}

/** Label names from any of the body forms GitHub accepts (`{labels: [...]}`, arrays of names or objects). */
function requestedLabels(body: Record<string, unknown>): string[] {
  const list: unknown = Array.isArray(body.labels) ? body.labels : [];
  if (!Array.isArray(list)) return [];
  return list
    .map((l: unknown) =>
      typeof l === 'string'
        ? l
        : typeof l === 'object' && l
          ? (l as { name?: unknown }).name
          : undefined,
    )
    .filter((l): l is string => typeof l === 'string' && l !== '');
}
