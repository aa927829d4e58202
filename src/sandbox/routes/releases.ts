import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite, type SandboxCore } from '../core.js';
import { emitEvent } from '../events.js';
import { resolveCommit } from '../git-store.js';
import {
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { apiUrl, htmlUrl, nodeId, renderUser, shaped } from '../render-core.js';
import { moveRef } from '../ref-write.js';
import { fullName, type Release, type Repo } from '../state.js';

function renderRelease(core: SandboxCore, repo: Repo, r: Release): unknown {
  const name = fullName(repo);
  const base = `/repos/${name}/releases/${r.id}`;
  return shaped(core, 'release', {
    id: r.id,
    node_id: nodeId('RE', r.id),
    url: apiUrl(core, base),
    html_url: htmlUrl(core, `/${name}/releases/tag/${r.tagName}`),
    assets_url: apiUrl(core, `${base}/assets`),
    upload_url: `${core.baseUrl}${base}/assets{?name,label}`,
    tarball_url: apiUrl(core, `/repos/${name}/tarball/${r.tagName}`),
    zipball_url: apiUrl(core, `/repos/${name}/zipball/${r.tagName}`),
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    updated_at: r.publishedAt ?? r.createdAt,
    author: renderUser(core, r.author),
    assets: [],
  });
}

function emitPublished(ctx: RouteContext, repo: Repo, release: Release): void {
  emitEvent(ctx.core, {
    event: 'release',
    action: 'published',
    repo,
    sender: actorLogin(ctx.core, ctx.actor),
    fields: { release: renderRelease(ctx.core, repo, release) },
  });
}

/** The commit a new tag would point at; 422 when `target` names none. */
function tagTarget(repo: Repo, tagName: string, target: string): string {
  const existing = repo.git.refs.get(`refs/tags/${tagName}`);
  const sha = existing ?? resolveCommit(repo.git, target);
  if (!sha)
    throw unprocessable('Validation Failed', [
      { resource: 'Release', code: 'invalid', field: 'target_commitish' },
    ]);
  return sha;
}

/** Creates the release's tag at `target` unless it exists (sending `push` for the new tag). */
function ensureTag(ctx: RouteContext, repo: Repo, tagName: string, target: string): void {
  const sha = tagTarget(repo, tagName, target);
  const ref = `refs/tags/${tagName}`;
  if (!repo.git.refs.has(ref)) moveRef(ctx.core, repo, ref, sha, actorLogin(ctx.core, ctx.actor));
}

function createRelease(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'contents');
  const tagName = text(ctx.body.tag_name, '');
  if (repo.releases.some((r) => r.tagName === tagName)) {
    throw unprocessable('Validation Failed', [
      { resource: 'Release', code: 'already_exists', field: 'tag_name' },
    ]);
  }
  const target =
    typeof ctx.body.target_commitish === 'string' ? ctx.body.target_commitish : repo.defaultBranch;
  const draft = ctx.body.draft === true;
  // A draft's tag is made when the draft is published, as on GitHub.
  if (draft) tagTarget(repo, tagName, target);
  else ensureTag(ctx, repo, tagName, target);
  const at = ctx.core.clock.iso();
  const release: Release = {
    id: ctx.core.state.nextId(),
    tagName,
    targetCommitish: target,
    name: typeof ctx.body.name === 'string' ? ctx.body.name : null,
    body: typeof ctx.body.body === 'string' ? ctx.body.body : null,
    draft,
    prerelease: ctx.body.prerelease === true,
    author: actorLogin(ctx.core, ctx.actor),
    createdAt: at,
    publishedAt: draft ? null : at,
  };
  repo.releases.push(release);
  recordPublicWrite(ctx.core, repo, 'tag', tagName, ctx.actor);
  recordPublicWrite(ctx.core, repo, 'release-name', release.name ?? '', ctx.actor);
  recordPublicWrite(ctx.core, repo, 'release-body', release.body ?? '', ctx.actor);
  if (!draft) emitPublished(ctx, repo, release);
  return json(201, renderRelease(ctx.core, repo, release));
}

/** Releases and tags; publishing a release sends `release.published`. */
export function registerReleaseRoutes(routes: RouteTable): void {
  routes.set('repos/create-release', createRelease);
  routes.set('repos/update-release', (ctx) => {
    const repo = requireRepo(ctx, 'write', 'contents');
    const release = repo.releases.find((r) => String(r.id) === ctx.params.release_id);
    if (!release) throw notFound();
    if (typeof ctx.body.name === 'string') release.name = ctx.body.name;
    if (typeof ctx.body.body === 'string') release.body = ctx.body.body;
    recordPublicWrite(ctx.core, repo, 'release-body', release.body ?? '', ctx.actor);
    if (release.draft && ctx.body.draft === false) {
      ensureTag(ctx, repo, release.tagName, release.targetCommitish);
      release.draft = false;
      release.publishedAt = ctx.core.clock.iso();
      emitPublished(ctx, repo, release);
    }
    return json(200, renderRelease(ctx.core, repo, release));
  });
  routes.set('repos/list-releases', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const visible = [...repo.releases].reverse();
    return pageReply(ctx, visible, (r) => renderRelease(ctx.core, repo, r));
  });
  routes.set('repos/get-release', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const release = repo.releases.find((r) => String(r.id) === ctx.params.release_id);
    if (!release) throw notFound();
    return json(200, renderRelease(ctx.core, repo, release));
  });
  routes.set('repos/get-release-by-tag', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const release = repo.releases.find((r) => r.tagName === ctx.params.tag && !r.draft);
    if (!release) throw notFound();
    return json(200, renderRelease(ctx.core, repo, release));
  });
  routes.set('repos/get-latest-release', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const release = repo.releases.filter((r) => !r.draft && !r.prerelease).at(-1);
    if (!release) throw notFound();
    return json(200, renderRelease(ctx.core, repo, release));
  });
  routes.set('repos/list-tags', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'contents');
    const name = fullName(repo);
    // GitHub lists tags by name, reversed: not by date or version (`v1.9` comes before `v1.10`).
    const tags = [...repo.git.refs]
      .filter(([ref]) => ref.startsWith('refs/tags/'))
      .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    return pageReply(ctx, tags, ([ref, sha]) => {
      const tag = ref.slice('refs/tags/'.length);
      return shaped(ctx.core, 'tag', {
        name: tag,
        node_id: nodeId('REF', Number.parseInt(sha.slice(0, 8), 16)),
        commit: { sha, url: apiUrl(ctx.core, `/repos/${name}/commits/${sha}`) },
        zipball_url: apiUrl(ctx.core, `/repos/${name}/zipball/refs/tags/${tag}`),
        tarball_url: apiUrl(ctx.core, `/repos/${name}/tarball/refs/tags/${tag}`),
      });
    });
  });
}
