import { installationCovers, type Actor } from './auth.js';
import type { SandboxCore } from './core.js';
import { forbidden, GitHubError, notFound, type RouteContext } from './http.js';
import { PERMISSION_LEVELS, type Permission, type Repo } from './state.js';

/** Installation permission names (`repository_advisories`, `issues`, ...) a route needs. */
export type PermissionCategory =
  | 'metadata'
  | 'contents'
  | 'issues'
  | 'pull_requests'
  | 'repository_advisories'
  | 'actions'
  | 'administration'
  | 'members'
  | 'deployments';

export function atLeast(have: Permission, need: Permission): boolean {
  return PERMISSION_LEVELS.indexOf(have) >= PERMISSION_LEVELS.indexOf(need);
}

function strongest(a: Permission, b: Permission): Permission {
  return atLeast(a, b) ? a : b;
}

/**
 * Who may use a temporary private fork, as GitHub decides it: admins of the upstream repository
 * (admin), and the advisory's collaborators, users or team members, added before or after the
 * fork was made (write).
 */
function forkPermission(core: SandboxCore, fork: Repo, login: string): Permission {
  let permission: Permission = fork.collaborators.get(login) ?? 'none';
  const upstream = fork.forkOf ? core.state.repos.get(fork.forkOf.repo) : undefined;
  if (!upstream) return permission;
  if (atLeast(userPermission(core, upstream, login), 'admin')) return 'admin';
  const advisory = upstream.advisories.find((a) => a.ghsaId === fork.forkOf?.ghsaId);
  const collaborates =
    advisory !== undefined &&
    (advisory.collaboratingUsers.includes(login) ||
      advisory.collaboratingTeams.some((slug) =>
        core.state.org?.teams.get(slug)?.members.has(login),
      ));
  if (collaborates) permission = strongest(permission, 'write');
  return permission;
}

/** A user's permission on a repository: explicit grant, team grants, org ownership, public read. */
export function userPermission(core: SandboxCore, repo: Repo, login: string): Permission {
  if (repo.forkOf) return forkPermission(core, repo, login);
  let permission: Permission = repo.isPrivate ? 'none' : 'read';
  const explicit = repo.collaborators.get(login);
  if (explicit) permission = strongest(permission, explicit);
  const org = core.state.org;
  if (org && org.login === repo.owner) {
    if (org.owners.has(login)) return 'admin';
    for (const team of org.teams.values()) {
      const granted = team.repos.get(`${repo.owner}/${repo.name}`);
      if (granted && team.members.has(login)) permission = strongest(permission, granted);
    }
  }
  if (repo.owner === login) permission = 'admin';
  return permission;
}

/** The repository named by the path, checked for the actor; 404 when hidden, 403 when too weak. */
export function requireRepo(
  ctx: RouteContext,
  need: Permission,
  category: PermissionCategory = 'metadata',
): Repo {
  const owner = ctx.params.owner ?? '';
  const name = ctx.params.repo ?? '';
  const repo = ctx.core.state.repos.get(`${owner}/${name}`);
  if (!repo) throw notFound();
  checkAccess(ctx.core, ctx.actor, repo, need, category);
  return repo;
}

/** Throws the error GitHub answers when `actor` may not do a `need`-level thing on `repo`. */
export function checkAccess(
  core: SandboxCore,
  actor: Actor,
  repo: Repo,
  need: Permission,
  category: PermissionCategory,
): void {
  switch (actor.kind) {
    case 'app':
      throw new GitHubError(
        403,
        'A JSON web token cannot be used here: authenticate as an installation instead',
      );
    case 'anonymous':
      if (repo.isPrivate) throw notFound();
      if (need !== 'read') throw new GitHubError(401, 'Requires authentication');
      return;
    case 'user': {
      const have = userPermission(core, repo, actor.login);
      if (have === 'none') throw notFound();
      if (!atLeast(have, need)) {
        throw forbidden(`Must have ${need} rights to Repository.`);
      }
      return;
    }
    case 'installation': {
      const installation = core.state.installations.get(actor.installationId);
      // GitHub Apps get no access to temporary private forks at all.
      if (
        !installation ||
        repo.forkOf !== null ||
        !installationCovers(installation, actor.repositories, repo.owner, repo.name)
      ) {
        throw notFound();
      }
      const granted = installation.permissions[category];
      const needWrite = need !== 'read';
      const allowed =
        Object.keys(installation.permissions).length === 0 ||
        category === 'metadata' ||
        granted === 'write' ||
        granted === 'admin' ||
        (!needWrite && granted === 'read');
      if (!allowed) throw forbidden();
      return;
    }
  }
}
