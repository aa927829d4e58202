import { installationCovers } from '../auth.js';
import type { SandboxCore } from '../core.js';
import {
  GitHubError,
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
} from '../http.js';
import { renderApp, renderInstallation, renderRepo } from '../render-core.js';
import { fullName, type Installation } from '../state.js';
import type { Delivery } from '../webhooks.js';

function requireApp(ctx: RouteContext): void {
  if (ctx.actor.kind !== 'app') {
    throw new GitHubError(401, 'A JSON web token could not be decoded');
  }
}

function installationOr404(ctx: RouteContext, id: number): Installation {
  const installation = ctx.core.state.installations.get(id);
  if (!installation) throw notFound();
  return installation;
}

function reposOf(core: SandboxCore, installation: Installation, only: string[] | null) {
  return [...core.state.repos.values()].filter(
    (r) => r.forkOf === null && installationCovers(installation, only, r.owner, r.name),
  );
}

/** App authentication: `GET /app`, installations, installation tokens, webhook deliveries. */
export function registerAppRoutes(routes: RouteTable): void {
  routes.set('apps/get-authenticated', (ctx) => {
    requireApp(ctx);
    return json(200, renderApp(ctx.core));
  });
  routes.set('apps/list-installations', (ctx) => {
    requireApp(ctx);
    const all = [...ctx.core.state.installations.values()];
    return pageReply(ctx, all, (i) => renderInstallation(ctx.core, i));
  });
  routes.set('apps/get-installation', (ctx) => {
    requireApp(ctx);
    return json(
      200,
      renderInstallation(ctx.core, installationOr404(ctx, Number(ctx.params.installation_id))),
    );
  });
  routes.set('apps/get-repo-installation', (ctx) => {
    requireApp(ctx);
    const { owner = '', repo = '' } = ctx.params;
    if (!ctx.core.state.repos.has(`${owner}/${repo}`)) throw notFound();
    const found = [...ctx.core.state.installations.values()].find((i) =>
      installationCovers(i, null, owner, repo),
    );
    if (!found) throw notFound();
    return json(200, renderInstallation(ctx.core, found));
  });
  routes.set('apps/create-installation-access-token', (ctx) => {
    requireApp(ctx);
    const installation = installationOr404(ctx, Number(ctx.params.installation_id));
    const names = Array.isArray(ctx.body.repositories) ? ctx.body.repositories.map(String) : null;
    const covered = reposOf(ctx.core, installation, null);
    for (const name of names ?? []) {
      if (!covered.some((r) => r.name === name)) {
        throw unprocessable(
          `There is at least one repository that does not exist or is not accessible to the parent installation.`,
        );
      }
    }
    const issued = ctx.core.tokens.issueInstallationToken(installation.id, names);
    const body: Record<string, unknown> = {
      token: issued.token,
      expires_at: new Date(issued.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: installation.permissions,
      repository_selection: installation.repositories === 'all' && !names ? 'all' : 'selected',
    };
    if (names)
      body.repositories = reposOf(ctx.core, installation, names).map((r) =>
        renderRepo(ctx.core, r),
      );
    return json(201, body);
  });
  routes.set('apps/list-repos-accessible-to-installation', (ctx) => {
    if (ctx.actor.kind !== 'installation')
      throw new GitHubError(403, 'This endpoint needs an installation token');
    const installation = installationOr404(ctx, ctx.actor.installationId);
    const repos = reposOf(ctx.core, installation, ctx.actor.repositories).sort((a, b) =>
      fullName(a).localeCompare(fullName(b)),
    );
    const reply = pageReply(ctx, repos, (r) => renderRepo(ctx.core, r));
    return {
      ...reply,
      body: {
        total_count: repos.length,
        repositories: reply.body,
        repository_selection: installation.repositories === 'all' ? 'all' : 'selected',
      },
    };
  });
  registerDeliveryRoutes(routes);
}

function registerDeliveryRoutes(routes: RouteTable): void {
  routes.set('apps/list-webhook-deliveries', (ctx) => {
    requireApp(ctx);
    const wanted = ctx.query.get('status');
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
    const newestFirst = [...ctx.core.webhooks.list()].reverse().filter((d) => {
      if (wanted === 'success') return isSuccess(d);
      if (wanted === 'failure') return !d.pending && !isSuccess(d);
      return true;
    });
    const cursor = ctx.query.get('cursor');
    const start = cursor ? newestFirst.findIndex((d) => String(d.id) === cursor) : 0;
    const page = newestFirst.slice(Math.max(0, start), Math.max(0, start) + perPage);
    const next = newestFirst[Math.max(0, start) + perPage];
    const headers: Record<string, string> = {};
    if (next) {
      const url = new URL(ctx.url.toString());
      url.searchParams.set('per_page', String(perPage));
      url.searchParams.set('cursor', String(next.id));
      headers.link = `<${url.toString()}>; rel="next"`;
    }
    return json(200, page.map(deliveryItem), headers);
  });
  routes.set('apps/get-webhook-delivery', (ctx) => {
    requireApp(ctx);
    const delivery = ctx.core.webhooks.list().find((d) => String(d.id) === ctx.params.delivery_id);
    if (!delivery) throw notFound();
    return json(200, {
      ...deliveryItem(delivery),
      url: ctx.core.target.url ?? '',
      request: { headers: delivery.requestHeaders, payload: delivery.payload },
      response: { headers: delivery.responseHeaders, payload: delivery.responseBody },
    });
  });
  routes.set('apps/redeliver-webhook-delivery', (ctx) => {
    requireApp(ctx);
    const again = ctx.core.webhooks.redeliver(Number(ctx.params.delivery_id));
    if (!again) throw notFound();
    return json(202, {});
  });
}

/** GitHub counts a delivery as a failure when the App did not answer 2xx/3xx (or at all). */
function isSuccess(d: Delivery): boolean {
  return d.statusCode >= 200 && d.statusCode < 400;
}

function deliveryItem(d: Delivery): Record<string, unknown> {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: d.deliveredAt,
    redelivery: d.redelivery,
    duration: d.duration,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}
