import { atLeast, userPermission } from './access.js';
import { recordPublicWrite, type SandboxCore } from './core.js';
import { putObject, type GitStore } from './git-store.js';
import { moveRef } from './ref-write.js';
import { fullName, type Advisory, type Issue, type Repo } from './state.js';
import { mergeCommits } from './tree-merge.js';
import { noreplyEmail } from './noreply.js';

/** What the advisory page's "Merge pull request(s)" button merged: one merge commit per PR. */
export interface AdvisoryMergeResult {
  repo: string;
  branch: string;
  /** The upstream default branch's new head (the last merge commit). */
  head: string;
  merges: { number: number; sha: string }[];
}

export type AdvisoryMergeOutcome =
  { ok: true; result: AdvisoryMergeResult } | { ok: false; error: string; conflicts?: string[] };

/** The open pull requests of an advisory's temporary private fork, oldest first. */
export function openForkPulls(core: SandboxCore, advisory: Advisory): Issue[] {
  const fork = advisory.privateFork ? core.state.repos.get(advisory.privateFork) : undefined;
  return (fork?.issues ?? [])
    .filter((i) => i.pull && i.state === 'open')
    .sort((a, b) => a.number - b.number);
}

/** Copies a commit and everything it reaches (parents, trees, blobs) that `to` lacks. */
function copyObjects(from: GitStore, to: GitStore, sha: string): void {
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.pop() ?? '';
    if (to.objects.has(next)) continue;
    const object = from.objects.get(next);
    if (!object) continue;
    to.objects.set(next, object);
    if (object.type === 'commit') queue.push(object.tree, ...object.parents);
    if (object.type === 'tree') queue.push(...object.entries.map((e) => e.sha));
  }
}

function forkOf(
  core: SandboxCore,
  repoName: string,
  ghsaId: string,
): { upstream: Repo; advisory: Advisory; fork: Repo } | string {
  const upstream = core.state.repos.get(repoName);
  if (!upstream) return `no repository ${repoName}`;
  const advisory = upstream.advisories.find((a) => a.ghsaId === ghsaId);
  if (!advisory) return `no advisory ${ghsaId} in ${repoName}`;
  const fork = advisory.privateFork ? core.state.repos.get(advisory.privateFork) : undefined;
  if (!fork) return `advisory ${ghsaId} has no temporary private fork`;
  return { upstream, advisory, fork };
}

/**
 * The advisory's "Merge pull request(s)" button: every open pull request of the temporary
 * private fork is merged into the upstream default branch, one merge commit each (parents: the
 * upstream head, the PR head), after copying the fork's objects upstream. All or nothing: a
 * conflict changes no ref and no pull request. Sends `push` upstream, no `pull_request` event
 * (the fork's pull requests are not upstream's).
 */
export function mergeAdvisoryPulls(
  core: SandboxCore,
  request: { repo: string; ghsaId: string; by: string },
): AdvisoryMergeOutcome {
  const found = forkOf(core, request.repo, request.ghsaId);
  if (typeof found === 'string') return { ok: false, error: found };
  const { upstream, advisory, fork } = found;
  const by = request.by;
  if (!core.state.users.has(by)) return { ok: false, error: `no user "${by}"` };
  if (!atLeast(userPermission(core, upstream, by), 'admin')) {
    return {
      ok: false,
      error: `${by} is not an admin of ${request.repo}: only repository admins merge an advisory's pull requests`,
    };
  }
  const pulls = openForkPulls(core, advisory);
  if (pulls.length === 0) return { ok: false, error: `${fullName(fork)} has no open pull request` };
  const branch = upstream.defaultBranch;
  const baseRef = `refs/heads/${branch}`;
  const start = upstream.git.refs.get(baseRef);
  if (!start) return { ok: false, error: `${request.repo} has no branch ${branch}` };
  const at = core.clock.iso();
  const signature = { name: by, email: noreplyEmail(by), date: at };
  let head = start;
  const merges: { number: number; sha: string; message: string }[] = [];
  for (const issue of pulls) {
    const pull = issue.pull;
    if (!pull) continue;
    const prHead = fork.git.refs.get(`refs/heads/${pull.head}`) ?? pull.headSha;
    copyObjects(fork.git, upstream.git, prHead);
    const merged = mergeCommits(upstream.git, head, prHead);
    if (!merged.ok) {
      return {
        ok: false,
        error: `Merge conflict: ${fullName(fork)}#${issue.number} and ${request.repo}@${branch} both change ${merged.conflicts.join(', ')}`,
        conflicts: merged.conflicts,
      };
    }
    // GitHub titles the advisory's merges "Merge pull request from GHSA-…" on the public branch.
    const message = `Merge pull request from ${advisory.ghsaId}`;
    head = putObject(upstream.git, {
      type: 'commit',
      tree: merged.tree,
      parents: [head, prHead],
      message,
      author: signature,
      committer: signature,
    });
    merges.push({ number: issue.number, sha: head, message });
  }
  const actor = { kind: 'user', login: by } as const;
  for (const m of merges) recordPublicWrite(core, upstream, 'commit-message', m.message, actor);
  moveRef(core, upstream, baseRef, head, by);
  for (const [i, issue] of pulls.entries()) {
    const sha = merges[i]?.sha ?? null;
    if (!issue.pull) continue;
    const headSha = fork.git.refs.get(`refs/heads/${issue.pull.head}`) ?? issue.pull.headSha;
    Object.assign(issue.pull, {
      merged: true,
      mergedAt: at,
      mergedBy: by,
      mergeCommitSha: sha,
      headSha,
    });
    Object.assign(issue, {
      state: 'closed',
      closedAt: at,
      closedBy: by,
      updatedAt: at,
      stateReason: 'completed',
    });
  }
  return {
    ok: true,
    result: {
      repo: request.repo,
      branch,
      head,
      merges: merges.map(({ number, sha }) => ({ number, sha })),
    },
  };
}
