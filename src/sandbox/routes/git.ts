import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { isAncestor } from '../git-graph.js';
import { buildTree, commitTree, flattenTree, putObject, type FileEntry } from '../git-store.js';
import {
  GitHubError,
  json,
  notFound,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { apiUrl } from '../render-core.js';
import { renderCommit, renderRef, renderTree, signatureOf, wrappedBase64 } from '../render-git.js';
import { moveRef } from '../ref-write.js';
import { fullName, type Repo } from '../state.js';

function commitOr404(repo: Repo, sha: string | undefined) {
  const object = sha ? repo.git.objects.get(sha) : undefined;
  if (object?.type !== 'commit' || !sha) throw notFound();
  return { sha, commit: object };
}

function treeEntries(repo: Repo, treeSha: string, recursive: boolean) {
  if (recursive) {
    return [...flattenTree(repo.git, treeSha)].map(([path, f]) => ({
      path,
      mode: f.mode,
      type: 'blob',
      sha: f.sha,
    }));
  }
  const tree = repo.git.objects.get(treeSha);
  if (tree?.type !== 'tree') throw notFound();
  return tree.entries.map((e) => ({ path: e.name, mode: e.mode, type: e.type, sha: e.sha }));
}

export function registerGitRoutes(routes: RouteTable): void {
  routes.set('git/get-ref', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const ref = `refs/${ctx.params.ref ?? ''}`;
    const sha = repo.git.refs.get(ref);
    if (!sha) throw notFound();
    return json(200, renderRef(ctx.core, repo, ref, sha));
  });
  routes.set('git/list-matching-refs', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const prefix = `refs/${ctx.params.ref ?? ''}`;
    const refs = [...repo.git.refs]
      .filter(([ref]) => ref.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b));
    return json(
      200,
      refs.map(([ref, sha]) => renderRef(ctx.core, repo, ref, sha)),
    );
  });
  routes.set('git/create-ref', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const ref = text(ctx.body.ref, '');
    const sha = text(ctx.body.sha, '');
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
      throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
    }
    if (repo.git.refs.has(ref)) throw unprocessable('Reference already exists');
    if (!repo.git.objects.has(sha)) throw unprocessable('Object does not exist');
    recordPublicWrite(ctx.core, repo, 'ref', ref, ctx.actor);
    moveRef(ctx.core, repo, ref, sha, actorLogin(ctx.core, ctx.actor));
    return json(201, renderRef(ctx.core, repo, ref, sha));
  });
  routes.set('git/update-ref', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const ref = `refs/${ctx.params.ref ?? ''}`;
    const current = repo.git.refs.get(ref);
    if (!current) throw unprocessable('Reference does not exist');
    const sha = text(ctx.body.sha, '');
    if (repo.git.objects.get(sha)?.type !== 'commit') throw unprocessable('Object does not exist');
    if (ctx.body.force !== true && !isAncestor(repo.git, current, sha))
      throw unprocessable('Update is not a fast forward');
    moveRef(ctx.core, repo, ref, sha, actorLogin(ctx.core, ctx.actor));
    return json(200, renderRef(ctx.core, repo, ref, sha));
  });
  routes.set('git/delete-ref', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const ref = `refs/${ctx.params.ref ?? ''}`;
    if (!repo.git.refs.has(ref)) throw unprocessable('Reference does not exist');
    moveRef(ctx.core, repo, ref, null, actorLogin(ctx.core, ctx.actor));
    return { status: 204 };
  });
  routes.set('git/get-commit', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const { sha, commit } = commitOr404(repo, ctx.params.commit_sha);
    return json(200, renderCommit(ctx.core, repo, sha, commit));
  });
  routes.set('git/create-commit', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const tree = text(ctx.body.tree, '');
    if (repo.git.objects.get(tree)?.type !== 'tree') throw unprocessable('Tree SHA does not exist');
    const parents = Array.isArray(ctx.body.parents) ? ctx.body.parents.map(String) : [];
    for (const parent of parents) {
      if (repo.git.objects.get(parent)?.type !== 'commit')
        throw unprocessable('Parent SHA does not exist or is not a commit object');
    }
    const message = text(ctx.body.message, '');
    const author = signatureOf(ctx.core, ctx.actor, ctx.body.author);
    const committer = signatureOf(ctx.core, ctx.actor, ctx.body.committer ?? ctx.body.author);
    const sha = putObject(repo.git, { type: 'commit', tree, parents, message, author, committer });
    recordPublicWrite(ctx.core, repo, 'commit-message', message, ctx.actor);
    const { commit } = commitOr404(repo, sha);
    return json(201, renderCommit(ctx.core, repo, sha, commit));
  });
  routes.set('git/get-tree', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const name = ctx.params.tree_sha ?? '';
    const object = repo.git.objects.get(name);
    const sha =
      object?.type === 'commit'
        ? object.tree
        : object?.type === 'tree'
          ? name
          : commitTree(repo.git, repo.git.refs.get(`refs/heads/${name}`) ?? '');
    if (!sha) throw notFound();
    const recursive = ['1', 'true'].includes(ctx.query.get('recursive') ?? '');
    return json(200, renderTree(ctx.core, repo, sha, treeEntries(repo, sha, recursive)));
  });
  routes.set('git/create-tree', (ctx) => createTree(ctx));
  routes.set('git/get-blob', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const sha = ctx.params.file_sha ?? '';
    const blob = repo.git.objects.get(sha);
    if (blob?.type !== 'blob') throw notFound();
    return json(200, {
      sha,
      node_id: `B_${sha.slice(0, 12)}`,
      url: apiUrl(ctx.core, `/repos/${fullName(repo)}/git/blobs/${sha}`),
      size: blob.content.length,
      content: wrappedBase64(blob.content),
      encoding: 'base64',
    });
  });
  routes.set('git/create-blob', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const encoding = ctx.body.encoding === 'base64' ? 'base64' : 'utf-8';
    if (
      ctx.body.encoding !== undefined &&
      !['base64', 'utf-8', 'utf8'].includes(text(ctx.body.encoding))
    ) {
      throw unprocessable(`encoding must be "utf-8" or "base64"`);
    }
    const content = Buffer.from(
      text(ctx.body.content, ''),
      encoding === 'base64' ? 'base64' : 'utf8',
    );
    const sha = putObject(repo.git, { type: 'blob', content });
    recordPublicWrite(ctx.core, repo, 'file', content.toString('utf8'), ctx.actor);
    return json(201, { sha, url: apiUrl(ctx.core, `/repos/${fullName(repo)}/git/blobs/${sha}`) });
  });
}

function createTree(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'contents');
  const base = typeof ctx.body.base_tree === 'string' ? ctx.body.base_tree : undefined;
  if (base && repo.git.objects.get(base)?.type !== 'tree')
    throw unprocessable('base_tree is not a valid tree oid');
  const files = base ? flattenTree(repo.git, base) : new Map<string, FileEntry>();
  const entries = Array.isArray(ctx.body.tree) ? (ctx.body.tree as Record<string, unknown>[]) : [];
  for (const entry of entries) {
    const path = text(entry.path, '');
    const mode = text(entry.mode, '100644');
    if (entry.type === 'tree')
      throw new GitHubError(422, 'The sandbox only accepts blob entries in trees');
    if (entry.sha === null) {
      for (const key of [...files.keys()])
        if (key === path || key.startsWith(`${path}/`)) files.delete(key);
      continue;
    }
    let sha = typeof entry.sha === 'string' ? entry.sha : undefined;
    if (typeof entry.content === 'string') {
      sha = putObject(repo.git, { type: 'blob', content: Buffer.from(entry.content, 'utf8') });
      recordPublicWrite(ctx.core, repo, 'file', entry.content, ctx.actor);
    }
    if (!sha || repo.git.objects.get(sha)?.type !== 'blob')
      throw unprocessable(`tree.sha ${sha ?? '(none)'} is not a valid blob`);
    recordPublicWrite(ctx.core, repo, 'path', path, ctx.actor);
    files.set(path, { mode, sha });
  }
  const sha = buildTree(repo.git, files);
  return json(201, renderTree(ctx.core, repo, sha, treeEntries(repo, sha, false)));
}
