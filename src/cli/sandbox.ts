import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../sandbox/index.js';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';
import { generateAppKey } from '../sandbox/app-key.js';

const HELP = `Usage: advisory-pilot sandbox [options]

Serves an in-memory GitHub on loopback for trying the App without a GitHub account: REST under /
(and /api/v3 for GHE-style clients), GraphQL at /graphql, signed webhooks to --webhook-url, every
request and response checked against GitHub's OpenAPI description. Control it under /_sandbox/
(seed, clock, faults, issues/import, pulls/merge, advisories/merge, git/commit, workflows,
requests, violations, public-writes, deliveries).

Options:
  --port N               port to listen on (default 0: pick a free one and print it)
  --webhook-url URL      where to deliver webhooks, e.g. http://127.0.0.1:3000/api/github/webhooks
  --webhook-secret S     required: the secret webhooks are signed with (X-Hub-Signature-256)
  --app-id ID            the App id JWTs must carry (default 1)
  --app-key FILE         the App's private (or public) key PEM; without it a key pair is
                         generated and the private key's path is printed
  --scenario FILE        seed this JSON scenario at start (see src/sandbox/scenario.ts)

Point the App at it with Probot's GHE_HOST=127.0.0.1:PORT and GHE_PROTOCOL=http.
`;

interface SandboxArgs {
  port: number;
  webhookUrl?: string;
  webhookSecret: string;
  appId: number;
  appKey?: string;
  scenario?: string;
}

type Parsed = { ok: true; args: SandboxArgs } | { ok: false; error: string };

/** Reads the flags; says which flag was wrong and what to type instead. */
export function parseSandboxArgs(argv: readonly string[]): Parsed {
  const values = new Map<string, string>();
  const known = [
    '--port',
    '--webhook-url',
    '--webhook-secret',
    '--app-id',
    '--app-key',
    '--scenario',
  ];
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    if (!known.includes(flag)) return { ok: false, error: `unknown option "${flag}" (see --help)` };
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
    values.set(flag, value);
  }
  const port = Number(values.get('--port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, error: '--port must be a whole number from 0 to 65535, e.g. --port 3400' };
  }
  const appId = Number(values.get('--app-id') ?? '1');
  if (!Number.isInteger(appId) || appId <= 0)
    return { ok: false, error: '--app-id must be a positive number' };
  const webhookSecret = values.get('--webhook-secret');
  if (!webhookSecret)
    return { ok: false, error: '--webhook-secret is required, e.g. --webhook-secret dev-secret' };
  const webhookUrl = values.get('--webhook-url');
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl)) {
    return {
      ok: false,
      error: '--webhook-url must be an http(s) URL, e.g. http://127.0.0.1:3000/api/github/webhooks',
    };
  }
  const args: SandboxArgs = { port, webhookSecret, appId };
  if (webhookUrl !== undefined) args.webhookUrl = webhookUrl;
  const appKey = values.get('--app-key');
  if (appKey !== undefined) args.appKey = appKey;
  const scenario = values.get('--scenario');
  if (scenario !== undefined) args.scenario = scenario;
  return { ok: true, args };
}

async function runSandbox(argv: string[], io: CliIo): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout(HELP);
    return 0;
  }
  const parsed = parseSandboxArgs(argv);
  if (!parsed.ok) {
    io.stderr(`advisory-pilot sandbox: ${parsed.error}\n`);
    return 2;
  }
  const { args } = parsed;
  let key: string;
  if (args.appKey) {
    if (!existsSync(args.appKey)) {
      io.stderr(`advisory-pilot sandbox: --app-key: no file at ${args.appKey}\n`);
      return 2;
    }
    key = readFileSync(args.appKey, 'utf8');
  } else {
    key = generateAppKey();
    const file = join(
      mkdtempSync(join(tmpdir(), 'advisory-pilot-sandbox-')),
      'app-private-key.pem',
    );
    writeFileSync(file, key, { mode: 0o600 });
    io.stdout(`Generated an App key pair; private key written to ${file}\n`);
  }
  let scenario: unknown;
  if (args.scenario) {
    try {
      scenario = JSON.parse(readFileSync(args.scenario, 'utf8'));
    } catch (error) {
      io.stderr(`advisory-pilot sandbox: --scenario ${args.scenario}: ${String(error)}\n`);
      return 2;
    }
  }
  // Loaded only here: the sandbox pulls in GitHub's 13 MB description, which `serve` never needs.
  const { createSandbox } = await import('../sandbox/index.js');
  const sandbox = createSandbox({
    appId: args.appId,
    appKey: key,
    webhookSecret: args.webhookSecret,
    ...(args.webhookUrl ? { webhookUrl: args.webhookUrl } : {}),
    port: args.port,
  });
  let url: string;
  try {
    url = await sandbox.listen();
    if (scenario !== undefined) await sandbox.seed(scenario as ScenarioInput);
  } catch (error) {
    io.stderr(
      `advisory-pilot sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await sandbox.close();
    return 1;
  }
  io.stdout(
    `GitHub sandbox listening on ${url} (App id ${args.appId}); admin API at ${url}/_sandbox/\n`,
  );
  const stop = (signal: string) => {
    void sandbox.close().then(() => {
      io.stderr(`advisory-pilot sandbox: stopped on ${signal}\n`);
      process.exit(0);
    });
  };
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  return new Promise<number>(() => undefined);
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'serve an in-memory GitHub (validated against its OpenAPI) for local runs',
  help: HELP,
  run: runSandbox,
};
