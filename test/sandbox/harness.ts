import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import {
  createOpenApiValidator,
  createSandbox,
  signPayload,
  type OpenApiValidator,
  type Sandbox,
  type ScenarioInput,
} from '../../src/sandbox/index.js';

export const APP_ID = 4242;
export const SECRET = 'sandbox-test-secret';
export const NOW = '2025-03-03T09:00:00Z';

/** One key pair and one validator per test file: both cost real time to make. */
let shared: { privateKey: string; validator: OpenApiValidator } | undefined;
export function sharedFixtures(): { privateKey: string; validator: OpenApiValidator } {
  if (!shared) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    shared = {
      privateKey: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      validator: createOpenApiValidator(),
    };
  }
  return shared;
}

export interface ReceivedHook {
  event: string;
  action: string | undefined;
  guid: string;
  headers: IncomingHttpHeaders;
  raw: string;
  payload: Record<string, unknown>;
  signatureValid: boolean;
}

/** A stand-in for the App's webhook endpoint that checks every signature. */
export interface Receiver {
  url: string;
  hooks: ReceivedHook[];
  /** Status the receiver answers with (default 200). */
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(secret = SECRET): Promise<Receiver> {
  const hooks: ReceivedHook[] = [];
  const receiver = { hooks, status: 200 } as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(raw) as Record<string, unknown>;
      hooks.push({
        event: String(req.headers['x-github-event']),
        action: typeof payload.action === 'string' ? payload.action : undefined,
        guid: String(req.headers['x-github-delivery']),
        headers: req.headers,
        raw,
        payload,
        signatureValid: req.headers['x-hub-signature-256'] === signPayload(secret, raw),
      });
      res.writeHead(receiver.status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  return receiver;
}

/** The world most tests start from: an org with a public project and a private tracking repo. */
export function baseScenario(): ScenarioInput {
  return {
    now: NOW,
    users: [
      { login: 'maintainer', name: 'Mae Maintainer' },
      { login: 'reporter', name: 'Rita Reporter' },
      { login: 'outsider' },
    ],
    org: {
      login: 'acme',
      owners: ['maintainer'],
      teams: [{ slug: 'security', members: ['maintainer'], repos: { 'acme/widget': 'admin' } }],
    },
    repos: [
      {
        name: 'acme/widget',
        visibility: 'public',
        files: { 'package.json': '{"name":"widget","version":"1.2.3"}\n' },
        workflows: [{ path: '.github/workflows/release.yml', name: 'Release', duration: '12m' }],
      },
      { name: 'acme/security-tracking', visibility: 'private' },
    ],
    installation: { account: 'acme', notify: false },
  };
}

export interface Harness {
  sandbox: Sandbox;
  receiver: Receiver;
  installationId: number;
  tokens: Record<string, string>;
  /** An Octokit for a seeded user. */
  as(login: string): Octokit;
  /** An Octokit authenticated as the App's installation (token fetched through the JWT flow). */
  app(): Promise<Octokit>;
  /** Calls an admin route (`POST /_sandbox/<path>` unless told otherwise). */
  admin(path: string, body?: unknown, method?: string): Promise<AdminAnswer>;
  /** The webhooks received so far for one event (and action), oldest first. */
  hooksOf(event: string, action?: string): ReceivedHook[];
  close(): Promise<void>;
}

export interface AdminAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A sandbox on a free port, seeded, delivering to a fresh receiver. */
export async function startHarness(scenario: ScenarioInput = baseScenario()): Promise<Harness> {
  const { privateKey, validator } = sharedFixtures();
  const receiver = await startReceiver();
  const sandbox = createSandbox({
    appId: APP_ID,
    appKey: privateKey,
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    validator,
    now: NOW,
  });
  const baseUrl = await sandbox.listen();
  const seeded = await sandbox.seed(scenario);
  const octokit = (auth: string) => new Octokit({ auth, baseUrl });
  return {
    sandbox,
    receiver,
    installationId: seeded.installationId ?? 0,
    tokens: seeded.tokens,
    as: (login) => octokit(seeded.tokens[login] ?? ''),
    async app() {
      const jwt = appJwt(privateKey);
      const { data } = await octokit(jwt).rest.apps.createInstallationAccessToken({
        installation_id: seeded.installationId ?? 0,
      });
      return octokit(data.token);
    },
    async admin(path, body, method = 'POST') {
      const init: RequestInit = { method };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(`${baseUrl}/_sandbox/${path}`, init);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    hooksOf: (event, action) =>
      receiver.hooks.filter(
        (x) => x.event === event && (action === undefined || x.action === action),
      ),
    async close() {
      await sandbox.close();
      await receiver.close();
    },
  };
}

/** An App JWT made by hand (RS256), as GitHub documents it. */
export function appJwt(
  privateKey: string,
  appId: number = APP_ID,
  now = Math.floor(Date.now() / 1000),
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = encode({ alg: 'RS256', typ: 'JWT' });
  const body = encode({ iat: now - 30, exp: now + 540, iss: appId });
  const signer = createSignFor(privateKey);
  return `${head}.${body}.${signer(`${head}.${body}`)}`;
}

function createSignFor(privateKey: string): (data: string) => string {
  return (data) => createSign('RSA-SHA256').update(data).sign(privateKey, 'base64url');
}
