import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import { isAllowed } from './authorize.js';
import type { Input } from './inputs.js';
import { EMPTY_STEP, type Step } from './step.js';
import { closestCommand } from './suggest.js';

/** A command from a comment, or from a ticked checkbox (no comment id: nothing to mark handled). */
export type CommandInput = Pick<
  Extract<Input, { type: 'command' }>,
  'name' | 'argsText' | 'actor'
> & {
  commentId?: number;
  index?: number;
};

/**
 * Runs one slash-command: exactly-once per comment, authorised against the actor's GitHub
 * permission, refused on a finished case. Every path answers with a reply and marks the comment
 * handled, so the scheduler never runs it again; a refusal changes nothing else.
 */
export function runCommand(state: Case, input: CommandInput, ctx: DecideContext): Step {
  const commandKey =
    input.commentId === undefined ? undefined : `${input.commentId}.${input.index ?? 0}`;
  if (commandKey !== undefined && state.handledComments.includes(commandKey)) return EMPTY_STEP;
  const handled =
    commandKey === undefined ? [] : [{ patch: { append: { handledComments: [commandKey] } } }];
  const answer = (reply: string, extra: Partial<Step> = {}): Step => ({
    changes: [...handled, ...(extra.changes ?? [])],
    effects: extra.effects ?? [],
    reply,
    by: input.actor.login,
  });
  const spec = ctx.commands.find((c) => c.name === input.name);
  if (!spec) {
    const guess = closestCommand(
      input.name,
      ctx.commands.map((c) => c.name),
    );
    return answer(
      `\`/${input.name}\` is not a command.${guess ? ` Did you mean \`/${guess}\`?` : ''} Type \`/help\` for the list.`,
    );
  }
  if (!isAllowed(input.actor, spec.whoCanUse)) {
    return answer(
      `@\u200b${input.actor.login}, \`/${spec.name}\` needs **${spec.whoCanUse}** permission on the tracking repository` +
        ` (or membership of the security team); yours is **${input.actor.permission}**. Nothing was changed.`,
    );
  }
  if ((state.phase === 'closed' || state.phase === 'rejected') && !spec.worksWhenClosed) {
    return answer(
      `This case is **${state.phase}**; \`/${spec.name}\` no longer applies. \`/status\` and \`/help\` still work.`,
    );
  }
  const result = spec.run(input.argsText, {
    state,
    now: ctx.now,
    config: ctx.config,
    actor: input.actor,
    commandKey: commandKey ?? `tick.${ctx.now.getTime()}`,
    appLogin: ctx.appLogin,
    commands: ctx.commands,
    timeline: ctx.timeline ?? [],
  });
  if (!result.ok) return answer(result.reply);
  const activity = { patch: { set: { lastActivityAt: ctx.now.toISOString() } } };
  // Each effect names its command, whose module reads its outcome (`CommandSpec.onEffect`).
  return answer(result.reply, {
    changes: [...result.changes, activity],
    effects: (result.effects ?? []).map((e) => ({ command: spec.name, ...e })),
  });
}
