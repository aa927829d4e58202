import { requireRepo } from '../access.js';
import { actorLogin } from '../core.js';
import { json, notFound, text, type RouteContext, type RouteTable } from '../http.js';
import { nodeId, renderUser } from '../render-core.js';
import type { Reaction } from '../state.js';
import { issueFor } from './issues.js';

function react(ctx: RouteContext, list: Reaction[]) {
  const content = text(ctx.body.content);
  const user = actorLogin(ctx.core, ctx.actor);
  const existing = list.find((r) => r.user === user && r.content === content);
  const reaction = existing ?? {
    id: ctx.core.state.nextId(),
    content,
    user,
    createdAt: ctx.core.clock.iso(),
  };
  if (!existing) list.push(reaction);
  return json(existing ? 200 : 201, {
    id: reaction.id,
    node_id: nodeId('REA', reaction.id),
    user: renderUser(ctx.core, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  });
}

/** Reactions on issues and issue comments (the App acknowledges commands with one). */
export function registerReactionRoutes(routes: RouteTable): void {
  routes.set('reactions/create-for-issue', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const issue = issueFor(repo, ctx.params.issue_number);
    issue.reactions ??= [];
    return react(ctx, issue.reactions);
  });
  routes.set('reactions/create-for-issue-comment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'issues');
    const comment = repo.issues
      .flatMap((i) => i.comments)
      .find((c) => String(c.id) === ctx.params.comment_id);
    if (!comment) throw notFound();
    comment.reactions ??= [];
    return react(ctx, comment.reactions);
  });
}
