import type { SandboxCore } from './core.js';
import { emitEvent } from './events.js';
import { renderDeployment, renderDeploymentStatus } from './render-deployment.js';
import type { Deployment, DeploymentStatus, Repo } from './state.js';

/** A deployment request, with GitHub's defaults already applied by the caller. */
export interface NewDeployment {
  ref: string;
  sha: string;
  task: string;
  environment: string;
  payload: Deployment['payload'];
  description: string | null;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  creator: string;
}

/** A status as given; URLs not given are '' (GitHub's answer for them). */
export interface NewDeploymentStatus {
  state: DeploymentStatus['state'];
  description: string;
  /** Moves the deployment to another environment when set. */
  environment?: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: string;
  /** Mark earlier successful deployments of the same environment inactive (default on GitHub). */
  autoInactive: boolean;
}

/**
 * What Actions adds to deployment events it causes (`workflow`, `workflow_run`); API-made
 * deployments carry null there.
 */
export interface DeploymentOrigin {
  workflow: unknown;
  workflow_run: unknown;
}

const NO_ORIGIN: DeploymentOrigin = { workflow: null, workflow_run: null };

/** Records a deployment and sends `deployment.created`. */
export function createDeployment(
  core: SandboxCore,
  repo: Repo,
  input: NewDeployment,
  origin: DeploymentOrigin = NO_ORIGIN,
): Deployment {
  const at = core.clock.iso();
  const { environment, transientEnvironment, productionEnvironment, ...rest } = input;
  const deployment: Deployment = {
    id: core.state.nextId(),
    ...rest,
    originalEnvironment: environment,
    environment,
    transientEnvironment,
    productionEnvironment,
    createdAt: at,
    updatedAt: at,
    statuses: [],
  };
  repo.deployments.push(deployment);
  emitEvent(core, {
    event: 'deployment',
    action: 'created',
    repo,
    sender: input.creator,
    fields: { deployment: renderDeployment(core, repo, deployment), ...origin },
  });
  return deployment;
}

function pushStatus(
  core: SandboxCore,
  deployment: Deployment,
  fields: Omit<DeploymentStatus, 'id' | 'createdAt'>,
): DeploymentStatus {
  const status: DeploymentStatus = {
    id: core.state.nextId(),
    createdAt: core.clock.iso(),
    ...fields,
  };
  deployment.statuses.push(status);
  deployment.updatedAt = status.createdAt;
  return status;
}

/**
 * Adds a status to a deployment and sends `deployment_status.created`. A `success` with
 * `autoInactive` marks the earlier successful deployments of the same environment inactive,
 * except transient and production ones, as GitHub documents for `auto_inactive`.
 */
export function addDeploymentStatus(
  core: SandboxCore,
  repo: Repo,
  deployment: Deployment,
  input: NewDeploymentStatus,
  origin: DeploymentOrigin = NO_ORIGIN,
): DeploymentStatus {
  if (input.environment !== undefined) deployment.environment = input.environment;
  const status = pushStatus(core, deployment, {
    state: input.state,
    description: input.description,
    environment: deployment.environment,
    environmentUrl: input.environmentUrl,
    logUrl: input.logUrl,
    targetUrl: input.targetUrl,
    creator: input.creator,
  });
  if (input.state === 'success' && input.autoInactive) {
    for (const other of repo.deployments) {
      const last = other.statuses.at(-1);
      const eligible =
        other !== deployment &&
        other.environment === deployment.environment &&
        !other.transientEnvironment &&
        !other.productionEnvironment &&
        last?.state === 'success';
      if (!eligible) continue;
      pushStatus(core, other, {
        state: 'inactive',
        description: last.description,
        environment: other.environment,
        environmentUrl: last.environmentUrl,
        logUrl: last.logUrl,
        targetUrl: last.targetUrl,
        creator: input.creator,
      });
    }
  }
  emitEvent(core, {
    event: 'deployment_status',
    action: 'created',
    repo,
    sender: input.creator,
    fields: {
      deployment_status: renderDeploymentStatus(core, repo, deployment, status),
      deployment: renderDeployment(core, repo, deployment),
      ...origin,
    },
  });
  return status;
}
