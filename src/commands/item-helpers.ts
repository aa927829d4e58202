import type { ItemState, PendingConfirmation } from '../domain/case.js';
import type { CommandEnv } from '../domain/command-spec.js';
import type { Change } from '../domain/step.js';

/** The state of an item completed now by the command's actor. */
export function doneNow(env: CommandEnv, evidence?: string): ItemState {
  return {
    status: 'done',
    at: env.now.toISOString(),
    by: env.actor.login,
    ...(evidence === undefined ? {} : { evidence }),
  };
}

/** The state of an item waived now, with the reason. */
export function waivedNow(env: CommandEnv, reason: string): ItemState {
  return { status: 'waived', at: env.now.toISOString(), by: env.actor.login, evidence: reason };
}

/** The change that parks an action until `/confirm` (publishing, notify sent, scope out, force). */
export function pendingChange(
  env: CommandEnv,
  action: PendingConfirmation['action'],
  argsText: string,
  note: string,
  fingerprint?: string,
): Change {
  const at = env.now.toISOString();
  return {
    patch: {
      set: {
        pending: {
          action,
          argsText,
          by: env.actor.login,
          at,
          ...(fingerprint ? { fingerprint } : {}),
        },
      },
    },
    note,
  };
}
