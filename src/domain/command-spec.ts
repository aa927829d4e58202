/**
 * The contract every slash-command fulfils. It lives in the domain, not beside the commands,
 * because the domain runs commands (`runCommand`) and must not import `src/commands`, not even
 * for types; the commands import this module instead.
 */

import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case, PendingConfirmation } from './case.js';
import type { EffectMeaning, EffectOutcome, EffectResultEnv } from './effect-outcome.js';
import type { Effect, EffectKind } from './effects.js';
import type { TimelineEntry } from './fold.js';
import type { Actor } from './inputs.js';
import type { Change } from './step.js';

/** The least role that may run a command; security-team members count as `maintain`. */
export type Role = 'read' | 'write' | 'maintain' | 'admin';

/** What a command sees: the case, the clock, the config and who typed it. */
export interface CommandEnv {
  state: Case;
  now: Date;
  config: AdvisoryPilotConfig;
  actor: Actor;
  /** Unique per command occurrence (`<comment id>.<position>`), for effect keys. */
  commandKey: string;
  appLogin: string;
  /** The case's history, for texts that tell it (the postmortem). */
  timeline: readonly TimelineEntry[];
  /** The registry, for `/help` (passed in, so no module imports its own registry). */
  commands: readonly CommandSpec[];
}

/** A command's answer: accepted (with changes/effects) or refused (nothing changes). */
export type CommandResult =
  { ok: true; changes: Change[]; effects?: Effect[]; reply: string } | { ok: false; reply: string };

/** One slash-command with its help metadata; the registry lists them explicitly. */
export interface CommandSpec {
  name: string;
  usage: string;
  description: string;
  whoCanUse: Role;
  examples: string[];
  /** Whether the command still works on a closed or rejected case. */
  worksWhenClosed?: boolean;
  run(argsText: string, env: CommandEnv): CommandResult;
  /** The kinds of effect only this command sets off (reads intents that do not name their command). */
  effectKinds?: readonly EffectKind[];
  /** The action this command leaves waiting for `/confirm` (publish, scope-out, …). */
  confirms?: PendingConfirmation['action'];
  /** What `/confirm` does for that action (called with the pending confirmation). */
  confirm?(pending: PendingConfirmation, env: CommandEnv): CommandResult;
  /**
   * What a successful outcome of an effect this command set off means (the fork's name, the
   * run's number, the PR's number). `undefined`: nothing beyond the effect having happened.
   */
  onEffect?(
    effect: Effect,
    outcome: Extract<EffectOutcome, { ok: true }>,
    env: EffectResultEnv,
  ): EffectMeaning | undefined;
  /**
   * What a failure of an effect this command set off means, when the generic "nothing else was
   * changed" would not be true (a release branch that is ready while its workflow did not start).
   */
  onEffectFailure?(
    effect: Effect,
    outcome: Extract<EffectOutcome, { ok: false }>,
    env: EffectResultEnv,
  ): EffectMeaning | undefined;
}

/** Shorthand for a refusal. */
export function refuse(reply: string): CommandResult {
  return { ok: false, reply };
}

/** An ISO timestamp for item and milestone stamps. */
export function stampOf(env: CommandEnv): { at: string; by: string } {
  return { at: env.now.toISOString(), by: env.actor.login };
}
