import type { IncomingMessage, ServerResponse } from 'node:http';
import { actorLabel, authenticate, type Actor } from './auth.js';
import type { SandboxCore } from './core.js';
import { etagFor, ifNoneMatchHits } from './etag.js';
import { SECONDARY_RATE_LIMIT_MESSAGE } from './faults.js';
import { GitHubError, type Reply, type RouteContext, type RouteTable } from './http.js';
import type { OperationMatch } from './openapi/routes.js';
import type { RateLimiter } from './rate-limit.js';
import type { ViolationKind } from './records.js';

/** A parsed request, before routing. */
export interface IncomingRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  raw: string;
}

/**
 * The REST pipeline: authenticate, inject faults, match the operation in GitHub's description,
 * validate the request, run the handler, add ETag/304 and rate-limit headers, validate the
 * response, log. Every mismatch with the description becomes a violation.
 */
export function createRestPipeline(core: SandboxCore, routes: RouteTable, limiter: RateLimiter) {
  const violation = (
    req: IncomingRequest,
    kind: ViolationKind,
    message: string,
    match?: OperationMatch,
  ): void => {
    core.records.violations.push({
      at: core.clock.iso(),
      method: req.method,
      path: req.url.pathname,
      ...(match ? { operationId: match.operationId } : {}),
      kind,
      message,
    });
  };

  return async (req: IncomingRequest, res: ServerResponse): Promise<void> => {
    const match = core.validator.match(req.method, req.url.pathname);
    const docsUrl = docsFor(match);
    let actor: Actor = { kind: 'anonymous' };
    let reply: Reply;
    try {
      actor = authenticate(req.headers.authorization, core.app, core.tokens, core.state);
      const fault = core.faults.take(req.method, req.url.pathname);
      if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault?.status) throw faultError(fault.status, fault.retryAfter);
      if (limiter.take(actor, Date.now(), false).exceeded) {
        throw new GitHubError(403, `API rate limit exceeded for ${actorLabel(actor)}.`);
      }
      reply = run(req, match, actor, docsUrl);
    } catch (error) {
      reply = errorReply(error, docsUrl, (message) => {
        violation(req, 'response', message, match);
      });
    }
    let status = reply.status;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let text = reply.raw?.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    if (req.method === 'GET' && status === 200 && !reply.raw) {
      const etag = etagFor(text);
      headers.etag = etag;
      if (ifNoneMatchHits(req.headers['if-none-match'], etag)) {
        status = 304;
        text = '';
      }
    }
    Object.assign(headers, limiter.take(actor, Date.now(), status !== 304).headers);
    if (match && !reply.raw && !reply.headers?.['x-sandbox-unimplemented']) {
      const body = status === 304 ? undefined : reply.body;
      for (const message of core.validator.validateResponse(match, status, body)) {
        violation(req, 'response', `${status}: ${message}`, match);
      }
    }
    core.records.requests.push({
      at: core.clock.iso(),
      method: req.method,
      path: `${req.url.pathname}${req.url.search}`,
      ...(match ? { operationId: match.operationId } : {}),
      status,
      actor: actorLabel(actor),
      ...(match?.preview ? { preview: true as const } : {}),
    });
    headers['content-type'] = reply.raw?.contentType ?? 'application/json; charset=utf-8';
    headers['x-github-request-id'] = `SANDBOX:${core.records.requests.length}`;
    headers['x-github-media-type'] = 'github.v3; format=json';
    res.writeHead(status, headers);
    res.end(status === 304 || status === 204 ? undefined : text);
  };

  function run(
    req: IncomingRequest,
    match: OperationMatch | undefined,
    actor: Actor,
    docsUrl: string,
  ): Reply {
    if (!match) {
      violation(
        req,
        'undocumented-route',
        `${req.method} ${req.url.pathname} is not in GitHub's description`,
      );
      throw new GitHubError(404, 'Not Found');
    }
    let body: unknown;
    const hasBody = req.raw.trim() !== '';
    if (hasBody) {
      try {
        body = JSON.parse(req.raw);
      } catch {
        violation(req, 'request', 'body is not JSON', match);
        throw new GitHubError(400, 'Problems parsing JSON');
      }
    }
    const problems = core.validator.validateRequest(match, {
      query: req.url.searchParams,
      body,
      hasBody,
    });
    for (const p of problems) violation(req, 'request', p.message, match);
    if (problems.some((p) => p.where === 'path')) throw new GitHubError(404, 'Not Found');
    const bodyProblems = problems.filter((p) => p.where === 'body');
    if (bodyProblems.length > 0) {
      throw new GitHubError(
        422,
        `Invalid request.\n\n${bodyProblems.map((p) => p.message).join('\n')}`,
      );
    }
    const handler = routes.get(match.operationId);
    if (!handler) {
      violation(req, 'unimplemented', `the sandbox does not implement ${match.operationId}`, match);
      return {
        status: 501,
        body: {
          message: `Not implemented by the sandbox: ${match.operationId}`,
          documentation_url: docsUrl,
        },
        headers: { 'x-sandbox-unimplemented': 'true' },
      };
    }
    const ctx: RouteContext = {
      core,
      actor,
      params: match.params,
      query: req.url.searchParams,
      body:
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? (body as Record<string, unknown>)
          : {},
      headers: req.headers,
      url: req.url,
      docsUrl,
    };
    return handler(ctx);
  }
}

function docsFor(match: OperationMatch | undefined): string {
  const docs = match?.operation.externalDocs;
  if (docs && typeof docs === 'object' && !Array.isArray(docs) && typeof docs.url === 'string') {
    return docs.url;
  }
  return 'https://docs.github.com/rest';
}

function faultError(status: number, retryAfter: number | undefined): GitHubError {
  if (status === 403 || status === 429) {
    const headers: Record<string, string> = { 'retry-after': String(retryAfter ?? 60) };
    return new GitHubError(status, SECONDARY_RATE_LIMIT_MESSAGE, undefined, headers);
  }
  const message =
    status === 503 ? 'Service Unavailable' : status === 502 ? 'Bad Gateway' : 'Server Error';
  return new GitHubError(status, message);
}

function errorReply(error: unknown, docsUrl: string, onBug: (message: string) => void): Reply {
  if (error instanceof GitHubError) {
    return { status: error.status, body: error.toBody(docsUrl), headers: error.headers };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  onBug(`sandbox bug: ${message.split('\n').slice(0, 3).join(' | ')}`);
  return { status: 500, body: { message: 'Server Error', documentation_url: docsUrl } };
}
