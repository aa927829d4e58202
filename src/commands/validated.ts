import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const validatedCommand: CommandSpec = {
  name: 'validated',
  usage: '/validated',
  description:
    'Attest that the configured local validation commands passed (the temporary private fork runs no CI).',
  whoCanUse: 'write',
  examples: ['/validated'],
  run(argsText, env) {
    if (argsText.trim()) return refuse('`/validated` takes no arguments.');
    if (env.state.items.validated) return refuse('Local validation is already recorded.');
    const commands = env.config.validationCommands;
    const list = commands.length
      ? commands.map((c) => `\`${c}\``).join(', ')
      : 'the project’s checks';
    return {
      ok: true,
      changes: [
        {
          patch: { set: { items: { validated: doneNow(env, commands.join('; ')) } } },
          note: `Local validation passed (${commands.join(', ')})`,
        },
      ],
      reply: `✅ Local validation recorded: ${list}.`,
    };
  },
};
