import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin.js';
import { createTokenStore, publicKeyFrom } from './auth.js';
import { createClock, parseDuration } from './clock.js';
import { DEFAULT_SETTINGS, type SandboxCore } from './core.js';
import { createFaultStore } from './faults.js';
import type { RouteTable } from './http.js';
import { importIssue, type IssueImportInput, type IssueImportResult } from './issue-import.js';
import { createOpenApiValidator, type OpenApiValidator } from './openapi/validator.js';
import { createRateLimiter } from './rate-limit.js';
import {
  createRecords,
  type PublicWrite,
  type RequestLogEntry,
  type Violation,
} from './records.js';
import { createRestPipeline } from './router.js';
import { registerActionRoutes } from './routes/actions.js';
import { registerAdvisoryActionRoutes } from './routes/advisory-actions.js';
import { registerAdvisoryRoutes } from './routes/advisories.js';
import { registerAppRoutes } from './routes/app.js';
import { registerCommentRoutes } from './routes/comments.js';
import { registerCommitRoutes } from './routes/commits.js';
import { registerContentRoutes } from './routes/contents.js';
import { registerDeploymentRoutes } from './routes/deployments.js';
import { registerGitRoutes } from './routes/git.js';
import { registerGraphqlRoutes } from './routes/graphql.js';
import { registerIssueRoutes } from './routes/issues.js';
import { registerMergeRoutes } from './routes/merges.js';
import { registerPermissionRoutes } from './routes/permissions.js';
import { registerReactionRoutes } from './routes/reactions.js';
import { registerPullRoutes } from './routes/pulls.js';
import { registerPullUpdateRoute } from './routes/pull-update.js';
import { registerReleaseRoutes } from './routes/releases.js';
import type { ScenarioInput } from './scenario.js';
import { seedScenario, type SeedResult } from './seed.js';
import { createState } from './state.js';
import { createWebhookSender, type Delivery } from './webhooks.js';

export interface SandboxOptions {
  appId: number;
  /** The App's public key PEM (a private key PEM works too: the public half is derived). */
  appKey: string;
  webhookSecret: string;
  /** Where deliveries go; may be set later with `setWebhookUrl` (the App may start second). */
  webhookUrl?: string;
  appSlug?: string;
  appName?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Virtual start time (default: now). */
  now?: Date | string;
  /** Share one validator between sandboxes: reading GitHub's description costs ~0.2 s. */
  validator?: OpenApiValidator;
  htmlBaseUrl?: string;
  /**
   * How long a delivery may take before it counts as failed (default 10,000 ms, GitHub's limit).
   * Tests shorten it to show slow GitHub answers never make a delivery time out.
   */
  deliveryTimeoutMs?: number;
}

export interface Sandbox {
  /** Starts serving; resolves to the base URL (`http://127.0.0.1:PORT`). */
  listen(): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
  readonly core: SandboxCore;
  seed(scenario: ScenarioInput): Promise<SeedResult>;
  /**
   * Replaces an issue's title, body, state and comments with a copy from elsewhere (comment ids,
   * authors and times kept; no webhooks), as `POST /_sandbox/issues/import` does.
   */
  importIssue(issue: IssueImportInput): IssueImportResult;
  /** Moves virtual time (e.g. "3d") and waits for the webhooks that caused; returns what fired. */
  advance(duration: string | number): Promise<string[]>;
  /** Resolves once every queued webhook delivery was attempted. */
  settled(): Promise<void>;
  setWebhookUrl(url: string | undefined): void;
  violations(): readonly Violation[];
  requests(): readonly RequestLogEntry[];
  publicWrites(): readonly PublicWrite[];
  deliveries(): readonly Delivery[];
}

/** Builds every route handler of one sandbox, keyed by GitHub's operationId. */
function buildRoutes(): RouteTable {
  const routes: RouteTable = new Map();
  registerAppRoutes(routes);
  registerIssueRoutes(routes);
  registerCommentRoutes(routes);
  registerAdvisoryRoutes(routes);
  registerAdvisoryActionRoutes(routes);
  registerGitRoutes(routes);
  registerContentRoutes(routes);
  registerCommitRoutes(routes);
  registerMergeRoutes(routes);
  registerPullRoutes(routes);
  registerPullUpdateRoute(routes);
  registerActionRoutes(routes);
  registerReleaseRoutes(routes);
  registerDeploymentRoutes(routes);
  registerPermissionRoutes(routes);
  registerGraphqlRoutes(routes);
  registerReactionRoutes(routes);
  return routes;
}

/**
 * An in-memory GitHub for the demo and end-to-end tests. Everything lives on the returned
 * instance (no module state), so tests can run several side by side.
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const start = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const clock = createClock(start);
  const state = createState();
  const target = { url: options.webhookUrl, secret: options.webhookSecret, appId: options.appId };
  const core: SandboxCore = {
    app: {
      id: options.appId,
      slug: options.appSlug ?? 'advisory-pilot',
      name: options.appName ?? 'Advisory Pilot',
      publicKey: publicKeyFrom(options.appKey),
      createdAt: clock.iso(),
    },
    target,
    settings: { ...DEFAULT_SETTINGS },
    state,
    clock,
    validator: options.validator ?? createOpenApiValidator(),
    tokens: createTokenStore(),
    webhooks: createWebhookSender(
      () => target,
      clock,
      () => core.state.nextId(),
      options.deliveryTimeoutMs,
    ),
    records: createRecords(),
    faults: createFaultStore(),
    baseUrl: '',
    htmlBaseUrl: options.htmlBaseUrl ?? 'https://github.com',
  };
  const pipeline = createRestPipeline(core, buildRoutes(), createRateLimiter());
  const server: Server = createServer((req, res) => {
    void serve(core, pipeline, req, res);
  });

  return {
    get url() {
      return core.baseUrl;
    },
    core,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      core.baseUrl = `http://${host}:${address.port}`;
      return core.baseUrl;
    },
    async close() {
      await core.webhooks.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
    async seed(scenario) {
      const outcome = seedScenario(core, scenario);
      if (!outcome.ok) throw new Error(`sandbox seed: ${outcome.error}`);
      await core.webhooks.settled();
      return outcome.result;
    },
    importIssue(issue) {
      const outcome = importIssue(core, issue);
      if (!outcome.ok) throw new Error(`sandbox import: ${outcome.error}`);
      return outcome.result;
    },
    async advance(duration) {
      const ms = parseDuration(duration);
      if (ms === undefined)
        throw new Error(`sandbox advance: "${String(duration)}" is not a duration like "3d"`);
      const fired = clock.advanceTo(clock.now() + ms);
      await core.webhooks.settled();
      return fired;
    },
    settled: () => core.webhooks.settled(),
    setWebhookUrl(url) {
      target.url = url;
    },
    violations: () => core.records.violations,
    requests: () => core.records.requests,
    publicWrites: () => core.records.publicWrites,
    deliveries: () => core.webhooks.list(),
  };
}

async function serve(
  core: SandboxCore,
  pipeline: ReturnType<typeof createRestPipeline>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const incoming = {
      method: (req.method ?? 'GET').toUpperCase(),
      url: new URL(req.url ?? '/', core.baseUrl || 'http://127.0.0.1'),
      headers: req.headers,
      raw: Buffer.concat(chunks).toString('utf8'),
    };
    // GitHub Enterprise-style clients (Probot's GHE_HOST) prefix REST with /api/v3.
    const path = incoming.url.pathname;
    if (path.startsWith('/api/v3/')) incoming.url.pathname = path.slice('/api/v3'.length);
    else if (path === '/api/graphql') incoming.url.pathname = '/graphql';
    if (incoming.url.pathname.startsWith('/_sandbox/')) await handleAdmin(core, incoming, res);
    else await pipeline(incoming, res);
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `sandbox failure: ${String(error)}` }));
  }
}
