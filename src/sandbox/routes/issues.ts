import { atLeast, requireRepo, userPermission } from '../access.js';
import { actorLogin, recordPublicWrite, type SandboxCore } from '../core.js';
import { emitEvent } from '../events.js';
import {
  bodyString,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { labelFor, renderIssue, renderLabel } from '../render-issues.js';
import type { Issue, Repo } from '../state.js';

/** The issue (or pull request) named by `{issue_number}`. */
export function issueFor(repo: Repo, number: string | undefined): Issue {
  const issue = repo.issues.find((i) => String(i.number) === number);
  if (!issue) throw notFound();
  return issue;
}

/** Sends an `issues` (or `pull_request`) event for a change to an issue. */
export function emitIssueEvent(
  ctx: RouteContext,
  repo: Repo,
  issue: Issue,
  action: string,
  extra: Record<string, unknown> = {},
): void {
  emitEvent(ctx.core, {
    event: 'issues',
    action,
    repo,
    sender: actorLogin(ctx.core, ctx.actor),
    fields: { issue: renderIssue(ctx.core, repo, issue), ...extra },
  });
}

/** Users without triage rights may still open issues and edit their own title and body. */
function canTriage(ctx: RouteContext, repo: Repo): boolean {
  if (ctx.actor.kind !== 'user') return ctx.actor.kind === 'installation';
  return atLeast(userPermission(ctx.core, repo, ctx.actor.login), 'triage');
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((l: unknown) =>
      typeof l === 'string'
        ? l
        : typeof l === 'object' && l
          ? (l as { name?: unknown }).name
          : undefined,
    )
    .filter((l): l is string => typeof l === 'string' && l !== '');
}

/** Applies a new label set and sends one `labeled`/`unlabeled` event per change. */
export function applyLabels(ctx: RouteContext, repo: Repo, issue: Issue, next: string[]): void {
  const before = issue.labels;
  const unique = [...new Set(next.map((n) => labelFor(ctx.core, repo, n).name))];
  issue.labels = unique;
  issue.updatedAt = ctx.core.clock.iso();
  for (const name of unique.filter((n) => !before.includes(n))) {
    recordPublicWrite(ctx.core, repo, 'label', name, ctx.actor);
    emitIssueEvent(ctx, repo, issue, 'labeled', {
      label: renderLabel(ctx.core, repo, labelFor(ctx.core, repo, name)),
    });
  }
  for (const name of before.filter((n) => !unique.includes(n))) {
    emitIssueEvent(ctx, repo, issue, 'unlabeled', {
      label: renderLabel(ctx.core, repo, labelFor(ctx.core, repo, name)),
    });
  }
}

/** Opens an issue (REST and seeding share this). */
export function openIssue(
  core: SandboxCore,
  repo: Repo,
  fields: { title: string; body: string | null; user: string; at: string },
): Issue {
  const issue: Issue = {
    id: core.state.nextId(),
    number: repo.nextNumber,
    title: fields.title,
    body: fields.body,
    user: fields.user,
    labels: [],
    assignees: [],
    state: 'open',
    stateReason: null,
    createdAt: fields.at,
    updatedAt: fields.at,
    closedAt: null,
    closedBy: null,
    locked: false,
    pinned: false,
    comments: [],
  };
  repo.nextNumber += 1;
  repo.issues.push(issue);
  return issue;
}

export function registerIssueRoutes(routes: RouteTable): void {
  routes.set('issues/list-for-repo', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const state = ctx.query.get('state') ?? 'open';
    const labels = (ctx.query.get('labels') ?? '').split(',').filter((l) => l !== '');
    const creator = ctx.query.get('creator');
    const since = ctx.query.get('since');
    const sort = ctx.query.get('sort') ?? 'created';
    const direction = ctx.query.get('direction') ?? 'desc';
    const items = repo.issues
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((n) => n.toLowerCase() === l.toLowerCase())))
      .filter((i) => !creator || i.user === creator)
      .filter((i) => !since || i.updatedAt >= since)
      .sort((a, b) => {
        const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
        const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.number - b.number;
        return direction === 'asc' ? order : -order;
      });
    return pageReply(ctx, items, (i) => renderIssue(ctx.core, repo, i));
  });
  routes.set('issues/create', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const title = text(ctx.body.title, '').trim();
    if (title === '')
      throw unprocessable('Validation Failed', [
        { resource: 'Issue', field: 'title', code: 'missing_field' },
      ]);
    const at = ctx.core.clock.iso();
    const issue = openIssue(ctx.core, repo, {
      title,
      body: bodyString(ctx, 'body') ?? null,
      user: actorLogin(ctx.core, ctx.actor),
      at,
    });
    recordPublicWrite(ctx.core, repo, 'issue-title', title, ctx.actor);
    recordPublicWrite(ctx.core, repo, 'issue-body', issue.body ?? '', ctx.actor);
    const triage = canTriage(ctx, repo);
    if (triage && Array.isArray(ctx.body.assignees))
      issue.assignees = ctx.body.assignees.map(String);
    emitIssueEvent(ctx, repo, issue, 'opened');
    if (triage) applyLabels(ctx, repo, issue, labelNames(ctx.body.labels));
    issue.updatedAt = at;
    return json(201, renderIssue(ctx.core, repo, issue));
  });
  routes.set('issues/get', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    return json(200, renderIssue(ctx.core, repo, issueFor(repo, ctx.params.issue_number)));
  });
  routes.set('issues/update', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    const own = ctx.actor.kind === 'user' && ctx.actor.login === issue.user;
    if (!own && !canTriage(ctx, repo))
      throw unprocessable('You must have triage access to edit this issue');
    updateIssue(ctx, repo, issue);
    return json(200, renderIssue(ctx.core, repo, issue));
  });
}

function updateIssue(ctx: RouteContext, repo: Repo, issue: Issue): void {
  const at = ctx.core.clock.iso();
  const changes: Record<string, { from: string }> = {};
  const title = ctx.body.title;
  if ((typeof title === 'string' || typeof title === 'number') && String(title) !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = String(title);
    recordPublicWrite(ctx.core, repo, 'issue-title', issue.title, ctx.actor);
  }
  const body = ctx.body.body;
  if (typeof body === 'string' && body !== issue.body) {
    changes.body = { from: issue.body ?? '' };
    issue.body = body;
    recordPublicWrite(ctx.core, repo, 'issue-body', body, ctx.actor);
  }
  if (Object.keys(changes).length > 0) {
    issue.updatedAt = at;
    emitIssueEvent(ctx, repo, issue, 'edited', { changes });
  }
  if (Array.isArray(ctx.body.assignees)) issue.assignees = ctx.body.assignees.map(String);
  if (Array.isArray(ctx.body.labels)) applyLabels(ctx, repo, issue, labelNames(ctx.body.labels));
  const state = ctx.body.state;
  if ((state === 'closed' || state === 'open') && state !== issue.state) {
    issue.state = state;
    issue.updatedAt = at;
    const reason = ctx.body.state_reason;
    if (state === 'closed') {
      issue.closedAt = at;
      issue.closedBy = actorLogin(ctx.core, ctx.actor);
      issue.stateReason = reason === 'not_planned' ? 'not_planned' : 'completed';
    } else {
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = 'reopened';
    }
    emitIssueEvent(ctx, repo, issue, state === 'closed' ? 'closed' : 'reopened');
  }
}
