import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const reachedCommand: CommandSpec = {
  name: 'reached',
  usage: '/reached [where]',
  description:
    'Attest that the published advisory reached admins (e.g. it shows on the platform health page).',
  whoCanUse: 'write',
  examples: ['/reached /platform/infrastructure/health shows it'],
  run(argsText, env) {
    const { state } = env;
    if (!state.items.published) return refuse('Publish the advisory first.');
    if (state.items.reached) return refuse('Already recorded as reached.');
    const where = argsText.trim().slice(0, 300);
    return {
      ok: true,
      changes: [
        {
          patch: { set: { items: { reached: doneNow(env, where || 'checked by hand') } } },
          note: 'Advisory reached admins',
        },
      ],
      reply: '✅ Recorded: the advisory reached admins.',
    };
  },
};
