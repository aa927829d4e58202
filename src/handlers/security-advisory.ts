import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';

/**
 * `security_advisory.published` is the global GitHub Advisory Database, delivered without an
 * installation: when it names a GHSA of one of our cases, the advisory reached the database.
 * Cases the App has not seen since it started are covered by the tick's reach check instead.
 */
export function registerSecurityAdvisoryHandlers(app: Probot, state: AppState): void {
  app.on('security_advisory.published', (context) => {
    const ghsaId = context.payload.security_advisory.ghsa_id;
    const known = state.knownCases.get(ghsaId.toLowerCase());
    if (!known) return;
    return state.jobs.add({
      kind: 'database-published',
      event: 'security_advisory.published',
      delivery: context.id,
      installationId: known.installationId,
      tracking: { repo: known.repo, issue: known.issue },
      productRepo: known.productRepo,
      ghsaId,
    });
  });
}
