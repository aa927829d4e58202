import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { CONFIG_FILE } from '../config/load-config.js';
import { addProductEvent } from './product-event.js';

/** GitHub's own cap on the commits a push payload lists. */
const MAX_COMMITS = 2048;
const MESSAGE_LIMIT = 65_536;

/**
 * Every push to a product repository (public or private) becomes a `push` job: the leak watch
 * reads the public ones, fix detection needs the default branch of either. The domain decides.
 */
export function registerPushHandlers(app: Probot, state: AppState): void {
  app.on('push', (context) => {
    const { ref, before, after, commits, pusher, repository } = context.payload;
    const defaultBranch = ref === `refs/heads/${repository.default_branch}`;
    // A change of the configuration applies from this push on, not a minute later.
    const config = `.github/${CONFIG_FILE}`;
    if (
      defaultBranch &&
      commits.some((c) =>
        [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(config),
      )
    ) {
      // The owner's `.github` repository holds the configuration its other repositories inherit.
      if (repository.name === '.github')
        state.configs.forgetOwner(repository.full_name.split('/')[0] ?? '');
      else state.configs.forget(repository.full_name);
    }
    return addProductEvent(state, context, {
      type: 'push',
      delivery: context.id,
      ref,
      before,
      after,
      defaultBranch,
      commits: commits.slice(0, MAX_COMMITS).map((c) => ({
        sha: c.id,
        message: c.message.slice(0, MESSAGE_LIMIT),
        url: c.url,
      })),
      pusher: pusher.name,
    });
  });
}
