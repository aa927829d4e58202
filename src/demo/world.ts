import { randomBytes } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { pino } from 'pino';
import type { AppOptions } from '../index.js';
import { type OpenApiValidator, type Sandbox, type ScenarioInput } from '../sandbox/index.js';
import { sandboxClients, startAppSandbox, startAppServer } from './app-server.js';

export { freePort } from '../net/free-port.js';

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
  /** Stops the App and starts a new one on the same sandbox (nothing kept in memory survives). */
  restartApp(): Promise<unknown>;
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

/**
 * Starts the sandbox and the App (Probot over HTTP, App JWT authentication with a key generated
 * now) in this process on loopback ports, and seeds the scenario.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const {
    raw,
    appId,
    privateKey,
    secret,
    baseUrl: sandboxUrl,
    now,
  } = await startAppSandbox({
    secret: options.secret ?? randomBytes(16).toString('hex'),
    ...(options.validator ? { validator: options.validator } : {}),
  });
  const startApp = () =>
    startAppServer({
      appId,
      privateKey,
      secret,
      baseUrl: sandboxUrl,
      now,
      // The server's logger is also the App's: silent unless asked, so the demo prints its timeline.
      log: pino({ level: options.logLevel ?? 'silent' }),
      ...(options.app ? { app: options.app } : {}),
    });
  let server = await startApp();
  // Until nothing is pending on either side: the App's work makes the sandbox send webhooks.
  const settled = async (): Promise<void> => {
    do {
      await raw.settled();
      await server.state.idle();
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
  sandbox.setWebhookUrl(`${server.url}/api/github/webhooks`);
  const seeded = await sandbox.seed(options.scenario);

  const clients = sandboxClients(sandboxUrl, seeded.tokens);
  return {
    sandbox,
    get appUrl() {
      return server.url;
    },
    secret,
    now,
    ...clients,
    async restartApp() {
      await settled();
      await server.stop();
      server = await startApp();
      sandbox.setWebhookUrl(`${server.url}/api/github/webhooks`);
    },
    async close() {
      await settled();
      await server.stop();
      await raw.close();
    },
  };
}
