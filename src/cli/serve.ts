import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { run, type Server } from 'probot';
import type { Redis } from 'ioredis';
import type { AppState } from '../instance-state.js';
import { connectQueueRedis } from '../jobs/redis-connection.js';
import { createApp } from '../index.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: advisory-pilot serve

Runs the GitHub App's webhook server (Probot). Configuration comes from Probot's environment
variables (a .env file in the working directory is read too):

  APP_ID              required  the GitHub App's ID
  PRIVATE_KEY         required  the App's private key (PEM, or base64 of it)
  PRIVATE_KEY_PATH              ... or the path of the .pem file instead of PRIVATE_KEY
  WEBHOOK_SECRET      required  the webhook secret set in the App's settings
  PORT                          port to listen on (default 3000)
  HOST                          address to bind (default localhost; 0.0.0.0 in Docker)
  WEBHOOK_PATH                  webhook route (default /api/github/webhooks)
  LOG_LEVEL, LOG_FORMAT         trace|debug|info|warn|error|fatal, json|pretty
  GHE_HOST, GHE_PROTOCOL        GitHub Enterprise Server host
  WEBHOOK_PROXY_URL             smee.io channel for local development
  STATE_SECRET                  key that signs the case files (default WEBHOOK_SECRET)
  DRY_RUN                       true: log every write to GitHub instead of making it
  SHUTDOWN_TIMEOUT              seconds SIGTERM waits for work in flight (default 25)
  TICK_INTERVAL, TICK_TOKEN     scheduler interval (default 600 s) and the cron route's token
  METRICS_TOKEN                 bearer token for GET /metrics (unset: the route answers 404)
  REDIS_URL                     queue mode: jobs on Redis, shared by every replica (needed for
                                more than one); serve exits 1 when Redis does not answer

Routes: POST $WEBHOOK_PATH (webhooks), GET /healthz, POST /advisory-pilot/tick, GET /metrics.

Webhooks are answered as soon as they are verified and queued; the work runs afterwards. On
SIGTERM the server stops accepting connections, waits up to SHUTDOWN_TIMEOUT seconds for the
queued work and a running tick, names the deliveries that did not finish, and exits 0 (what was
cut short is resumed from its intent records by the next tick).
`;

export const DEFAULT_SHUTDOWN_TIMEOUT = 25;

/** `SHUTDOWN_TIMEOUT` in seconds; anything but a non-negative number falls back to the default. */
export function shutdownTimeoutOf(text: string | undefined): number {
  const seconds = Number(text);
  return text?.trim() && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : DEFAULT_SHUTDOWN_TIMEOUT;
}

/** What a graceful shutdown needs: the server, and the App's state and scheduler when known. */
export interface ShutdownTarget {
  server: Pick<Server, 'stop'>;
  state: AppState | undefined;
  scheduler: Pick<Scheduler, 'stop'> | undefined;
}

/**
 * Stops accepting connections, then waits (at most `timeoutMs`) for the queued webhook work, the
 * pipelines and a running tick. Webhooks are acknowledged before they are processed, so work can
 * still be running when the orchestrator asks the process to go; whatever does not finish in
 * time is named (its delivery GUID can be redelivered) and is resumable from its intent records.
 */
export async function shutDown(
  target: ShutdownTarget,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<{ finished: boolean }> {
  const { server, state, scheduler } = target;
  const waiting = state?.jobs.inFlight().length ?? 0;
  say(
    `stopping: no new connections; waiting up to ${String(timeoutMs / 1000)} s for ${String(waiting)} deliveries in flight and any running tick`,
  );
  const drained = Promise.all([
    server.stop(),
    scheduler?.stop(),
    // The scheduler's pipelines and the webhook work share the queue: wait for both.
    state?.idle(),
  ]).then(() => true);
  const deadline = new AbortController();
  const finished = await Promise.race([
    drained,
    sleep(timeoutMs, false, { signal: deadline.signal }).catch(() => false),
  ]);
  deadline.abort();
  // Queue mode: stop taking cases; past the timeout the running ones are left to another replica.
  await state?.jobs.close?.(!finished);
  for (const close of state?.closers ?? []) await close();
  if (finished) {
    say('stopped: all queued work finished');
    return { finished: true };
  }
  const left = state?.jobs.inFlight() ?? [];
  const named = left.map((d) => `${d.event} ${d.id}`).join(', ');
  say(
    `stopped after ${String(timeoutMs / 1000)} s with ${String(left.length)} deliveries unfinished${named ? ` (${named})` : ''} and ${String(state?.queue.pending ?? 0)} queued tasks; ` +
      'effects already started are recorded as intents, so the next tick completes them (or redeliver the deliveries named)',
  );
  return { finished: false };
}

/** Names the variables `serve` cannot start without, in the order a newcomer should set them. */
export function missingServeVariables(env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  if (!env.APP_ID?.trim()) missing.push('APP_ID');
  else if (!/^\d+$/.test(env.APP_ID.trim())) missing.push('APP_ID (must be a number)');
  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  if (!env.PRIVATE_KEY?.trim() && !keyPath) missing.push('PRIVATE_KEY or PRIVATE_KEY_PATH');
  else if (!env.PRIVATE_KEY?.trim() && keyPath && !existsSync(keyPath)) {
    missing.push(`PRIVATE_KEY_PATH (no file at ${keyPath})`);
  }
  if (!env.WEBHOOK_SECRET?.trim()) missing.push('WEBHOOK_SECRET');
  return missing;
}

async function serve(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return 0;
  }
  if (args.length > 0) {
    io.stderr(
      `advisory-pilot serve: unexpected argument "${args[0] ?? ''}" (serve takes none; see --help)\n`,
    );
    return 2;
  }
  // Probot reads .env too, but only after start-up; read it first so the check below sees it.
  if (io.env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  const missing = missingServeVariables(io.env);
  if (missing.length > 0) {
    io.stderr(
      `advisory-pilot serve: missing or invalid environment: ${missing.join(', ')}.\n` +
        'Set them in the environment or in .env (see .env.example and README "Register the App").\n',
    );
    return 1;
  }
  let redis: Redis | undefined;
  const redisUrl = io.env.REDIS_URL?.trim();
  if (redisUrl) {
    try {
      redis = await connectQueueRedis(redisUrl);
    } catch (error) {
      io.stderr(
        `advisory-pilot serve: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
    redis.on('error', (error: unknown) => {
      io.stderr(`advisory-pilot: queue mode: Redis: ${String(error)}\n`);
    });
  }
  let state: AppState | undefined;
  let scheduler: Scheduler | undefined;
  const app = createApp({
    ...(redis ? { redis: { connection: redis } } : {}),
    onState: (s) => {
      state = s;
    },
    onScheduler: (s) => {
      scheduler = s;
    },
  });
  const server: Server = await run(app, { env: io.env });
  const timeoutMs = shutdownTimeoutOf(io.env.SHUTDOWN_TIMEOUT) * 1000;
  const say = (line: string) => {
    io.stderr(`advisory-pilot: ${line}\n`);
  };
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) {
      say('second SIGTERM: exiting now');
      process.exit(1);
    }
    stopping = true;
    shutDown({ server, state, scheduler }, timeoutMs, say).then(
      () => process.exit(0),
      (error: unknown) => {
        say(`error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  });
  // Resolves only when the process is told to stop: the server keeps the event loop alive.
  return new Promise<number>(() => undefined);
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the GitHub App webhook server (Probot)',
  help: HELP,
  run: serve,
};
