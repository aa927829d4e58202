import { existsSync } from 'node:fs';
import { run, type Server } from 'probot';
import { createApp } from '../index.js';
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

Routes: POST $WEBHOOK_PATH (webhooks), GET /healthz.
`;

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
  const server: Server = await run(createApp(), { env: io.env });
  const stop = (signal: string) => {
    server.stop().then(
      () => {
        io.stderr(`advisory-pilot: stopped on ${signal}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        io.stderr(`advisory-pilot: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => {
    stop('SIGTERM');
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
