import type { Context, Probot } from 'probot';
import type { AppState } from '../app-state.js';
import type { Input } from '../domain/inputs.js';
import { trackingRepoFor } from '../domain/tracking-repo.js';
import { runCase, type PipelineLog } from '../pipeline.js';
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

/** What `accept` needs of a delivery of a product repository's event. */
interface ProductEvent {
  id: string;
  name: string;
  payload: { action: string; repository: { full_name: string; private: boolean } };
  octokit: Context['octokit'];
  log: PipelineLog;
}

/** Acknowledges now; offers the event to the repository's open cases after the answer. */
function accept(app: Probot, state: AppState, context: ProductEvent, input: Observation): void {
  const { repository } = context.payload;
  state.intake.accept(
    { event: `${context.name}.${context.payload.action}`, id: context.id },
    `product:${repository.full_name}`,
    context.log,
    async () => {
      const services = await servicesFor(app, state, context.octokit, context.log);
      await offer(services, repository, input, context.log);
    },
  );
}

/**
 * The release workflow finished, a release was published, a PR was merged: processed after the
 * delivery is acknowledged, one delivery at a time per product repository.
 */
export function registerReleaseEventHandlers(app: Probot, state: AppState): void {
  app.on('workflow_run.completed', (context) => {
    const run = context.payload.workflow_run;
    accept(app, state, context, {
      type: 'workflow-run-completed',
      delivery: context.id,
      runId: run.id,
      conclusion: run.conclusion ?? 'unknown',
      url: run.html_url,
    });
  });
  app.on('release.published', (context) => {
    const release = context.payload.release;
    accept(app, state, context, {
      type: 'release-published',
      delivery: context.id,
      tag: release.tag_name,
      url: release.html_url,
    });
  });
  app.on('pull_request.closed', (context) => {
    const pr = context.payload.pull_request;
    if (!pr.merged) return;
    accept(app, state, context, {
      type: 'pull-request-merged',
      delivery: context.id,
      number: pr.number,
    });
  });
}
