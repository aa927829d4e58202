import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { pino } from 'pino';
import { Probot, ProbotOctokit, Server } from 'probot';
import type { AppState } from '../app-state.js';
import { createApp, type AppOptions } from '../index.js';
import { freePort } from '../net/free-port.js';

export { freePort };
import {
  createSandbox,
  type OpenApiValidator,
  type Sandbox,
  type ScenarioInput,
} from '../sandbox/index.js';

/** A running sandbox GitHub and the real App server wired to it over loopback HTTP. */
export interface World {
  /**
   * The sandbox. Its `settled()`, `advance()` and `seed()` also wait until the App has processed
   * what was delivered (the App acknowledges webhooks first and works afterwards).
   */
  sandbox: Sandbox;
  appUrl: string;
  secret: string;
  /** REST clients acting as the seeded users. */
  as(login: string): Octokit;
  /** Virtual time of the sandbox (the App reads the same clock). */
  now(): Date;
  /** Calls a `/_sandbox/` admin route. */
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Options of a world: the scenario, and a validator to share between worlds (it is slow to build). */
export interface WorldOptions {
  scenario: ScenarioInput;
  validator?: OpenApiValidator;
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** The webhook and record secret (default: random); the benchmark seeds records signed with it. */
  secret?: string;
  /** More options of the App (the benchmark takes its state and scheduler, turns the tick off). */
  app?: Omit<AppOptions, 'stateSecret' | 'now'>;
}

const NoRetry = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/**
 * Starts the sandbox and the App (Probot over HTTP, App JWT authentication with a key generated
 * now) in this process on loopback ports, and seeds the scenario.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const secret = options.secret ?? randomBytes(16).toString('hex');
  const appId = 4242;
  const raw = createSandbox({
    appId,
    appKey: privateKey,
    webhookSecret: secret,
    ...(options.validator ? { validator: options.validator } : {}),
  });
  const sandboxUrl = await raw.listen();
  const now = () => new Date(raw.core.clock.now());

  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({ appId, privateKey, secret, baseUrl: sandboxUrl, Octokit: NoRetry }),
    // The server's logger is also the App's: silent unless asked, so the demo prints its timeline.
    log: pino({ level: options.logLevel ?? 'silent' }),
    port,
    host: '127.0.0.1',
  });
  let app: AppState | undefined;
  await server.load(
    createApp({
      // The demo ticks on its own schedule (virtual time) through the tick route.
      tickInterval: 0,
      tickToken: secret,
      ...options.app,
      stateSecret: secret,
      now,
      onState: (state) => {
        app = state;
        options.app?.onState?.(state);
      },
    }),
  );
  await server.start();
  if (!app) throw new Error('the App did not hand out its state');
  const state = app;
  // Until nothing is pending on either side: the App's work makes the sandbox send webhooks.
  const settled = async (): Promise<void> => {
    do {
      await raw.settled();
      await state.idle();
    } while (raw.deliveries().some((d) => d.pending));
  };
  // Everything that delivers webhooks waits for the App's work too, so a step sees its effects.
  const sandbox: Sandbox = Object.create(raw, {
    settled: { value: settled },
    advance: {
      value: async (duration: string | number) => {
        const fired = await raw.advance(duration);
        await settled();
        return fired;
      },
    },
    seed: {
      value: async (scenario: ScenarioInput) => {
        const seeded = await raw.seed(scenario);
        await settled();
        return seeded;
      },
    },
  }) as Sandbox;
  const appUrl = `http://127.0.0.1:${port}`;
  sandbox.setWebhookUrl(`${appUrl}/api/github/webhooks`);
  const seeded = await sandbox.seed(options.scenario);

  const clients = new Map<string, Octokit>();
  return {
    sandbox,
    appUrl,
    secret,
    now,
    as(login) {
      const token = seeded.tokens[login];
      if (!token) throw new Error(`no seeded user ${login}`);
      let client = clients.get(login);
      if (!client) {
        client = new Octokit({ auth: token, baseUrl: sandboxUrl, request: { retries: 0 } });
        clients.set(login, client);
      }
      return client;
    },
    async admin(method, path, body) {
      const response = await fetch(`${sandboxUrl}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const data: unknown = await response.json();
      if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${JSON.stringify(data)}`);
      return data;
    },
    async close() {
      await settled();
      await server.stop();
      await raw.close();
    },
  };
}
