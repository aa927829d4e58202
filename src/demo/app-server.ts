import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';
import { Probot, ProbotOctokit, Server } from 'probot';
import type { AppState } from '../instance-state.js';
import { createApp, type AppOptions } from '../index.js';
import { generateAppKey } from '../sandbox/app-key.js';
import { createSandbox, type OpenApiValidator, type Sandbox } from '../sandbox/index.js';
import { freePort } from '../net/free-port.js';
import type { Scheduler } from '../scheduler/scheduler.js';

/**
 * Probot's Octokit with retries and throttling off: a fault the sandbox injects reaches the App
 * at once, and nothing waits a second between writes (the demo would take minutes).
 */
export const NoRetryOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** A listening sandbox with the App registered in it, and what the App needs to reach it. */
export interface AppSandbox {
  raw: Sandbox;
  appId: number;
  /** A key made now; the sandbox verifies the App's JWT with its public half. */
  privateKey: string;
  secret: string;
  baseUrl: string;
  /** The sandbox's virtual time. */
  now: () => Date;
}

/** Creates and starts a sandbox for one App (its ID, a fresh key, the webhook secret). */
export async function startAppSandbox(options: {
  secret: string;
  validator?: OpenApiValidator;
  deliveryTimeoutMs?: number;
}): Promise<AppSandbox> {
  const privateKey = generateAppKey();
  const appId = 4242;
  const raw = createSandbox({
    appId,
    appKey: privateKey,
    webhookSecret: options.secret,
    ...(options.validator ? { validator: options.validator } : {}),
    ...(options.deliveryTimeoutMs ? { deliveryTimeoutMs: options.deliveryTimeoutMs } : {}),
  });
  const baseUrl = await raw.listen();
  return {
    raw,
    appId,
    privateKey,
    secret: options.secret,
    baseUrl,
    now: () => new Date(raw.core.clock.now()),
  };
}

/** How to run the App against a sandbox. */
export interface AppServerOptions {
  appId: number;
  privateKey: string;
  /** Webhook secret, also the record-signing secret. */
  secret: string;
  /** The sandbox's REST base URL. */
  baseUrl: string;
  /** The clock the App reads (the sandbox's virtual time). */
  now: () => Date;
  /** Probot's logger, which is also the App's. */
  log: Logger;
  /** The Octokit class (default {@link NoRetryOctokit}). */
  Octokit?: typeof ProbotOctokit;
  /** More options of the App. */
  app?: Omit<AppOptions, 'stateSecret' | 'now'>;
}

/** One running App server (a "process"): its URL, its in-memory state, a way to stop it. */
export interface AppServer {
  url: string;
  state: AppState;
  scheduler: Scheduler;
  /** Waits for the App's queued work, then closes the HTTP server. */
  stop(): Promise<void>;
}

/**
 * Starts the real App (Probot over HTTP on a free loopback port) pointed at a sandbox. The tick
 * interval is off unless asked: callers tick on virtual time through the tick route.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.secret,
      baseUrl: options.baseUrl,
      Octokit: options.Octokit ?? NoRetryOctokit,
    }),
    log: options.log,
    port,
    host: '127.0.0.1',
  });
  let state: AppState | undefined;
  let scheduler: Scheduler | undefined;
  await server.load(
    createApp({
      tickInterval: 0,
      tickToken: options.secret,
      metricsToken: options.secret,
      ...options.app,
      stateSecret: options.secret,
      now: options.now,
      onState: (s) => {
        state = s;
        options.app?.onState?.(s);
      },
      onScheduler: (s) => {
        scheduler = s;
        options.app?.onScheduler?.(s);
      },
    }),
  );
  await server.start();
  if (!state || !scheduler) throw new Error('the App did not hand out its state and scheduler');
  const running = state;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    state: running,
    scheduler,
    async stop() {
      await running.idle();
      await server.stop();
    },
  };
}

/** REST clients acting as seeded users, and the sandbox's admin routes. */
export interface SandboxClients {
  /** A REST client acting as a seeded user (one per login, reused). */
  as(login: string): Octokit;
  /** Calls a `/_sandbox/` admin route; a non-2xx answer throws with the sandbox's message. */
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
}

/** Clients for the users a scenario seeded (`tokens` by login) on the sandbox at `baseUrl`. */
export function sandboxClients(
  baseUrl: string,
  tokens: Readonly<Record<string, string>>,
): SandboxClients {
  const clients = new Map<string, Octokit>();
  return {
    as(login) {
      const token = tokens[login];
      if (!token) throw new Error(`no seeded user ${login}`);
      let client = clients.get(login);
      if (!client) {
        client = new Octokit({ auth: token, baseUrl, request: { retries: 0 } });
        clients.set(login, client);
      }
      return client;
    },
    async admin(method, path, body) {
      const response = await fetch(`${baseUrl}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const data: unknown = await response.json();
      if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${JSON.stringify(data)}`);
      return data;
    },
  };
}
