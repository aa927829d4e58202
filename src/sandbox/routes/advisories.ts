import { atLeast, requireRepo, userPermission } from '../access.js';
import { openForkPulls } from '../advisory-merge.js';
import { applyAdvisoryFields, transitionError } from '../advisory-write.js';
import { actorLogin, type SandboxCore } from '../core.js';
import { emitEvent } from '../events.js';
import {
  forbidden,
  GitHubError,
  json,
  notFound,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from '../http.js';
import {
  ghsaIdFor,
  renderAdvisory,
  renderGlobalAdvisory,
  renderGlobalAdvisoryRest,
} from '../render-advisory.js';
import type { Advisory, Repo } from '../state.js';

/** Admins and the App see every advisory; others see published ones and those they take part in. */
export function canSeeAdvisory(ctx: RouteContext, repo: Repo, advisory: Advisory): boolean {
  if (ctx.actor.kind === 'installation') return true;
  if (advisory.state === 'published') return true;
  if (ctx.actor.kind !== 'user') return false;
  const login = ctx.actor.login;
  if (atLeast(userPermission(ctx.core, repo, login), 'admin')) return true;
  if (advisory.author === login || advisory.collaboratingUsers.includes(login)) return true;
  return advisory.collaboratingTeams.some((slug) =>
    ctx.core.state.org?.teams.get(slug)?.members.has(login),
  );
}

/** The advisory named by `{ghsa_id}`, or 404 when missing or hidden from the actor. */
export function advisoryFor(ctx: RouteContext, repo: Repo): Advisory {
  const advisory = repo.advisories.find((a) => a.ghsaId === ctx.params.ghsa_id);
  if (!advisory || !canSeeAdvisory(ctx, repo, advisory)) throw notFound();
  return advisory;
}

/** Creating and editing advisories needs admin rights (or the App's repository_advisories: write). */
export function requireAdvisoryAdmin(ctx: RouteContext): Repo {
  return requireRepo(ctx, 'admin', 'repository_advisories');
}

/** A new advisory in `state`, with an id nobody has used. */
export function newAdvisory(
  core: SandboxCore,
  repo: Repo,
  author: string,
  state: Advisory['state'],
): Advisory {
  const at = core.clock.iso();
  const advisory: Advisory = {
    ghsaId: ghsaIdFor(core.state.nextId()),
    cveId: null,
    summary: '',
    description: null,
    severity: null,
    cvssVector: null,
    cvssScore: null,
    cweIds: [],
    vulnerabilities: [],
    credits: [],
    collaboratingUsers: [],
    collaboratingTeams: [],
    state,
    author,
    publisher: null,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    closedAt: null,
    submission: state === 'triage' ? { accepted: false } : null,
    privateFork: null,
    cveRequestedAt: null,
    comments: [],
  };
  repo.advisories.push(advisory);
  return advisory;
}

/** Sends `repository_advisory.reported` for a private report (REST and seeding share this). */
export function emitReported(core: SandboxCore, repo: Repo, advisory: Advisory): void {
  emitEvent(core, {
    event: 'repository_advisory',
    action: 'reported',
    repo,
    sender: advisory.author,
    fields: { repository_advisory: renderAdvisory(core, repo, advisory) },
  });
}

/** GitHub will not publish while the temporary private fork still has open pull requests. */
function refuseOpenForkPulls(ctx: RouteContext, advisory: Advisory): void {
  const open = openForkPulls(ctx.core, advisory);
  if (open.length === 0) return;
  const names = open.map((i) => `${advisory.privateFork ?? ''}#${i.number}`).join(', ');
  throw unprocessable(
    `This advisory has open pull requests in its temporary private fork (${names}); merge or close them before publishing.`,
  );
}

function publish(ctx: RouteContext, repo: Repo, advisory: Advisory): void {
  const core = ctx.core;
  advisory.publishedAt = core.clock.iso();
  advisory.publisher = actorLogin(core, ctx.actor);
  if (advisory.privateFork) {
    core.state.repos.delete(advisory.privateFork);
    advisory.privateFork = null;
  }
  emitEvent(core, {
    event: 'repository_advisory',
    action: 'published',
    repo,
    sender: advisory.publisher,
    fields: { repository_advisory: renderAdvisory(core, repo, advisory) },
  });
  // GitHub sends the global event only for advisories it reviewed for its database.
  if (core.settings.advisoryDatabaseReview === 'unreviewed') return;
  const ghsa = advisory.ghsaId;
  core.clock.schedule(
    core.clock.now() + core.settings.advisoryDatabaseDelayMs,
    `advisory database: ${ghsa}`,
    () => {
      core.state.advisoryDatabase.add(ghsa);
      emitEvent(core, {
        event: 'security_advisory',
        action: 'published',
        sender: advisory.publisher ?? advisory.author,
        global: true,
        fields: { security_advisory: renderGlobalAdvisory(core, advisory) },
      });
    },
  );
}

export function registerAdvisoryRoutes(routes: RouteTable): void {
  routes.set('security-advisories/list-repository-advisories', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    const state = ctx.query.get('state');
    const sort = ctx.query.get('sort') ?? 'created';
    const key =
      sort === 'updated' ? 'updatedAt' : sort === 'published' ? 'publishedAt' : 'createdAt';
    const asc = ctx.query.get('direction') === 'asc';
    const visible = repo.advisories
      .filter((a) => canSeeAdvisory(ctx, repo, a) && (!state || a.state === state))
      .sort((a, b) => {
        const order =
          (a[key] ?? '') < (b[key] ?? '') ? -1 : (a[key] ?? '') > (b[key] ?? '') ? 1 : 0;
        return asc ? order : -order;
      });
    return cursorPage(ctx, visible, (a) => renderAdvisory(ctx.core, repo, a));
  });
  // The global GitHub Advisory Database: an advisory is there once GitHub reviewed it (a virtual
  // delay after publication); 404 before, and forever when the scenario says it is unreviewed.
  routes.set('security-advisories/get-global-advisory', (ctx) => {
    const ghsa = ctx.params.ghsa_id ?? '';
    if (!ctx.core.state.advisoryDatabase.has(ghsa)) throw notFound();
    for (const repo of ctx.core.state.repos.values()) {
      const advisory = repo.advisories.find((a) => a.ghsaId === ghsa);
      if (advisory) return json(200, renderGlobalAdvisoryRest(ctx.core, repo, advisory));
    }
    throw notFound();
  });
  routes.set('security-advisories/get-repository-advisory', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    return json(200, renderAdvisory(ctx.core, repo, advisoryFor(ctx, repo)));
  });
  routes.set('security-advisories/create-repository-advisory', (ctx) => {
    const repo = requireAdvisoryAdmin(ctx);
    const advisory = newAdvisory(ctx.core, repo, actorLogin(ctx.core, ctx.actor), 'draft');
    try {
      applyAdvisoryFields(ctx.core, advisory, ctx.body);
    } catch (error) {
      repo.advisories = repo.advisories.filter((a) => a !== advisory);
      throw error;
    }
    return json(201, renderAdvisory(ctx.core, repo, advisory));
  });
  routes.set('security-advisories/create-private-vulnerability-report', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'repository_advisories');
    if (ctx.actor.kind !== 'user')
      throw forbidden('Private vulnerability reports are filed by users');
    if (repo.isPrivate || !repo.privateVulnerabilityReporting) {
      throw forbidden('Private vulnerability reporting is not enabled for this repository.');
    }
    if (typeof ctx.body.severity === 'string' && typeof ctx.body.cvss_vector_string === 'string') {
      throw unprocessable('Cannot specify both severity and cvss_vector_string');
    }
    const advisory = newAdvisory(ctx.core, repo, ctx.actor.login, 'triage');
    applyAdvisoryFields(ctx.core, advisory, ctx.body);
    emitReported(ctx.core, repo, advisory);
    return json(201, renderAdvisory(ctx.core, repo, advisory));
  });
  routes.set('security-advisories/update-repository-advisory', (ctx) => {
    const repo = requireAdvisoryAdmin(ctx);
    const advisory = advisoryFor(ctx, repo);
    const next = ctx.body.state;
    if (typeof next === 'string') {
      const problem = transitionError(advisory.state, next);
      if (problem) throw unprocessable(problem);
      if (next === 'published' && advisory.state !== 'published')
        refuseOpenForkPulls(ctx, advisory);
    }
    const before = structuredClone({ ...advisory, comments: [] });
    try {
      applyAdvisoryFields(ctx.core, advisory, ctx.body);
    } catch (error) {
      Object.assign(advisory, { ...before, comments: advisory.comments });
      throw error;
    }
    advisory.updatedAt = ctx.core.clock.iso();
    if (typeof next === 'string' && next !== advisory.state) {
      const from = advisory.state;
      advisory.state = next as Advisory['state'];
      if (from === 'triage' && advisory.submission)
        advisory.submission = { accepted: next === 'draft' };
      if (next === 'closed') advisory.closedAt = advisory.updatedAt;
      if (from === 'closed') advisory.closedAt = null;
      if (next === 'published') publish(ctx, repo, advisory);
    }
    return json(200, renderAdvisory(ctx.core, repo, advisory));
  });
}

/** Advisories page with `before`/`after` cursors, as GitHub does for this list. */
function cursorPage(ctx: RouteContext, items: Advisory[], render: (a: Advisory) => unknown) {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
  const after = ctx.query.get('after');
  const before = ctx.query.get('before');
  const decode = (cursor: string) =>
    items.findIndex((a) => a.ghsaId === Buffer.from(cursor, 'base64url').toString());
  let start = 0;
  if (after) start = decode(after) + 1;
  else if (before) start = Math.max(0, decode(before) - perPage);
  if (start < 0) throw new GitHubError(400, 'Bad Request: unknown cursor');
  const page = items.slice(start, start + perPage);
  const links: string[] = [];
  const link = (param: 'after' | 'before', advisory: Advisory | undefined, rel: string) => {
    if (!advisory) return;
    const url = new URL(ctx.url.toString());
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set(param, Buffer.from(advisory.ghsaId).toString('base64url'));
    links.push(`<${url.toString()}>; rel="${rel}"`);
  };
  if (start + perPage < items.length) link('after', page.at(-1), 'next');
  if (start > 0) link('before', page[0], 'prev');
  return json(200, page.map(render), links.length > 0 ? { link: links.join(', ') } : undefined);
}
