import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { strategyOf } from '../domain/release-plan.js';
import { productionChange } from '../domain/replies/production.js';

export const productionCommand: CommandSpec = {
  name: 'production',
  usage: '/production',
  description:
    'Record that the patched version is on production, when neither a production deployment status nor a published release tells; drafts the changelog entry.',
  whoCanUse: 'write',
  examples: ['/production'],
  run(argsText, env) {
    if (argsText.trim()) return refuse('`/production` takes no arguments.');
    const { state } = env;
    if (state.phase !== 'release' || !state.items['release-opened'])
      return refuse('Start the release first (`/release`).');
    if (state.items.production)
      return refuse('The patched version is already recorded as on production.');
    if (strategyOf(state, env.config) === 'hotfix' && !state.items.canary) {
      return refuse(
        `Verify on canary before promoting to production (a \`${env.config.release.environments.canary}\` deployment, the workflow run, or \`/canary ok\`).`,
      );
    }
    const step = productionChange(
      state,
      { now: env.now, config: env.config },
      env.actor.login,
      'confirmed by hand',
      'command',
    );
    return { ok: true, changes: step.changes, reply: step.reply ?? '' };
  },
};
