import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { toObservedAdvisory } from '../github/advisory-mapping.js';
import { installationOf } from './installation-of.js';

/**
 * `repository_advisory.reported` (a private report arrived) and `.published` (a publication
 * done in GitHub's UI) become an `advisory-event` job, one at a time per product repository.
 */
export function registerRepositoryAdvisoryHandlers(app: Probot, state: AppState): void {
  app.on(['repository_advisory.reported', 'repository_advisory.published'], (context) => {
    const { repository, repository_advisory: raw } = context.payload;
    return state.jobs.add({
      kind: 'advisory-event',
      event: `repository_advisory.${context.payload.action}`,
      delivery: context.id,
      installationId: installationOf(context.payload),
      action: context.payload.action,
      repository: { fullName: repository.full_name, private: repository.private },
      advisory: toObservedAdvisory(raw, repository.full_name, repository.private),
    });
  });
}
