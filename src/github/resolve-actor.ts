import type { Actor, Permission } from '../domain/inputs.js';
import type { GitHubPort } from './port.js';

const RANK: Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];
const TTL_MS = 60_000;

function weaker(a: Permission, b: Permission): Permission {
  return RANK.indexOf(a) <= RANK.indexOf(b) ? a : b;
}

/**
 * Who a user is for authorisation: their permission on the tracking repository, capped by their
 * permission on the product repository (a command that writes to an advisory must not work for
 * someone who cannot see it), plus security-team membership (asked only when it could matter). Cached for a minute; a failed
 * lookup throws, and the caller refuses (fail safe).
 */
export async function resolveActor(
  github: GitHubPort,
  cache: Map<string, { actor: Actor; at: number }>,
  login: string,
  trackingRepo: string,
  productRepo: string | undefined,
  team: string | undefined,
  now: number,
): Promise<Actor> {
  const key = `${login}|${trackingRepo}|${productRepo ?? ''}|${team ?? ''}`;
  const cached = cache.get(key);
  if (cached && now - cached.at < TTL_MS) return cached.actor;
  let permission = await github.getPermission(trackingRepo, login);
  if (productRepo && productRepo !== trackingRepo)
    permission = weaker(permission, await github.getPermission(productRepo, login));
  // Membership raises a weaker permission to `maintain`; it adds nothing to `maintain` or `admin`.
  const teamMember =
    team && RANK.indexOf(permission) < RANK.indexOf('maintain')
      ? await github.isTeamMember(team, login)
      : false;
  const actor: Actor = { login, permission, teamMember };
  cache.set(key, { actor, at: now });
  return actor;
}
