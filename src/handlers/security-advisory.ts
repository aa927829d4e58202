import type { Probot } from 'probot';
import type { AppState } from '../app-state.js';
import { runCase } from '../pipeline.js';
import { servicesFor } from './services.js';

/**
 * `security_advisory.published` is the global GitHub Advisory Database, delivered without an
 * installation: when it names a GHSA of one of our cases, the advisory reached the database.
 * Cases the App has not seen since it started are covered by the tick's reach check instead.
 * Processed after the delivery is acknowledged.
 */
export function registerSecurityAdvisoryHandlers(app: Probot, state: AppState): void {
  app.on('security_advisory.published', (context) => {
    const ghsaId = context.payload.security_advisory.ghsa_id;
    const known = state.knownCases.get(ghsaId.toLowerCase());
    if (!known) return;
    state.intake.accept(
      { event: 'security_advisory.published', id: context.id },
      `${known.repo}#${String(known.issue)}`,
      context.log,
      async () => {
        const octokit = await app.auth(known.installationId);
        const services = await servicesFor(app, state, octokit, context.log);
        const config = await services.configOf(known.productRepo);
        if (!config.ok) return;
        await runCase(
          services.deps(config.config),
          { repo: known.repo, issue: known.issue },
          { type: 'database-published', delivery: context.id, ghsaId },
        );
      },
    );
  });
}
