import { requireRepo, userPermission } from '../access.js';
import {
  forbidden,
  GitHubError,
  json,
  notFound,
  type RouteContext,
  type RouteTable,
} from '../http.js';
import { apiUrl, renderUser, shaped } from '../render-core.js';
import type { Permission } from '../state.js';

/** The legacy `permission` field folds maintain into write and triage into read. */
function legacy(permission: Permission): string {
  if (permission === 'maintain') return 'write';
  if (permission === 'triage') return 'read';
  return permission;
}

function requireOrgReader(ctx: RouteContext): void {
  const org = ctx.core.state.org;
  if (!org || org.login !== ctx.params.org) throw notFound();
  if (ctx.actor.kind === 'anonymous') throw new GitHubError(401, 'Requires authentication');
  if (ctx.actor.kind === 'app') throw forbidden('A JSON web token cannot be used here');
  if (ctx.actor.kind === 'installation') {
    const installation = ctx.core.state.installations.get(ctx.actor.installationId);
    if (installation?.account !== org.login) throw notFound();
    const granted = installation.permissions.members;
    if (
      Object.keys(installation.permissions).length > 0 &&
      granted !== 'read' &&
      granted !== 'write'
    ) {
      throw forbidden();
    }
  }
}

/** Who may do what: collaborator permission levels, team and org membership. */
export function registerPermissionRoutes(routes: RouteTable): void {
  routes.set('repos/get-collaborator-permission-level', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'metadata');
    const login = ctx.params.username ?? '';
    if (!ctx.core.state.users.has(login)) throw notFound();
    const permission = userPermission(ctx.core, repo, login);
    const user = renderUser(ctx.core, login);
    return json(200, {
      permission: legacy(permission),
      role_name: permission,
      user: shaped(ctx.core, 'collaborator', {
        ...user,
        permissions: {
          pull: permission !== 'none',
          triage: ['triage', 'write', 'maintain', 'admin'].includes(permission),
          push: ['write', 'maintain', 'admin'].includes(permission),
          maintain: ['maintain', 'admin'].includes(permission),
          admin: permission === 'admin',
        },
        role_name: permission,
      }),
    });
  });
  routes.set('repos/check-collaborator', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'metadata');
    const login = ctx.params.username ?? '';
    const explicit =
      repo.collaborators.has(login) ||
      userPermission(ctx.core, repo, login) !== (repo.isPrivate ? 'none' : 'read');
    if (!explicit) throw notFound();
    return { status: 204 };
  });
  routes.set('teams/get-membership-for-user-in-org', (ctx) => {
    requireOrgReader(ctx);
    const org = ctx.core.state.org;
    const team = org?.teams.get(ctx.params.team_slug ?? '');
    const role = team?.members.get(ctx.params.username ?? '');
    if (!org || !team || !role) throw notFound();
    return json(200, {
      url: apiUrl(
        ctx.core,
        `/orgs/${org.login}/teams/${team.slug}/memberships/${ctx.params.username ?? ''}`,
      ),
      role,
      state: 'active',
    });
  });
  routes.set('orgs/check-membership-for-user', (ctx) => {
    requireOrgReader(ctx);
    if (!ctx.core.state.org?.members.has(ctx.params.username ?? '')) throw notFound();
    return { status: 204 };
  });
}
