import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
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
    addProductEvent(state, context, {
      type: 'push',
      delivery: context.id,
      ref,
      before,
      after,
      defaultBranch: ref === `refs/heads/${repository.default_branch}`,
      commits: commits.slice(0, MAX_COMMITS).map((c) => ({
        sha: c.id,
        message: c.message.slice(0, MESSAGE_LIMIT),
        url: c.url,
      })),
      pusher: pusher.name,
    });
  });
}
