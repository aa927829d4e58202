import type { Actor } from './auth.js';
import { recordPublicWrite, type SandboxCore } from './core.js';
import { emitEvent } from './events.js';
import { commitsBetween } from './git-graph.js';
import { putObject, type GitStore, type Signature } from './git-store.js';
import { moveRef } from './ref-write.js';
import { renderPull } from './render-issues.js';
import type { Issue, Repo } from './state.js';
import { mergeCommits, mergeOver } from './tree-merge.js';
import { noreplyEmail } from './noreply.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** What the merge button is given: the REST route passes these, the admin route only `by`. */
export interface PullMergeRequest {
  repo: string;
  number: number;
  /** The user (or the App's bot) pressing the button. */
  by: string;
  actor: Actor;
  method?: MergeMethod;
  /** The head SHA the caller expects; a different head refuses the merge (409). */
  sha?: string;
  commitTitle?: string;
  commitMessage?: string;
}

/** The merge result, or the HTTP status and message GitHub answers instead. */
export type PullMergeOutcome =
  | { ok: true; sha: string }
  | { ok: false; status: 404 | 405 | 409 | 422; error: string; conflicts?: string[] };

/** Why a temporary private fork refuses the merge button, here and on the REST route. */
export const FORK_MERGE_REFUSAL =
  'Pull requests in a temporary private fork cannot be merged on their own: they are merged ' +
  'into the upstream repository with the security advisory\'s "Merge pull request(s)" button ' +
  '(POST /_sandbox/advisories/merge in the sandbox).';

/** Sends a `pull_request` event for a change to a pull request. */
export function emitPullEvent(
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

function signatureFor(login: string, date: string): Signature {
  return { name: login, email: noreplyEmail(login), date };
}

/** Replays each commit of `base..head` onto `base` (GitHub's "Rebase and merge"). */
function rebaseOnto(
  store: GitStore,
  base: string,
  head: string,
  committer: Signature,
): { ok: true; sha: string } | { ok: false; conflicts: string[] } {
  let current = base;
  for (const sha of commitsBetween(store, [base], head)) {
    const commit = store.objects.get(sha);
    if (commit?.type !== 'commit') continue;
    const applied = mergeOver(store, commit.parents[0], current, sha);
    if (!applied.ok) return { ok: false, conflicts: applied.conflicts };
    current = putObject(store, { ...commit, tree: applied.tree, parents: [current], committer });
  }
  return { ok: true, sha: current };
}

/** The commit the chosen method puts on the base branch. */
function mergeResult(
  repo: Repo,
  issue: Issue,
  request: PullMergeRequest,
  baseSha: string,
  headSha: string,
  signature: Signature,
): { ok: true; sha: string } | { ok: false; conflicts: string[] } {
  const pull = issue.pull;
  const store = repo.git;
  const method = request.method ?? 'merge';
  if (method === 'rebase') return rebaseOnto(store, baseSha, headSha, signature);
  const merged = mergeCommits(store, baseSha, headSha);
  if (!merged.ok) return merged;
  const commits = commitsBetween(store, [baseSha], headSha).map((sha) => {
    const c = store.objects.get(sha);
    return c?.type === 'commit' ? c.message : '';
  });
  const title =
    request.commitTitle ??
    (method === 'squash'
      ? `${issue.title} (#${issue.number})`
      : `Merge pull request #${issue.number} from ${repo.owner}/${pull?.head ?? ''}`);
  const body =
    request.commitMessage ??
    (method === 'squash' ? commits.map((m) => `* ${m}`).join('\n\n') : issue.title);
  const sha = putObject(store, {
    type: 'commit',
    tree: merged.tree,
    parents: method === 'squash' ? [baseSha] : [baseSha, headSha],
    message: body === '' ? title : `${title}\n\n${body}`,
    author: signature,
    committer: signature,
  });
  return { ok: true, sha };
}

/**
 * Merges a pull request as `by` would press the button: moves the base branch (sending `push`),
 * marks the pull request merged and sends `pull_request.closed`. Files changed on both sides to
 * different contents refuse the merge, as does a pull request in a temporary private fork.
 */
export function mergePullRequest(core: SandboxCore, request: PullMergeRequest): PullMergeOutcome {
  const { number, by } = request;
  const repo = core.state.repos.get(request.repo);
  const issue = repo?.issues.find((i) => i.number === number);
  const pull = issue?.pull;
  if (!repo || !issue || !pull)
    return { ok: false, status: 404, error: `no pull request #${number} in ${request.repo}` };
  if (repo.forkOf) return { ok: false, status: 405, error: FORK_MERGE_REFUSAL };
  if (pull.merged || issue.state === 'closed')
    return { ok: false, status: 405, error: `Pull Request #${number} is not open` };
  if (pull.draft) return { ok: false, status: 405, error: 'Pull Request is still a draft' };
  if (!core.state.users.has(by)) return { ok: false, status: 404, error: `no user "${by}"` };
  const baseRef = `refs/heads/${pull.base}`;
  const baseSha = repo.git.refs.get(baseRef);
  const headSha = repo.git.refs.get(`refs/heads/${pull.head}`) ?? pull.headSha;
  if (!baseSha) return { ok: false, status: 422, error: `Base branch ${pull.base} is gone` };
  if (request.sha !== undefined && request.sha !== headSha) {
    return {
      ok: false,
      status: 409,
      error: 'Head branch was modified. Review and try the merge again.',
    };
  }
  const at = core.clock.iso();
  const result = mergeResult(repo, issue, request, baseSha, headSha, signatureFor(by, at));
  if (!result.ok) {
    return {
      ok: false,
      status: 405,
      error: `Pull Request is not mergeable: merge conflict in ${result.conflicts.join(', ')}`,
      conflicts: result.conflicts,
    };
  }
  const merged = repo.git.objects.get(result.sha);
  if (merged?.type === 'commit')
    recordPublicWrite(core, repo, 'commit-message', merged.message, request.actor);
  moveRef(core, repo, baseRef, result.sha, by);
  Object.assign(pull, {
    merged: true,
    mergedAt: at,
    mergedBy: by,
    mergeCommitSha: result.sha,
    headSha,
  });
  Object.assign(issue, {
    state: 'closed',
    closedAt: at,
    closedBy: by,
    updatedAt: at,
    stateReason: 'completed',
  });
  emitPullEvent(core, repo, issue, 'closed', by);
  return { ok: true, sha: result.sha };
}
