import type { Probot } from 'probot';
import type { AppState } from '../app-state.js';
import type { Input } from '../domain/inputs.js';
import { trackingRepoFor } from '../domain/tracking-repo.js';
import { runCase } from '../pipeline.js';
import { openCasesOf } from './case-routing.js';
import { servicesFor, type Services } from './services.js';

type Observation = Extract<
  Input,
  { type: 'workflow-run-completed' | 'release-published' | 'pull-request-merged' }
>;

/** Offers an event of a product repository to each of its open cases; the domain ignores what is not theirs. */
async function offer(
  services: Services,
  repo: { full_name: string; private: boolean },
  input: Observation,
  log: { error(o: object, m?: string): void },
): Promise<void> {
  const config = await services.configOf(repo.full_name);
  if (!config.ok) return;
  const tracking = trackingRepoFor(config.config, repo.full_name, repo.private);
  if (!tracking.ok) {
    log.error({ repo: repo.full_name }, tracking.reason);
    return;
  }
  for (const ref of await openCasesOf(services, config.config, tracking.repo, repo.full_name)) {
    await runCase(services.deps(config.config), ref, input);
  }
}

/** The release workflow finished, a release was published, a PR was merged. */
export function registerReleaseEventHandlers(app: Probot, state: AppState): void {
  app.on('workflow_run.completed', async (context) => {
    const run = context.payload.workflow_run;
    const services = await servicesFor(app, state, context.octokit, context.log);
    await offer(
      services,
      context.payload.repository,
      {
        type: 'workflow-run-completed',
        delivery: context.id,
        runId: run.id,
        conclusion: run.conclusion ?? 'unknown',
        url: run.html_url,
      },
      context.log,
    );
  });
  app.on('release.published', async (context) => {
    const release = context.payload.release;
    const services = await servicesFor(app, state, context.octokit, context.log);
    await offer(
      services,
      context.payload.repository,
      {
        type: 'release-published',
        delivery: context.id,
        tag: release.tag_name,
        url: release.html_url,
      },
      context.log,
    );
  });
  app.on('pull_request.closed', async (context) => {
    const pr = context.payload.pull_request;
    if (!pr.merged) return;
    const services = await servicesFor(app, state, context.octokit, context.log);
    await offer(
      services,
      context.payload.repository,
      { type: 'pull-request-merged', delivery: context.id, number: pr.number },
      context.log,
    );
  });
}
