import type { Actor } from './auth.js';
import { actorLogin, type SandboxCore } from './core.js';
import type { GitObject, Signature } from './git-store.js';
import { apiUrl, htmlUrl, nodeId, shaped } from './render-core.js';
import { fullName, type Repo } from './state.js';
import { noreplyEmail } from './noreply.js';

type Commit = Extract<GitObject, { type: 'commit' }>;

/** The signature GitHub puts on commits made through the API by an actor. */
export function signatureOf(core: SandboxCore, actor: Actor, override?: unknown): Signature {
  const login = actorLogin(core, actor);
  const given = (typeof override === 'object' && override !== null ? override : {}) as Record<
    string,
    unknown
  >;
  return {
    name: typeof given.name === 'string' ? given.name : login,
    email: typeof given.email === 'string' ? given.email : noreplyEmail(login),
    date: typeof given.date === 'string' ? given.date : core.clock.iso(),
  };
}

/** A stable number for node ids derived from a SHA. */
function shaNumber(sha: string): number {
  return Number.parseInt(sha.slice(0, 8), 16);
}

export function renderRef(core: SandboxCore, repo: Repo, ref: string, sha: string): unknown {
  const type = repo.git.objects.get(sha)?.type ?? 'commit';
  return shaped(core, 'git-ref', {
    ref,
    node_id: nodeId('REF', shaNumber(sha)),
    url: apiUrl(core, `/repos/${fullName(repo)}/git/${ref}`),
    object: { type, sha, url: apiUrl(core, `/repos/${fullName(repo)}/git/${type}s/${sha}`) },
  });
}

/** The `git-commit` shape (also used inside `file-commit`). */
export function commitFields(
  core: SandboxCore,
  repo: Repo,
  sha: string,
  commit: Commit,
): Record<string, unknown> {
  const name = fullName(repo);
  return {
    sha,
    node_id: nodeId('C', shaNumber(sha)),
    url: apiUrl(core, `/repos/${name}/git/commits/${sha}`),
    html_url: htmlUrl(core, `/${name}/commit/${sha}`),
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: apiUrl(core, `/repos/${name}/git/trees/${commit.tree}`) },
    parents: commit.parents.map((p) => ({
      sha: p,
      url: apiUrl(core, `/repos/${name}/git/commits/${p}`),
      html_url: htmlUrl(core, `/${name}/commit/${p}`),
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

export function renderCommit(core: SandboxCore, repo: Repo, sha: string, commit: Commit): unknown {
  return shaped(core, 'git-commit', commitFields(core, repo, sha, commit));
}

export function renderTree(
  core: SandboxCore,
  repo: Repo,
  sha: string,
  entries: { path: string; mode: string; type: string; sha: string }[],
): unknown {
  const name = fullName(repo);
  return shaped(core, 'git-tree', {
    sha,
    url: apiUrl(core, `/repos/${name}/git/trees/${sha}`),
    truncated: false,
    tree: entries.map((e) => {
      const object = repo.git.objects.get(e.sha);
      const entry: Record<string, unknown> = {
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        url: apiUrl(core, `/repos/${name}/git/${e.type}s/${e.sha}`),
      };
      if (object?.type === 'blob') entry.size = object.content.length;
      return entry;
    }),
  });
}

/** Base64 the way GitHub sends file contents: wrapped at 60 characters. */
export function wrappedBase64(content: Buffer): string {
  return (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
}
