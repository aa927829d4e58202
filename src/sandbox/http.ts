import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from './auth.js';
import type { SandboxCore } from './core.js';

/** What a route handler answers; the router adds headers, ETags and validation. */
export interface Reply {
  status: number;
  /** JSON body; undefined for none (204, 202 without body). */
  body?: unknown;
  /** A non-JSON body (raw file contents); wins over `body`. */
  raw?: { contentType: string; text: string };
  headers?: Record<string, string>;
}

/** Everything a REST handler sees about one request. */
export interface RouteContext {
  core: SandboxCore;
  actor: Actor;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body ({} when there was none). */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  url: URL;
  /** Documentation link of the matched operation, for error bodies. */
  docsUrl: string;
}

export type RouteHandler = (ctx: RouteContext) => Reply;
/** Handlers by OpenAPI operationId: the description decides the route, not a second table. */
export type RouteTable = Map<string, RouteHandler>;

const DOCS = 'https://docs.github.com/rest';

/** One entry of a 422's `errors` list. */
export interface FieldError {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
}

/**
 * A GitHub-shaped failure. Thrown inside a handler and turned into a reply by the router, so
 * deep lookups (`repoFor`, `issueFor`) can stop a request without threading results back up.
 */
export class GitHubError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    errors?: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }

  /** The JSON body GitHub sends for this failure. */
  toBody(docsUrl = DOCS): Record<string, unknown> {
    const body: Record<string, unknown> = {
      message: this.message,
      documentation_url: docsUrl,
      status: String(this.status),
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');
export const forbidden = (message = 'Resource not accessible by integration'): GitHubError =>
  new GitHubError(403, message);
export const unprocessable = (message: string, errors: FieldError[] = []): GitHubError =>
  new GitHubError(422, message, errors);

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** Reads `per_page` (1–100, default 30) and `page` (from 1) as GitHub does. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = clamp(Number(query.get('per_page') ?? 30), 1, 100, 30);
  const page = clamp(Number(query.get('page') ?? 1), 1, Number.MAX_SAFE_INTEGER, 1);
  return { perPage, page };
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** One page of `items` plus the `Link` header (`first`/`prev`/`next`/`last`) GitHub sends. */
export function paginate<T>(ctx: RouteContext, items: readonly T[]): { page: T[]; link?: string } {
  const { perPage, page } = pageParams(ctx.query);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const url = (n: number) => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${url(page - 1)}; rel="prev"`, `${url(1)}; rel="first"`);
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  return links.length > 0 ? { page: slice, link: links.join(', ') } : { page: slice };
}

/** A paginated 200 reply. */
export function pageReply<T>(
  ctx: RouteContext,
  items: readonly T[],
  render: (x: T) => unknown,
): Reply {
  const { page, link } = paginate(ctx, items);
  return json(200, page.map(render), link ? { link } : undefined);
}

/** A JSON string (or number) as text; anything else becomes `fallback`. */
export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fallback;
}

/** A JSON string field of the body, or undefined. */
export function bodyString(ctx: RouteContext, key: string): string | undefined {
  const value = ctx.body[key];
  return typeof value === 'string' ? value : undefined;
}
