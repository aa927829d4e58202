import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Input } from './inputs.js';
import { isAppActor } from './leak-watch.js';

/**
 * Events of a product repository that no case can care about, told from the event alone, so
 * that not even the list of cases is read for them:
 * - the App's own pull requests, issues and comments (the leak guard checked them before they
 *   were written);
 * - a push to another branch than the default one by the App, or in a private repository
 *   (the leak watch reads public pushes by people; fixes arrive on the default branch);
 * - a deployment status that is neither a success nor a failure, or of an environment that is
 *   neither canary nor production.
 */
export function concernsNoCase(
  input: Input,
  repoPrivate: boolean,
  config: Pick<AdvisoryPilotConfig, 'release'>,
  appLogin: string,
): boolean {
  switch (input.type) {
    case 'public-activity':
      return isAppActor(input.author, appLogin);
    case 'push':
      return !input.defaultBranch && (repoPrivate || isAppActor(input.pusher, appLogin));
    case 'deployment-status': {
      const { canary, production } = config.release.environments;
      return (
        !['success', 'failure', 'error'].includes(input.state) ||
        (input.environment !== canary && input.environment !== production)
      );
    }
    default:
      return false;
  }
}
