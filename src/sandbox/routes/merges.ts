import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { isAncestor, resolveRevision } from '../git-graph.js';
import { putObject } from '../git-store.js';
import { GitHubError, json, type RouteContext, type RouteTable, text } from '../http.js';
import { moveRef } from '../ref-write.js';
import { renderRestCommit } from '../render-commit.js';
import { signatureOf } from '../render-git.js';
import { mergeCommits } from '../tree-merge.js';

/**
 * `POST …/merges`: merges a branch or SHA into a branch with a merge commit (201), nothing when
 * the base already has the head (204), 404 for a missing side, 409 "Merge conflict" when a file
 * changed on both sides since the merge base. The base branch moves, so `push` is sent.
 */
function merge(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'contents');
  const base = text(ctx.body.base, '');
  const head = text(ctx.body.head, '');
  const baseRef = `refs/heads/${base}`;
  const baseSha = repo.git.refs.get(baseRef);
  if (!baseSha) throw new GitHubError(404, 'Base does not exist');
  const headSha = resolveRevision(repo.git, head);
  if (!headSha) throw new GitHubError(404, 'Head does not exist');
  if (isAncestor(repo.git, headSha, baseSha)) return { status: 204 };
  const merged = mergeCommits(repo.git, baseSha, headSha);
  if (!merged.ok) throw new GitHubError(409, 'Merge conflict');
  const message =
    typeof ctx.body.commit_message === 'string'
      ? ctx.body.commit_message
      : `Merge ${head} into ${base}`;
  const signature = signatureOf(ctx.core, ctx.actor);
  const sha = putObject(repo.git, {
    type: 'commit',
    tree: merged.tree,
    parents: [baseSha, headSha],
    message,
    author: signature,
    committer: signature,
  });
  recordPublicWrite(ctx.core, repo, 'commit-message', message, ctx.actor);
  moveRef(ctx.core, repo, baseRef, sha, actorLogin(ctx.core, ctx.actor));
  return json(201, renderRestCommit(ctx.core, repo, sha));
}

/** The merges API (`repos/merge`). */
export function registerMergeRoutes(routes: RouteTable): void {
  routes.set('repos/merge', merge);
}
