import { installationCovers } from './auth.js';
import type { SandboxCore } from './core.js';
import { isJsonObject } from './openapi/spec.js';
import { nodeId, renderRepo, renderUser, shapedTo } from './render-core.js';
import type { Installation, Repo } from './state.js';
import type { Delivery } from './webhooks.js';

/** What happened, before it becomes a webhook payload. */
export interface EventInput {
  event: string;
  /** Omitted for events GitHub sends without one (`push`). */
  action?: string;
  /** The repository it happened in; omitted for events about the App or the global database. */
  repo?: Repo;
  /** Login of whoever caused it. */
  sender: string;
  /** Event-specific fields (`issue`, `comment`, `repository_advisory`, ...). */
  fields: Record<string, unknown>;
  /** Deliver without an `installation` (global `security_advisory` events). */
  global?: boolean;
  /** Deliver for this installation even if it does not cover `repo` (installation.created). */
  installation?: Installation;
}

/**
 * Builds the payload GitHub would send, completes it to the event's documented schema
 * (`x-webhooks` in the description), records any mismatch, and queues the delivery. Events
 * reach the App only through an installation that covers the repository and subscribes to
 * the event, as on GitHub.
 */
export function emitEvent(core: SandboxCore, input: EventInput): Delivery | undefined {
  // GitHub Apps have no access to temporary private forks, so nothing there reaches them.
  if (input.repo?.forkOf) return undefined;
  const installation = input.global
    ? undefined
    : (input.installation ?? installationFor(core, input.repo));
  if (!input.global && !installation) return undefined;
  if (
    installation &&
    installation.events.length > 0 &&
    !installation.events.includes(input.event)
  ) {
    return undefined;
  }
  const payload: Record<string, unknown> = {
    ...(input.action === undefined ? {} : { action: input.action }),
    ...input.fields,
  };
  // An event may bring its own rendering (`push` sends timestamps as numbers).
  if (input.repo && !('repository' in payload)) payload.repository = renderRepo(core, input.repo);
  const org = core.state.org;
  if (org && (input.repo?.owner ?? installation?.account) === org.login) {
    payload.organization = organization(core, org.login);
  }
  payload.sender = renderUser(core, input.sender);
  if (installation && !('installation' in payload)) {
    payload.installation = { id: installation.id, node_id: nodeId('MDIz', installation.id) };
  }
  const schema = webhookSchema(core, input.event, input.action);
  const body = (schema ? shapedTo(core, schema, payload) : payload) as Record<string, unknown>;
  for (const message of core.validator.validateWebhook(input.event, input.action, body)) {
    core.records.violations.push({
      at: core.clock.iso(),
      method: 'POST',
      path: `(webhook ${input.event}${input.action === undefined ? '' : `.${input.action}`})`,
      kind: 'webhook',
      message,
    });
  }
  return core.webhooks.send(input.event, body, {
    installationId: installation?.id ?? null,
    repositoryId: input.repo?.id ?? null,
  });
}

function installationFor(core: SandboxCore, repo: Repo | undefined): Installation | undefined {
  if (!repo) return [...core.state.installations.values()][0];
  return [...core.state.installations.values()].find((i) =>
    installationCovers(i, null, repo.owner, repo.name),
  );
}

function organization(core: SandboxCore, login: string): Record<string, unknown> {
  const user = renderUser(core, login);
  const base = `${core.baseUrl}/orgs/${login}`;
  return {
    login,
    id: user.id,
    node_id: user.node_id,
    url: base,
    repos_url: `${base}/repos`,
    events_url: `${base}/events`,
    hooks_url: `${base}/hooks`,
    issues_url: `${base}/issues`,
    members_url: `${base}/members{/member}`,
    public_members_url: `${base}/public_members{/member}`,
    avatar_url: user.avatar_url,
    description: null,
  };
}

function webhookSchema(core: SandboxCore, event: string, action: string | undefined) {
  const name = action === undefined ? event : `${event}-${action}`;
  const hook = core.validator.github['x-webhooks']?.[name.replace(/_/g, '-')];
  const post = isJsonObject(hook?.post) ? hook.post : undefined;
  const body = isJsonObject(post?.requestBody) ? post.requestBody : undefined;
  const content = isJsonObject(body?.content) ? body.content : undefined;
  const json = isJsonObject(content?.['application/json'])
    ? content['application/json']
    : undefined;
  return json?.schema;
}
