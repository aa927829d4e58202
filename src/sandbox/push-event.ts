import type { SandboxCore } from './core.js';
import { emitEvent } from './events.js';
import { ancestors, commitsBetween, isAncestor } from './git-graph.js';
import type { Signature } from './git-store.js';
import { htmlUrl, renderRepo } from './render-core.js';
import { commitChanges } from './tree-diff.js';
import { fullName, type Repo } from './state.js';
import { loginOfEmail, noreplyEmail } from './noreply.js';

/** What `before` and `after` are for a ref that did not exist on one side of the push. */
export const ZERO_SHA = '0'.repeat(40);

/** GitHub lists at most this many commits in one `push` payload. */
export const PUSH_COMMIT_LIMIT = 2048;

/** One ref move, after it happened: `before`/`after` null when the ref was created/deleted. */
export interface RefMove {
  ref: string;
  before: string | null;
  after: string | null;
  /** Login of whoever pushed (the App's bot for installation tokens). */
  pusher: string;
}

function person(core: SandboxCore, signature: Signature): Record<string, unknown> {
  const username = loginOfEmail(core, signature.email);
  return { name: signature.name, email: signature.email, ...(username ? { username } : {}) };
}

function pushCommit(core: SandboxCore, repo: Repo, sha: string, distinct: boolean) {
  const commit = repo.git.objects.get(sha);
  if (commit?.type !== 'commit') throw new Error(`push lists ${sha}, which is not a commit`);
  const changes = commitChanges(repo.git, sha);
  const paths = (status: string) => changes.filter((c) => c.status === status).map((c) => c.path);
  return {
    id: sha,
    tree_id: commit.tree,
    distinct,
    message: commit.message,
    timestamp: commit.committer.date,
    url: htmlUrl(core, `/${fullName(repo)}/commit/${sha}`),
    author: person(core, commit.author),
    committer: person(core, commit.committer),
    added: paths('added'),
    removed: paths('removed'),
    modified: paths('modified'),
  };
}

/** `push` sends the repository with its times as Unix seconds, plus a few legacy fields. */
function pushRepository(core: SandboxCore, repo: Repo): Record<string, unknown> {
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const org = core.state.org?.login === repo.owner ? { organization: repo.owner } : {};
  return {
    ...renderRepo(core, repo),
    created_at: seconds(repo.createdAt),
    pushed_at: seconds(repo.pushedAt),
    master_branch: repo.defaultBranch,
    stargazers: 0,
    ...org,
  };
}

/** Other branches whose head is `sha` (the default branch first): where a new ref came from. */
function baseRefFor(repo: Repo, ref: string, sha: string): string | null {
  const defaultRef = `refs/heads/${repo.defaultBranch}`;
  const branches = [...repo.git.refs]
    .filter(([name, head]) => name.startsWith('refs/heads/') && name !== ref && head === sha)
    .map(([name]) => name)
    .sort((a, b) => (a === defaultRef ? -1 : b === defaultRef ? 1 : a.localeCompare(b)));
  return branches[0] ?? null;
}

/**
 * The commits a push introduces, oldest first. An update lists `before..after`; a new branch
 * lists what its default branch lacks; a new tag lists none (GitHub names the tagged commit
 * only as `head_commit`). Past the limit, the newest commits are kept.
 */
function pushedCommits(repo: Repo, move: RefMove): string[] {
  if (!move.after || move.ref.startsWith('refs/tags/')) return [];
  if (move.before) return commitsBetween(repo.git, [move.before], move.after);
  const defaultRef = `refs/heads/${repo.defaultBranch}`;
  const defaultHead = move.ref === defaultRef ? undefined : repo.git.refs.get(defaultRef);
  return commitsBetween(repo.git, defaultHead ? [defaultHead] : [], move.after);
}

/**
 * Sends GitHub's `push` event for a ref that moved (branch or tag; created, updated, forced or
 * deleted). A commit is `distinct` unless another branch or tag already had it.
 */
export function emitPush(core: SandboxCore, repo: Repo, move: RefMove): void {
  const name = fullName(repo);
  const short = move.ref.replace(/^refs\/(heads|tags)\//, '');
  const listed = pushedCommits(repo, move).slice(-PUSH_COMMIT_LIMIT);
  const known = new Set<string>();
  for (const [ref, head] of repo.git.refs) {
    if (ref !== move.ref) for (const sha of ancestors(repo.git, head)) known.add(sha);
  }
  const commits = listed.map((sha) => pushCommit(core, repo, sha, !known.has(sha)));
  const abbreviated = (sha: string | null) => (sha ?? ZERO_SHA).slice(0, 12);
  const compare =
    move.before === null
      ? `/${name}/compare/${short}`
      : `/${name}/compare/${abbreviated(move.before)}...${abbreviated(move.after)}`;
  const forced =
    move.before !== null && move.after !== null && !isAncestor(repo.git, move.before, move.after);
  // A ref may name a tree or blob (the refs API allows it); then no commit heads the push.
  const after = move.after;
  const head =
    after && repo.git.objects.get(after)?.type === 'commit'
      ? (commits.find((c) => c.id === after) ?? pushCommit(core, repo, after, !known.has(after)))
      : null;
  const pusher = core.state.users.get(move.pusher);
  emitEvent(core, {
    event: 'push',
    repo,
    sender: move.pusher,
    fields: {
      ref: move.ref,
      before: move.before ?? ZERO_SHA,
      after: move.after ?? ZERO_SHA,
      created: move.before === null,
      deleted: move.after === null,
      forced,
      base_ref: move.before === null && move.after ? baseRefFor(repo, move.ref, move.after) : null,
      compare: htmlUrl(core, compare),
      commits,
      head_commit: head,
      pusher: {
        name: move.pusher,
        email:
          pusher?.type === 'Bot'
            ? noreplyEmail(`${pusher.id}+${move.pusher}`)
            : noreplyEmail(move.pusher),
      },
      repository: pushRepository(core, repo),
    },
  });
}
