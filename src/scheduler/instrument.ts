import type { Probot } from 'probot';
import { COMMANDS } from '../commands/registry.js';
import { extractCommandLines } from '../domain/command-lines.js';
import { statusOf } from './faults.js';
import type { Metrics } from './metrics.js';

/** The part of an Octokit instance the instrumentation hooks into. */
export interface Hookable {
  hook: {
    after(name: 'request', hook: (response: Response, options: Options) => void): void;
    error(name: 'request', hook: (error: unknown, options: Options) => unknown): void;
  };
}
interface Response {
  status: number;
  headers: Record<string, unknown>;
}
interface Options {
  method?: string;
  url?: string;
}

/**
 * A low-cardinality route label: the route template when Octokit has one, else the path with
 * numbers folded (pagination follows absolute `Link` URLs such as `/repositories/123/issues`).
 */
export function routeLabel(url: string | undefined): string {
  const path = (url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
  return path.replace(/\/\d+(?=\/|$)/g, '/{n}').slice(0, 120) || 'unknown';
}

function rateLimit(metrics: Metrics, headers: Record<string, unknown> | undefined): void {
  const remaining = Number(headers?.['x-ratelimit-remaining']);
  if (headers?.['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return;
  const resource = headers['x-ratelimit-resource'];
  metrics.rateLimitRemaining.set(
    { resource: typeof resource === 'string' ? resource : 'core' },
    remaining,
  );
}

/** Counts every request an Octokit instance makes, by route and status (once per instance). */
export function instrumentOctokit(octokit: Hookable, metrics: Metrics): void {
  if (metrics.instrumented.has(octokit)) return;
  metrics.instrumented.add(octokit);
  const count = (options: Options, status: number | undefined) => {
    metrics.githubRequests.inc({
      method: options.method ?? 'GET',
      route: routeLabel(options.url),
      status: String(status ?? 'error'),
    });
  };
  octokit.hook.after('request', (response, options) => {
    count(options, response.status);
    rateLimit(metrics, response.headers);
  });
  octokit.hook.error('request', (error, options) => {
    count(options, statusOf(error));
    const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
    rateLimit(metrics, response?.headers);
    throw error;
  });
}

const KNOWN = new Set(COMMANDS.map((c) => c.name));

/** A command name as a metric label: known names, else `unknown` (labels must stay few). */
export function commandLabel(name: string): string {
  return KNOWN.has(name) ? name : 'unknown';
}

/**
 * Counts webhooks (received, and failed when a handler threw) and the commands humans type.
 * (Each delivery gets its own Octokit from Probot, so requests are counted where the GitHub port
 * is built, for webhooks and ticks alike: see `createOctokitGitHub`'s `observe` argument.)
 */
export function observeWebhooks(app: Probot, metrics: Metrics): void {
  app.onAny((context) => {
    const action = (context.payload as { action?: unknown }).action;
    const event = typeof action === 'string' ? `${context.name}.${action}` : context.name;
    metrics.webhooks.inc({ event, outcome: 'received' });
    if (event !== 'issue_comment.created') return;
    const payload = context.payload as { comment?: { body?: string }; sender?: { type?: string } };
    if (payload.sender?.type === 'Bot') return;
    for (const command of extractCommandLines(payload.comment?.body ?? '').commands) {
      metrics.commands.inc({ name: commandLabel(command.name), outcome: 'received' });
    }
  });
  app.onError((error) => {
    // A delivery refused for its signature reaches here without a parsed payload.
    const source = error.event as { name?: string; payload?: { action?: unknown } } | undefined;
    const action = source?.payload?.action;
    const name = source?.name ?? 'unknown';
    const event = typeof action === 'string' ? `${name}.${action}` : name;
    metrics.webhooks.inc({ event, outcome: 'failed' });
  });
}
