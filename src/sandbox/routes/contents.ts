import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite, type SandboxCore } from '../core.js';
import {
  commitFiles,
  commitTree,
  lookupPath,
  resolveCommit,
  type TreeEntry,
} from '../git-store.js';
import { GitHubError, json, notFound, unprocessable, type RouteTable, text } from '../http.js';
import { apiUrl, htmlUrl, renderRepo, shaped } from '../render-core.js';
import { commitFields, signatureOf, wrappedBase64 } from '../render-git.js';
import { moveRef } from '../ref-write.js';
import { fullName, type Repo } from '../state.js';

function entryFields(core: SandboxCore, repo: Repo, path: string, entry: TreeEntry, ref: string) {
  const name = fullName(repo);
  const kind = entry.type === 'tree' ? 'dir' : 'file';
  const blob = repo.git.objects.get(entry.sha);
  const self = apiUrl(core, `/repos/${name}/contents/${path}?ref=${encodeURIComponent(ref)}`);
  const git = apiUrl(
    core,
    `/repos/${name}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
  );
  const html = htmlUrl(core, `/${name}/${kind === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`);
  return {
    type: kind,
    size: blob?.type === 'blob' ? blob.content.length : 0,
    name: path.split('/').at(-1) ?? path,
    path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: kind === 'file' ? `${core.baseUrl}/_raw/${name}/${ref}/${path}` : null,
    _links: { self, git, html },
  };
}

/** The contents API: read files and directories, create or update a file with one commit. */
export function registerContentRoutes(routes: RouteTable): void {
  routes.set('repos/get-content', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const ref = ctx.query.get('ref') ?? repo.defaultBranch;
    const commit = resolveCommit(repo.git, ref);
    const tree = commit ? commitTree(repo.git, commit) : undefined;
    const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
    const entry = tree ? lookupPath(repo.git, tree, path) : undefined;
    if (!entry) throw notFound();
    const accept = text(ctx.headers.accept, '');
    if (entry.type === 'blob') {
      const blob = repo.git.objects.get(entry.sha);
      const content = blob?.type === 'blob' ? blob.content : Buffer.alloc(0);
      if (accept.includes('.raw')) {
        return {
          status: 200,
          raw: {
            contentType: 'application/vnd.github.raw; charset=utf-8',
            text: content.toString('utf8'),
          },
        };
      }
      return json(
        200,
        shaped(ctx.core, 'content-file', {
          ...entryFields(ctx.core, repo, path, entry, ref),
          content: wrappedBase64(content),
          encoding: 'base64',
        }),
      );
    }
    const dir = repo.git.objects.get(entry.sha);
    const children = dir?.type === 'tree' ? dir.entries : [];
    return json(
      200,
      children.map((child) =>
        entryFields(ctx.core, repo, path === '' ? child.name : `${path}/${child.name}`, child, ref),
      ),
    );
  });
  routes.set('repos/create-or-update-file-contents', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const path = (ctx.params.path ?? '').replace(/^\/+/, '');
    const branch = typeof ctx.body.branch === 'string' ? ctx.body.branch : repo.defaultBranch;
    const ref = `refs/heads/${branch}`;
    const head = repo.git.refs.get(ref);
    if (!head) throw notFound();
    const tree = commitTree(repo.git, head) ?? '';
    const existing = lookupPath(repo.git, tree, path);
    const given = typeof ctx.body.sha === 'string' ? ctx.body.sha : undefined;
    if (existing && !given) throw unprocessable(`Invalid request.\n\n"sha" wasn't supplied.`);
    if (existing && given !== existing.sha)
      throw new GitHubError(409, `${path} does not match ${given ?? ''}`);
    if (existing?.type === 'tree') throw unprocessable(`${path} is a directory`);
    const content = Buffer.from(text(ctx.body.content, ''), 'base64').toString('utf8');
    const message = text(ctx.body.message, '');
    const author = signatureOf(ctx.core, ctx.actor, ctx.body.author ?? ctx.body.committer);
    const sha = commitFiles(repo.git, head, { [path]: content }, message, author);
    moveRef(ctx.core, repo, ref, sha, actorLogin(ctx.core, ctx.actor));
    recordPublicWrite(ctx.core, repo, 'commit-message', message, ctx.actor);
    recordPublicWrite(ctx.core, repo, 'path', path, ctx.actor);
    recordPublicWrite(ctx.core, repo, 'file', content, ctx.actor);
    const commit = repo.git.objects.get(sha);
    const entry = lookupPath(repo.git, commitTree(repo.git, sha) ?? '', path);
    if (commit?.type !== 'commit' || !entry) throw new Error('commit just written is missing');
    return json(existing ? 200 : 201, {
      content: entryFields(ctx.core, repo, path, entry, branch),
      commit: commitFields(ctx.core, repo, sha, commit),
    });
  });
  routes.set('repos/get', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'metadata');
    return json(200, renderRepo(ctx.core, repo, 'full-repository'));
  });
  routes.set('repos/get-branch', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const branch = ctx.params.branch ?? '';
    const sha = repo.git.refs.get(`refs/heads/${branch}`);
    const commit = sha ? repo.git.objects.get(sha) : undefined;
    if (!sha || commit?.type !== 'commit') throw notFound();
    const name = fullName(repo);
    return json(
      200,
      shaped(ctx.core, 'branch-with-protection', {
        name: branch,
        commit: {
          sha,
          node_id: commitFields(ctx.core, repo, sha, commit).node_id,
          url: apiUrl(ctx.core, `/repos/${name}/commits/${sha}`),
          html_url: htmlUrl(ctx.core, `/${name}/commit/${sha}`),
          comments_url: apiUrl(ctx.core, `/repos/${name}/commits/${sha}/comments`),
          commit: { ...commitFields(ctx.core, repo, sha, commit), comment_count: 0 },
          parents: commit.parents.map((p) => ({
            sha: p,
            url: apiUrl(ctx.core, `/repos/${name}/commits/${p}`),
          })),
          author: null,
          committer: null,
        },
        _links: {
          html: htmlUrl(ctx.core, `/${name}/tree/${branch}`),
          self: apiUrl(ctx.core, `/repos/${name}/branches/${branch}`),
        },
        protected: false,
        protection: { enabled: false },
        protection_url: apiUrl(ctx.core, `/repos/${name}/branches/${branch}/protection`),
      }),
    );
  });
}
