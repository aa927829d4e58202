import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { addDeploymentStatus, createDeployment } from '../deployment-write.js';
import { resolveRevision } from '../git-graph.js';
import {
  bodyString,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { apiUrl } from '../render-core.js';
import { renderDeployment, renderDeploymentStatus } from '../render-deployment.js';
import { fullName, type Deployment, type DeploymentStatus, type Repo } from '../state.js';

function deploymentFor(repo: Repo, id: string | undefined): Deployment {
  const deployment = repo.deployments.find((d) => String(d.id) === id);
  if (!deployment) throw notFound();
  return deployment;
}

/** GitHub keeps a payload as JSON: an object stays one, a string holding an object is read. */
function payloadOf(value: unknown): Deployment['payload'] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  if (typeof value !== 'string' || value.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : value;
  } catch {
    return value;
  }
}

function create(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'deployments');
  const ref = text(ctx.body.ref, '');
  const sha = resolveRevision(repo.git, ref);
  if (!sha) throw unprocessable(`No ref found for: ${ref}`);
  const environment = bodyString(ctx, 'environment') ?? 'production';
  const description = ctx.body.description === null ? null : (bodyString(ctx, 'description') ?? '');
  const payload = payloadOf(ctx.body.payload);
  const deployment = createDeployment(ctx.core, repo, {
    ref,
    sha,
    task: bodyString(ctx, 'task') ?? 'deploy',
    environment,
    payload,
    description,
    transientEnvironment: ctx.body.transient_environment === true,
    productionEnvironment:
      typeof ctx.body.production_environment === 'boolean'
        ? ctx.body.production_environment
        : environment === 'production',
    creator: actorLogin(ctx.core, ctx.actor),
  });
  recordPublicWrite(ctx.core, repo, 'deployment-description', description ?? '', ctx.actor);
  if (typeof payload === 'string' || Object.keys(payload).length > 0)
    recordPublicWrite(ctx.core, repo, 'deployment-payload', JSON.stringify(payload), ctx.actor);
  return json(201, renderDeployment(ctx.core, repo, deployment));
}

function createStatus(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'deployments');
  const deployment = deploymentFor(repo, ctx.params.deployment_id);
  const logUrl = bodyString(ctx, 'log_url') ?? bodyString(ctx, 'target_url') ?? '';
  const environment = bodyString(ctx, 'environment');
  const description = bodyString(ctx, 'description') ?? '';
  const status = addDeploymentStatus(ctx.core, repo, deployment, {
    state: text(ctx.body.state, 'pending') as DeploymentStatus['state'],
    description,
    ...(environment === undefined ? {} : { environment }),
    environmentUrl: bodyString(ctx, 'environment_url') ?? '',
    logUrl,
    targetUrl: bodyString(ctx, 'target_url') ?? logUrl,
    creator: actorLogin(ctx.core, ctx.actor),
    autoInactive: ctx.body.auto_inactive !== false,
  });
  recordPublicWrite(ctx.core, repo, 'deployment-status-description', description, ctx.actor);
  const location = apiUrl(
    ctx.core,
    `/repos/${fullName(repo)}/deployments/${deployment.id}/statuses/${status.id}`,
  );
  return json(201, renderDeploymentStatus(ctx.core, repo, deployment, status), { location });
}

/** Deployments and their statuses; each write sends its documented webhook. */
export function registerDeploymentRoutes(routes: RouteTable): void {
  routes.set('repos/create-deployment', create);
  routes.set('repos/list-deployments', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'deployments');
    const q = (name: string) => ctx.query.get(name);
    const listed = repo.deployments
      .filter((d) => !q('sha') || d.sha === q('sha'))
      .filter((d) => !q('ref') || d.ref === q('ref'))
      .filter((d) => !q('task') || d.task === q('task'))
      .filter((d) => !q('environment') || d.environment === q('environment'))
      .sort((a, b) => b.id - a.id);
    return pageReply(ctx, listed, (d) => renderDeployment(ctx.core, repo, d));
  });
  routes.set('repos/get-deployment', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'deployments');
    return json(
      200,
      renderDeployment(ctx.core, repo, deploymentFor(repo, ctx.params.deployment_id)),
    );
  });
  routes.set('repos/create-deployment-status', createStatus);
  routes.set('repos/list-deployment-statuses', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'deployments');
    const deployment = deploymentFor(repo, ctx.params.deployment_id);
    const newestFirst = [...deployment.statuses].reverse();
    return pageReply(ctx, newestFirst, (s) =>
      renderDeploymentStatus(ctx.core, repo, deployment, s),
    );
  });
}
