import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const reachedCommand: CommandSpec = {
  name: 'reached',
  usage: '/reached [where]',
  description:
    'Attest by hand that the published advisory reached admins (the App checks the reach-check page and the GitHub Advisory Database itself; this overrides the page check).',
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
          patch: {
            set: {
              items: {
                reached: doneNow(env, `confirmed by hand${where ? `: ${where}` : ''}`),
              },
            },
          },
          note: `Advisory reached admins (confirmed by hand by ${env.actor.login}, not seen by the App)`,
        },
      ],
      reply:
        '✅ Recorded by hand: the advisory reached admins. The App no longer checks the reach-check page; it still checks the GitHub Advisory Database.',
    };
  },
};
