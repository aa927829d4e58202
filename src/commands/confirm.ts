import { refuse, type CommandSpec } from '../domain/command-spec.js';

/** A confirmation older than this is stale: the situation may have changed since. */
const CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * `/confirm`: finds the command whose action waits (`CommandSpec.confirms`) and runs its
 * continuation; the effects it sets off belong to that command, which reads their outcome.
 */
export const confirmCommand: CommandSpec = {
  name: 'confirm',
  usage: '/confirm',
  description:
    'Confirm the action waiting for confirmation (publish, notify sent, scope out, forced phase).',
  whoCanUse: 'maintain',
  examples: ['/confirm'],
  run(argsText, env) {
    const pending = env.state.pending;
    if (argsText.trim()) return refuse('`/confirm` takes no arguments.');
    if (!pending) return refuse('Nothing is waiting for confirmation.');
    if (env.now.getTime() - new Date(pending.at).getTime() > CONFIRMATION_TTL_MS) {
      return refuse(
        `The pending \`${pending.action}\` is older than 24 hours; run the command again.`,
      );
    }
    const owner = env.commands.find((c) => c.confirms === pending.action);
    if (!owner?.confirm) return refuse(`No command confirms \`${pending.action}\`.`);
    const result = owner.confirm.call(owner, pending, env);
    if (!result.ok) return result;
    return {
      ...result,
      effects: (result.effects ?? []).map((e) => ({ command: owner.name, ...e })),
    };
  },
};
