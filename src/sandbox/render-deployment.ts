import { botLogin, type SandboxCore } from './core.js';
import { apiUrl, nodeId, renderApp, renderUser, shaped } from './render-core.js';
import { fullName, type Deployment, type DeploymentStatus, type Repo } from './state.js';

/** The App, for objects it created through an installation token (else null). */
function viaApp(core: SandboxCore, creator: string): unknown {
  return creator === botLogin(core) ? renderApp(core) : null;
}

/** A deployment as `deployment` describes it (REST answers and webhook payloads alike). */
export function renderDeployment(
  core: SandboxCore,
  repo: Repo,
  d: Deployment,
): Record<string, unknown> {
  const base = `/repos/${fullName(repo)}/deployments/${d.id}`;
  return shaped(core, 'deployment', {
    url: apiUrl(core, base),
    id: d.id,
    node_id: nodeId('DE', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(core, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: apiUrl(core, `${base}/statuses`),
    repository_url: apiUrl(core, `/repos/${fullName(repo)}`),
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: viaApp(core, d.creator),
  }) as Record<string, unknown>;
}

/** A status as `deployment-status` describes it; unset URLs stay '' (see errata.ts). */
export function renderDeploymentStatus(
  core: SandboxCore,
  repo: Repo,
  d: Deployment,
  s: DeploymentStatus,
): Record<string, unknown> {
  const deployment = `/repos/${fullName(repo)}/deployments/${d.id}`;
  return shaped(core, 'deployment-status', {
    url: apiUrl(core, `${deployment}/statuses/${s.id}`),
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: renderUser(core, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: apiUrl(core, deployment),
    repository_url: apiUrl(core, `/repos/${fullName(repo)}`),
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: viaApp(core, s.creator),
  }) as Record<string, unknown>;
}
