import type { SandboxCore } from './core.js';
import { apiUrl, htmlUrl, nodeId, renderRepo, renderUser, shaped } from './render-core.js';
import {
  fullName,
  type Comment,
  type Issue,
  type Label,
  type Reaction,
  type Repo,
} from './state.js';

const CONTENTS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;

/** The `reaction-rollup` GitHub embeds in issues and comments. */
export function reactionRollup(
  core: SandboxCore,
  url: string,
  reactions: readonly Reaction[] = [],
): unknown {
  const counts: Record<string, number> = Object.fromEntries(CONTENTS.map((c) => [c, 0]));
  for (const r of reactions) counts[r.content] = (counts[r.content] ?? 0) + 1;
  return shaped(core, 'reaction-rollup', {
    url: `${url}/reactions`,
    total_count: reactions.length,
    ...counts,
  });
}

export function renderLabel(core: SandboxCore, repo: Repo, label: Label): unknown {
  return shaped(core, 'label', {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: apiUrl(core, `/repos/${fullName(repo)}/labels/${encodeURIComponent(label.name)}`),
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  });
}

/** The label object for a name on an issue (labels are created on first use, as on GitHub). */
export function labelFor(core: SandboxCore, repo: Repo, name: string): Label {
  const existing = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (existing) return existing;
  const label: Label = { id: core.state.nextId(), name, color: 'ededed', description: null };
  repo.labels.push(label);
  return label;
}

function authorAssociation(core: SandboxCore, repo: Repo, login: string): string {
  if (login === repo.owner) return 'OWNER';
  if (repo.collaborators.has(login)) return 'COLLABORATOR';
  if (core.state.org?.login === repo.owner && core.state.org.members.has(login)) return 'MEMBER';
  return 'NONE';
}

export function renderIssue(core: SandboxCore, repo: Repo, issue: Issue): Record<string, unknown> {
  const base = `/repos/${fullName(repo)}/issues/${issue.number}`;
  const partial: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PR' : 'I', issue.id),
    url: apiUrl(core, base),
    repository_url: apiUrl(core, `/repos/${fullName(repo)}`),
    labels_url: apiUrl(core, `${base}/labels{/name}`),
    comments_url: apiUrl(core, `${base}/comments`),
    events_url: apiUrl(core, `${base}/events`),
    html_url: htmlUrl(core, `/${fullName(repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`),
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderUser(core, issue.user),
    labels: issue.labels.map((name) => renderLabel(core, repo, labelFor(core, repo, name))),
    assignee: issue.assignees[0] ? renderUser(core, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => renderUser(core, login)),
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closedAt,
    closed_by: issue.closedBy ? renderUser(core, issue.closedBy) : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: authorAssociation(core, repo, issue.user),
    reactions: reactionRollup(core, apiUrl(core, base), issue.reactions),
  };
  if (issue.pull) {
    partial.pull_request = {
      url: apiUrl(core, `/repos/${fullName(repo)}/pulls/${issue.number}`),
      html_url: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}`),
      diff_url: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}.diff`),
      patch_url: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}.patch`),
      merged_at: issue.pull.mergedAt,
    };
  }
  return shaped(core, 'issue', partial) as Record<string, unknown>;
}

export function renderComment(
  core: SandboxCore,
  repo: Repo,
  issue: Issue,
  comment: Comment,
): Record<string, unknown> {
  return shaped(core, 'issue-comment', {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url: apiUrl(core, `/repos/${fullName(repo)}/issues/comments/${comment.id}`),
    html_url: htmlUrl(core, `/${fullName(repo)}/issues/${issue.number}#issuecomment-${comment.id}`),
    issue_url: apiUrl(core, `/repos/${fullName(repo)}/issues/${issue.number}`),
    body: comment.body,
    user: renderUser(core, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(core, repo, comment.user),
    reactions: reactionRollup(
      core,
      apiUrl(core, `/repos/${fullName(repo)}/issues/comments/${comment.id}`),
      comment.reactions,
    ),
  }) as Record<string, unknown>;
}

/** A pull request as `pull-request` (or `pull-request-simple` for lists) describes it. */
export function renderPull(
  core: SandboxCore,
  repo: Repo,
  issue: Issue,
  schema: 'pull-request' | 'pull-request-simple' = 'pull-request',
): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`issue #${issue.number} is not a pull request`);
  const base = `/repos/${fullName(repo)}/pulls/${issue.number}`;
  const ref = (branch: string, sha: string) => ({
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha,
    user: renderUser(core, repo.owner),
    repo: renderRepo(core, repo),
  });
  const baseSha = repo.git.refs.get(`refs/heads/${pull.base}`) ?? pull.headSha;
  const {
    pull_request: _pr,
    repository_url: _repoUrl,
    labels_url: _labelsUrl,
    events_url: _eventsUrl,
    closed_by: _closedBy,
    state_reason: _reason,
    ...issuePart
  } = renderIssue(core, repo, issue);
  const links = (path: string) => ({ href: apiUrl(core, path) });
  return shaped(core, schema, {
    ...issuePart,
    url: apiUrl(core, base),
    issue_url: apiUrl(core, `/repos/${fullName(repo)}/issues/${issue.number}`),
    commits_url: apiUrl(core, `${base}/commits`),
    review_comments_url: apiUrl(core, `${base}/comments`),
    review_comment_url: apiUrl(core, `/repos/${fullName(repo)}/pulls/comments{/number}`),
    statuses_url: apiUrl(core, `/repos/${fullName(repo)}/statuses/${pull.headSha}`),
    diff_url: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}.diff`),
    patch_url: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}.patch`),
    head: ref(pull.head, pull.headSha),
    base: ref(pull.base, baseSha),
    merged: pull.merged,
    merged_at: pull.mergedAt,
    merged_by: pull.mergedBy ? renderUser(core, pull.mergedBy) : null,
    merge_commit_sha: pull.mergeCommitSha,
    draft: pull.draft,
    mergeable: pull.merged ? null : true,
    mergeable_state: pull.merged ? 'unknown' : 'clean',
    auto_merge: null,
    requested_reviewers: [],
    requested_teams: [],
    _links: {
      self: links(base),
      html: { href: htmlUrl(core, `/${fullName(repo)}/pull/${issue.number}`) },
      issue: links(`/repos/${fullName(repo)}/issues/${issue.number}`),
      comments: links(`/repos/${fullName(repo)}/issues/${issue.number}/comments`),
      review_comments: links(`${base}/comments`),
      review_comment: links(`/repos/${fullName(repo)}/pulls/comments{/number}`),
      commits: links(`${base}/commits`),
      statuses: links(`/repos/${fullName(repo)}/statuses/${pull.headSha}`),
    },
  }) as Record<string, unknown>;
}
