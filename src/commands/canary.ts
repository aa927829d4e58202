import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const canaryCommand: CommandSpec = {
  name: 'canary',
  usage: '/canary ok',
  description:
    'Attest that the release was verified on canary, when neither a canary deployment status nor the workflow run tells.',
  whoCanUse: 'write',
  examples: ['/canary ok'],
  run(argsText, env) {
    if (argsText.trim().toLowerCase() !== 'ok')
      return refuse('Type `/canary ok` once canary is verified.');
    const { state } = env;
    if (state.phase !== 'release' || !state.items['release-opened'])
      return refuse('Start the release first (`/release`).');
    if (state.items.canary) return refuse('Canary is already verified.');
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: { canary: doneNow(env, 'verified by hand') },
              release: { canaryAt: env.now.toISOString(), canaryEvidence: 'command' },
            },
          },
          note: 'Canary verified',
        },
      ],
      reply: `✅ Canary verified by hand. Promote to production; a \`${env.config.release.environments.production}\` deployment, the published release or \`/production\` records it.`,
    };
  },
};
