import { applyPatch, type Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import { advance, type Decision } from './decide.js';
import type { Effect } from './effects.js';
import type { CommandSpec } from './command-spec.js';
import {
  doneByApp,
  type EffectData,
  type EffectMeaning,
  type EffectOutcome,
  type EffectResultEnv,
} from './effect-outcome.js';
import { fixesFound } from './fix-arrival.js';
import { pullRequestOpened } from './pull-request-opened.js';
import { databaseCheckMeaning, urlCheckMeaning } from './reach.js';
import { productionChange } from './replies/production.js';

export type { EffectOutcome } from './effect-outcome.js';

/**
 * What an outcome means. A failure is said the same way whatever set the effect off; a success
 * is read by the command whose module set it off (`CommandSpec.onEffect`), and what the
 * lifecycle itself sets off (accepting the report, the changelog and postmortem PRs, the reach
 * check) is read here.
 */
function interpret(
  state: Case,
  effect: Effect,
  outcome: EffectOutcome,
  ctx: DecideContext,
): EffectMeaning {
  const env: EffectResultEnv = { state, now: ctx.now, config: ctx.config, appLogin: ctx.appLogin };
  const owner = ownerOf(effect, ctx);
  if (!outcome.ok) {
    const own = owner?.onEffectFailure?.(effect, outcome, env);
    if (own) return own;
    if (effect.kind === 'advisory-comment') {
      return {
        note: 'Advisory comment could not be posted: send it by hand',
        reply: `GitHub did not accept the comment on the advisory (${outcome.error}). **Send this to the reporter by hand:**\n\n${effect.body}`,
      };
    }
    return {
      note: `${effect.kind} failed: ${outcome.error}`,
      reply: `❌ \`${effect.kind}\` failed: ${outcome.error}. Nothing else was changed; fix the cause and run the command again.`,
    };
  }
  if (owner?.onEffect) return owner.onEffect(effect, outcome, env) ?? {};
  return lifecycleMeaning(effect, outcome.data ?? {}, env);
}

/**
 * The command an effect belongs to: the one that set it off, or (for an intent recorded before
 * effects named their command, a migrated v1 case) the one command that sets off its kind.
 */
function ownerOf(effect: Effect, ctx: DecideContext): CommandSpec | undefined {
  if (effect.command) return ctx.commands.find((c) => c.name === effect.command);
  const only = ctx.commands.filter((c) => c.effectKinds?.includes(effect.kind));
  return only.length === 1 ? only[0] : undefined;
}

/** What the lifecycle's own effects mean (not set off by a command). */
function lifecycleMeaning(effect: Effect, data: EffectData, env: EffectResultEnv): EffectMeaning {
  switch (effect.kind) {
    case 'update-advisory':
      return effect.key === 'accept-report'
        ? {
            patch: {
              set: {
                advisory: { state: 'draft' },
                items: { 'draft-advisory': doneByApp(env, 'report accepted') },
              },
            },
            note: 'Report accepted: the advisory is a draft',
          }
        : {};
    case 'open-pull-request':
      return pullRequestOpened(effect, data, env) ?? {};
    case 'find-merged-fixes':
      return fixesFound(effect, data, env);
    case 'check-release-tag': {
      if (env.state.items.production || env.state.phase !== 'release') return {};
      if (!data.found)
        return data.commits?.length
          ? {
              note: `Release ${effect.tag} does not contain ${data.commits.map((c) => c.slice(0, 12)).join(', ')}: not counted as production`,
              notice: `Release **${effect.tag}** was published, but its tag does not contain \`${(data.commits[0] ?? '').slice(0, 12)}\`, which the release was proved to hold, so it is not counted as production: the fix may not be in it. Check the tag; once the fixed version is on production, type \`/production\`.`,
            }
          : {};
      const step = productionChange(
        env.state,
        env,
        env.appLogin,
        `release ${effect.tag} published`,
        'release',
      );
      const change = step.changes[0];
      return {
        ...(change ? { patch: change.patch, note: change.note } : {}),
        ...(step.reply ? { reply: step.reply } : {}),
      };
    }
    case 'check-url':
      return urlCheckMeaning(effect, data, env);
    case 'check-global-advisory':
      return databaseCheckMeaning(data, env);
    case 'remove-collaborators': {
      const removed = data.removed ?? [];
      if (removed.length === 0) return {};
      const names = removed.map((r) => `\`${r}\``).join(', ');
      return {
        note: `Removed from the advisory's collaborators after publication: ${removed.join(', ')}`,
        reply: `Removed from the advisory's collaborators now that it is published (\`publish.revokeCollaborators\`): ${names}.`,
      };
    }
    default:
      return {};
  }
}

/**
 * Decides what an effect's outcome means: the `effect-result` record (with the change it makes),
 * whatever the change sets off (a phase whose gate is now met advances), and the reply.
 */
export function decideEffectResult(
  state: Case,
  effect: Effect,
  outcome: EffectOutcome,
  ctx: DecideContext,
  idPrefix: string,
): Decision {
  const interpreted = interpret(state, effect, outcome, ctx);
  const at = ctx.now.toISOString();
  const base = { v: 1 as const, at, by: ctx.appLogin, delivery: idPrefix };
  const records: Decision['records'] = [
    {
      ...base,
      id: `${idPrefix}:result:${effect.key}`,
      type: 'effect-result',
      key: effect.key,
      ok: outcome.ok,
      ...(outcome.ok ? {} : { error: outcome.error.slice(0, 2000) }),
      ...(interpreted.patch ? { patch: interpreted.patch } : {}),
      ...(interpreted.note ? { note: interpreted.note } : {}),
    },
  ];
  const effects = [...(interpreted.effects ?? [])];
  if (interpreted.patch) {
    const advanced = advance(applyPatch(state, interpreted.patch), ctx);
    advanced.changes.forEach((change, i) => {
      records.push({
        ...base,
        id: `${idPrefix}:result:${effect.key}:${i}`,
        type: 'update',
        patch: change.patch,
        ...(change.note ? { note: change.note } : {}),
      });
    });
    effects.push(...advanced.effects);
  }
  return {
    records,
    effects,
    ...(interpreted.reply ? { reply: interpreted.reply } : {}),
    ...(interpreted.notice ? { notice: interpreted.notice } : {}),
  };
}
