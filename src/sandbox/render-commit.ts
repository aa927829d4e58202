import type { SandboxCore } from './core.js';
import { apiUrl, htmlUrl, renderUser, shaped } from './render-core.js';
import { commitFields } from './render-git.js';
import { fullName, type Repo } from './state.js';
import type { FileChange } from './tree-diff.js';
import { loginOfEmail } from './noreply.js';

/** The GitHub user a commit signature belongs to (matched by email, as GitHub does), else null. */
function userFor(core: SandboxCore, email: string): Record<string, unknown> | null {
  const login = loginOfEmail(core, email);
  return login ? renderUser(core, login) : null;
}

/** A `diff-entry`: one changed file of a commit or comparison, linked at commit `at`. */
export function renderDiffEntry(
  core: SandboxCore,
  repo: Repo,
  change: FileChange,
  at: string,
): unknown {
  const name = fullName(repo);
  const path = change.path.split('/').map(encodeURIComponent).join('/');
  return shaped(core, 'diff-entry', {
    sha: change.sha,
    filename: change.path,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: htmlUrl(core, `/${name}/blob/${at}/${path}`),
    raw_url: htmlUrl(core, `/${name}/raw/${at}/${path}`),
    contents_url: apiUrl(core, `/repos/${name}/contents/${path}?ref=${at}`),
  });
}

/**
 * A commit as the commits and compare routes describe it (`commit`): the git data plus the
 * GitHub users behind its signatures, and with `files` the changed files and their stats.
 */
export function renderRestCommit(
  core: SandboxCore,
  repo: Repo,
  sha: string,
  files?: readonly FileChange[],
): Record<string, unknown> {
  const object = repo.git.objects.get(sha);
  if (object?.type !== 'commit') throw new Error(`${sha} is not a commit`);
  const name = fullName(repo);
  const git = commitFields(core, repo, sha, object);
  const extra: Record<string, unknown> = {};
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    extra.stats = { additions, deletions, total: additions + deletions };
    extra.files = files.map((f) => renderDiffEntry(core, repo, f, sha));
  }
  return shaped(core, 'commit', {
    url: apiUrl(core, `/repos/${name}/commits/${sha}`),
    sha,
    node_id: git.node_id,
    html_url: htmlUrl(core, `/${name}/commit/${sha}`),
    comments_url: apiUrl(core, `/repos/${name}/commits/${sha}/comments`),
    commit: {
      url: git.url,
      author: object.author,
      committer: object.committer,
      message: object.message,
      comment_count: 0,
      tree: git.tree,
      verification: git.verification,
    },
    author: userFor(core, object.author.email),
    committer: userFor(core, object.committer.email),
    parents: object.parents.map((p) => ({
      sha: p,
      url: apiUrl(core, `/repos/${name}/commits/${p}`),
      html_url: htmlUrl(core, `/${name}/commit/${p}`),
    })),
    ...extra,
  }) as Record<string, unknown>;
}
