import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { RouteHandler } from '../http/healthz.js';
import type { TickSummary } from './tick-scope.js';

export const TICK_PATH = '/advisory-pilot/tick';
export const METRICS_PATH = '/metrics';

/** Several routes as one `addHandler` handler: the first that answers wins. */
export function composeRoutes(routes: readonly RouteHandler[]): RouteHandler {
  return async (req, res) => {
    for (const route of routes) if (await route(req, res)) return true;
    return false;
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): true {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * Whether an `Authorization: Bearer …` header carries the token. Both sides are hashed first so
 * the comparison takes the same time whatever the length or content of a guess.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  const a = createHash('sha256')
    .update(given ?? '')
    .digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && given !== undefined;
}

/**
 * `POST /advisory-pilot/tick` for deployments that prefer an external cron: 404 unless
 * `TICK_TOKEN` is set, 401 without the right bearer token, 409 while a tick runs, else 202 (the
 * tick runs in the background) or, with `?wait=true`, 200 and the tick's summary. In queue mode
 * the ticker never refuses: a tick asked for while one runs anywhere waits its turn.
 */
export function createTickRoute(
  scheduler: { tick(): Promise<TickSummary> | undefined },
  token: string | undefined,
  log: { error(details: object, message: string): void },
): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== TICK_PATH) return false;
    if (!token) return json(res, 404, { error: 'not found: set TICK_TOKEN to enable this route' });
    if (req.method !== 'POST')
      return json(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
    if (!bearerMatches(req.headers.authorization, token))
      return json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const run = scheduler.tick();
    if (!run) return json(res, 409, { error: 'a tick is already running' });
    if (url.searchParams.get('wait') === 'true') {
      try {
        return json(res, 200, await run);
      } catch (error) {
        return json(res, 500, { error: String(error) });
      }
    }
    // Nobody waits for a background tick: its failure goes to the log, like the interval's.
    run.catch((error: unknown) => {
      log.error({ error: String(error) }, 'tick failed');
    });
    return json(res, 202, { status: 'started' });
  };
}

/**
 * `GET /metrics`: the App's own registry in Prometheus text format, behind `METRICS_TOKEN`
 * (404 while it is unset, 401 without the bearer token). Open cases by phase and overdue SLAs
 * tell an outsider that a security release is coming, so they are not served to anyone.
 */
export function createMetricsRoute(registry: Registry, token: string | undefined): RouteHandler {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== METRICS_PATH) return false;
    if (!token)
      return json(res, 404, { error: 'not found: set METRICS_TOKEN to enable this route' });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
    if (!bearerMatches(req.headers.authorization, token))
      return json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  };
}
