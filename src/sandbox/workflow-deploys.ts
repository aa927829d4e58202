import type { SandboxCore } from './core.js';
import { addDeploymentStatus, createDeployment } from './deployment-write.js';
import { htmlUrl } from './render-core.js';
import { renderRun, renderWorkflow } from './render-actions.js';
import { fullName, type Repo, type Workflow, type WorkflowRun } from './state.js';

/** The user Actions writes as. */
export const ACTIONS_BOT = 'github-actions[bot]';

function ensureActionsBot(core: SandboxCore): void {
  if (core.state.users.has(ACTIONS_BOT)) return;
  core.state.users.set(ACTIONS_BOT, {
    id: core.state.nextId(),
    login: ACTIONS_BOT,
    name: null,
    type: 'Bot',
  });
}

/**
 * What a successful run of a workflow with `deploys` leaves behind, as a job with
 * `environment:` does on GitHub: github-actions[bot] creates a deployment per environment at the
 * run's head (ref: its branch) and marks it `success`, linking the run's log. Called while the
 * run is still in progress, so the events come before `workflow_run.completed`.
 */
export function deployRun(
  core: SandboxCore,
  repo: Repo,
  workflow: Workflow,
  run: WorkflowRun,
): void {
  if (workflow.deploys.length === 0) return;
  ensureActionsBot(core);
  const origin = {
    workflow: renderWorkflow(core, repo, workflow),
    workflow_run: renderRun(core, repo, run),
  };
  const log = htmlUrl(core, `/${fullName(repo)}/actions/runs/${run.id}`);
  for (const environment of workflow.deploys) {
    const deployment = createDeployment(
      core,
      repo,
      {
        ref: run.headBranch,
        sha: run.headSha,
        task: 'deploy',
        environment,
        payload: {},
        description: null,
        transientEnvironment: false,
        productionEnvironment: environment === 'production',
        creator: ACTIONS_BOT,
      },
      origin,
    );
    addDeploymentStatus(
      core,
      repo,
      deployment,
      {
        state: 'success',
        description: '',
        environmentUrl: '',
        logUrl: log,
        targetUrl: log,
        creator: ACTIONS_BOT,
        autoInactive: true,
      },
      origin,
    );
  }
}
