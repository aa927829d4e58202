import type { Actor, Permission } from './inputs.js';

const RANK: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/** The role a command needs. */
export type RequiredRole = 'read' | 'write' | 'maintain' | 'admin';

/**
 * Whether the actor may run a command needing `role`. Security-team members count as
 * `maintain` (never `admin`: forcing a phase stays with repository admins). Fails safe: an
 * unknown permission is `none`.
 */
export function isAllowed(actor: Actor, role: RequiredRole): boolean {
  const own = RANK[actor.permission];
  const effective = actor.teamMember ? Math.max(own, RANK.maintain) : own;
  return effective >= RANK[role];
}
