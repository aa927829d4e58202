import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { servicesFor } from '../handlers/services.js';
import { runAppCommentChanged, runCheckboxToggles, runCommandComment } from './comment-jobs.js';
import { runDatabasePublished, runProductEvent } from './event-jobs.js';
import { runVisitJob, type VisitHost } from '../scheduler/visit-job.js';
import type { Job } from './job.js';
import { runAdvisoryEvent, runManualReport } from './report-jobs.js';

/**
 * The App's worker: runs one job with its installation's Octokit (minted from the job's
 * installation id, so a job needs nothing from the webhook context that delivered it). A tick's
 * visit of a case (queue mode) runs with the `host` this replica's scheduler lends it, and
 * resolves with what the ticking replica waits for.
 */
export async function runJob(
  app: Probot,
  state: AppState,
  job: Job,
  host?: () => VisitHost | undefined,
): Promise<unknown> {
  const log = app.log.child({ name: job.event, id: job.delivery });
  const octokit = await app.auth(job.installationId);
  const services = await servicesFor(app, state, octokit, log);
  switch (job.kind) {
    case 'command-comment':
      return runCommandComment(state, services, job);
    case 'checkbox-toggled':
      return runCheckboxToggles(state, services, job, log);
    case 'app-comment-changed':
      return runAppCommentChanged(services, job);
    case 'manual-report':
      await runManualReport(state, services, job, log);
      return;
    case 'advisory-event':
      return runAdvisoryEvent(state, services, job, log);
    case 'product-event':
      return runProductEvent(services, job, log, state.caseIndex);
    case 'database-published':
      return runDatabasePublished(services, job);
    case 'tick-visit': {
      const lent = host?.();
      if (!lent) throw new Error('this replica has no scheduler to visit a case with yet');
      return runVisitJob(lent, state, services, job);
    }
  }
}
