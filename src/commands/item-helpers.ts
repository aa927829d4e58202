import type { ItemState } from '../domain/case.js';
import type { CommandEnv } from './types.js';

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
