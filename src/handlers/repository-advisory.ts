import type { Probot } from 'probot';
import type { AppState } from '../app-state.js';
import { trackingRepoFor } from '../domain/tracking-repo.js';
import { toObservedAdvisory } from '../github/advisory-mapping.js';
import { runCase } from '../pipeline.js';
import { findTrackingIssue } from '../store/case-index.js';
import { ensureTrackingIssue } from './case-routing.js';
import { servicesFor } from './services.js';

/**
 * `repository_advisory.reported` opens a case (the SLA clock starts at the advisory's
 * `created_at`); `repository_advisory.published` (a publication done in GitHub's UI) is recorded
 * like `/confirm` would have. Processed after the delivery is acknowledged, one delivery at a
 * time per product repository (a redelivered `reported` finds the tracking issue the first one
 * opened; two reports never race to create the tracking label).
 */
export function registerRepositoryAdvisoryHandlers(app: Probot, state: AppState): void {
  app.on(['repository_advisory.reported', 'repository_advisory.published'], (context) => {
    const { repository, repository_advisory: raw } = context.payload;
    state.intake.accept(
      { event: `repository_advisory.${context.payload.action}`, id: context.id },
      `advisories:${repository.full_name}`,
      context.log,
      async () => {
        const services = await servicesFor(app, state, context.octokit, context.log);
        const config = await services.configOf(repository.full_name);
        if (!config.ok) {
          context.log.error(
            { repo: repository.full_name, problems: config.problems },
            'invalid .github/advisory-pilot.yml; case not opened',
          );
          return;
        }
        const tracking = trackingRepoFor(config.config, repository.full_name, repository.private);
        if (!tracking.ok) {
          context.log.error({ repo: repository.full_name }, tracking.reason);
          return;
        }
        const advisory = toObservedAdvisory(raw, repository.full_name, repository.private);
        const deps = services.deps(config.config);
        if (context.payload.action === 'reported') {
          const ref = await ensureTrackingIssue(
            services,
            state.privacy,
            config.config,
            tracking.repo,
            advisory,
          );
          remember(
            state,
            context.payload.installation?.id,
            advisory.ghsaId,
            ref,
            repository.full_name,
          );
          await runCase(deps, ref, {
            type: 'report-received',
            delivery: context.id,
            advisory,
            tracking: ref,
          });
          return;
        }
        const issue = await findTrackingIssue(
          services.github,
          tracking.repo,
          config.config.tracking.label,
          repository.full_name,
          advisory.ghsaId,
        );
        if (!issue) return;
        const ref = { repo: tracking.repo, issue: issue.number };
        remember(
          state,
          context.payload.installation?.id,
          advisory.ghsaId,
          ref,
          repository.full_name,
        );
        await runCase(deps, ref, { type: 'advisory-published', delivery: context.id, advisory });
      },
    );
  });
}

function remember(
  state: AppState,
  installationId: number | undefined,
  ghsaId: string,
  ref: { repo: string; issue: number },
  productRepo: string,
): void {
  if (installationId !== undefined)
    state.knownCases.set(ghsaId.toLowerCase(), { installationId, ...ref, productRepo });
}
