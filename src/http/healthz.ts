import type { IncomingMessage, ServerResponse } from 'node:http';

/** A route handler in Probot 14's `addHandler` shape: return true when the request was answered. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

/**
 * `GET /healthz` → `{"status":"ok","version":…}` plus what `extra` reports at request time (the
 * scheduler's last successful tick); anything else falls through.
 */
export function createHealthzHandler(
  version: string,
  extra: () => Record<string, unknown> = () => ({}),
): RouteHandler {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/healthz') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'method not allowed' }));
      return true;
    }
    const body = JSON.stringify({ status: 'ok', version, ...extra() });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
