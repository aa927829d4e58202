import { requireRepo } from '../access.js';
import { actorLogin } from '../core.js';
import {
  forbidden,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { renderAdvisoryComment } from '../render-advisory.js';
import { renderRepo } from '../render-core.js';
import { fullName, type Advisory, type Comment, type Repo } from '../state.js';
import { advisoryFor, requireAdvisoryAdmin } from './advisories.js';

function requestCve(ctx: RouteContext, repo: Repo, advisory: Advisory): void {
  const core = ctx.core;
  if (repo.isPrivate) {
    throw unprocessable('CVE requests are only available for advisories on public repositories.');
  }
  if (advisory.cveId) throw unprocessable('This advisory already has a CVE identifier.');
  if (advisory.cveRequestedAt)
    throw unprocessable('A CVE identifier has already been requested for this advisory.');
  if (advisory.state !== 'draft' && advisory.state !== 'triage') {
    throw unprocessable(`A CVE cannot be requested for a ${advisory.state} advisory.`);
  }
  advisory.cveRequestedAt = core.clock.iso();
  core.clock.schedule(
    core.clock.now() + core.settings.cveDelayMs,
    `CVE assignment: ${advisory.ghsaId}`,
    () => {
      if (advisory.cveId) return;
      const year = new Date(core.clock.now()).getUTCFullYear();
      advisory.cveId = `CVE-${year}-${String(20000 + (core.state.nextId() % 80000))}`;
      advisory.updatedAt = core.clock.iso();
    },
  );
}

function createFork(ctx: RouteContext, repo: Repo, advisory: Advisory): Repo {
  const existing = advisory.privateFork
    ? ctx.core.state.repos.get(advisory.privateFork)
    : undefined;
  if (existing) return existing;
  const name = `${repo.name}-${advisory.ghsaId.toLowerCase()}`;
  const at = ctx.core.clock.iso();
  const fork: Repo = {
    ...repo,
    id: ctx.core.state.nextId(),
    name,
    isPrivate: true,
    createdAt: at,
    pushedAt: at,
    privateVulnerabilityReporting: false,
    // Access follows the advisory (upstream admins, its collaborators): see forkPermission.
    collaborators: new Map(),
    git: { objects: new Map(repo.git.objects), refs: new Map(repo.git.refs) },
    issues: [],
    nextNumber: 1,
    labels: [],
    advisories: [],
    workflows: [],
    runs: [],
    releases: [],
    deployments: [],
    forkOf: { repo: fullName(repo), ghsaId: advisory.ghsaId },
  };
  ctx.core.state.repos.set(fullName(fork), fork);
  advisory.privateFork = fullName(fork);
  advisory.updatedAt = at;
  return fork;
}

/** The preview comments API may be switched off, or refuse Apps, to exercise the App's fallback. */
function checkCommentsApi(ctx: RouteContext): void {
  const mode = ctx.core.settings.advisoryCommentsApi;
  if (mode === 'disabled') throw notFound();
  if (mode === 'forbidden-for-apps' && ctx.actor.kind === 'installation') throw forbidden();
}

function commentFor(advisory: Advisory, id: string | undefined): Comment {
  const comment = advisory.comments.find((c) => String(c.id) === id);
  if (!comment) throw notFound();
  return comment;
}

/** CVE requests, temporary private forks and the preview advisory comments API. */
export function registerAdvisoryActionRoutes(routes: RouteTable): void {
  routes.set('security-advisories/create-repository-advisory-cve-request', (ctx) => {
    const repo = requireAdvisoryAdmin(ctx);
    requestCve(ctx, repo, advisoryFor(ctx, repo));
    return json(202, {});
  });
  routes.set('security-advisories/create-fork', (ctx) => {
    const repo = requireRepo(ctx, 'admin', 'administration');
    const advisory = advisoryFor(ctx, repo);
    if (advisory.state === 'published' || advisory.state === 'closed') {
      throw unprocessable(
        `A temporary private fork cannot be created for a ${advisory.state} advisory.`,
      );
    }
    return json(202, renderRepo(ctx.core, createFork(ctx, repo, advisory), 'full-repository'));
  });
  routes.set('security-advisories/list-comments', (ctx) => {
    checkCommentsApi(ctx);
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    const advisory = advisoryFor(ctx, repo);
    return pageReply(ctx, advisory.comments, (c) =>
      renderAdvisoryComment(ctx.core, repo, advisory, c),
    );
  });
  routes.set('security-advisories/create-comment', (ctx) => {
    checkCommentsApi(ctx);
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    const advisory = advisoryFor(ctx, repo);
    const at = ctx.core.clock.iso();
    const comment: Comment = {
      id: ctx.core.state.nextId(),
      body: text(ctx.body.body, ''),
      user: actorLogin(ctx.core, ctx.actor),
      createdAt: at,
      updatedAt: at,
      minimized: null,
    };
    advisory.comments.push(comment);
    return json(201, renderAdvisoryComment(ctx.core, repo, advisory, comment));
  });
  routes.set('security-advisories/update-comment', (ctx) => {
    checkCommentsApi(ctx);
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    const advisory = advisoryFor(ctx, repo);
    const comment = commentFor(advisory, ctx.params.comment_id);
    if (comment.user !== actorLogin(ctx.core, ctx.actor))
      throw forbidden('You can only edit your own comments.');
    comment.body = text(ctx.body.body, '');
    comment.updatedAt = ctx.core.clock.iso();
    return json(200, renderAdvisoryComment(ctx.core, repo, advisory, comment));
  });
}
