import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shutdownTimeoutOf } from '../../src/cli/serve.js';
import { freePort } from '../../src/net/free-port.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const WORK = mkdtempSync(join(tmpdir(), 'ap-serve-'));
const SECRET = 'serve-test-secret';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

/** A GitHub stand-in that holds every request until the test answers it. */
interface HeldGitHub {
  port: number;
  held: { req: IncomingMessage; res: ServerResponse }[];
  /** Resolves at the first request. */
  firstRequest: Promise<void>;
  close(): Promise<void>;
}

async function heldGitHub(): Promise<HeldGitHub> {
  const held: HeldGitHub['held'] = [];
  let first: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => {
    first = resolve;
  });
  const server: Server = createServer((req, res) => {
    held.push({ req, res });
    first();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    held,
    firstRequest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

interface Served {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  /** Resolves once stderr contains the text. */
  said(text: string): Promise<void>;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
const githubs: HeldGitHub[] = [];

async function serve(github: HeldGitHub, env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: WORK,
    env: {
      PATH: process.env.PATH,
      APP_ID: '1',
      PRIVATE_KEY: KEY,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      TICK_INTERVAL: '0',
      GHE_HOST: `127.0.0.1:${String(github.port)}`,
      GHE_PROTOCOL: 'http',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiters.filter((x) => stderr.includes(x.text))) w.resolve();
  });
  const said = (text: string) =>
    new Promise<void>((resolve) => {
      if (stderr.includes(text)) resolve();
      else waiters.push({ text, resolve });
    });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Listening on')) resolve();
    });
    void exit.then((code) => {
      reject(new Error(`serve exited with ${String(code)} before listening:\n${stdout}${stderr}`));
    });
  });
  return { child, port, stderr: () => stderr, said, exit };
}

/** Whether something still accepts connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/** Posts a signed `issue_comment.created` with one command on a tracking issue. */
async function deliverCommand(port: number, guid: string): Promise<number> {
  const body = JSON.stringify({
    action: 'created',
    installation: { id: 7 },
    repository: {
      id: 5,
      name: 'security-tracking',
      full_name: 'acme/security-tracking',
      private: true,
      owner: { login: 'acme' },
    },
    issue: {
      number: 7,
      title: 'case',
      body: '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->',
      state: 'open',
    },
    comment: { id: 71, body: '/status', user: { login: 'maintainer-max', type: 'User' } },
    sender: { login: 'maintainer-max', type: 'User' },
  });
  const response = await fetch(`http://127.0.0.1:${String(port)}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issue_comment',
      'x-github-delivery': guid,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  await response.text();
  return response.status;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(githubs.splice(0).map((g) => g.close()));
});

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

describe('advisory-pilot serve on SIGTERM', () => {
  it('stops accepting connections and exits 0 when nothing is in flight', async () => {
    const github = await heldGitHub();
    githubs.push(github);
    const served = await serve(github);
    expect(await accepts(served.port)).toBe(true);

    served.child.kill('SIGTERM');

    expect(await served.exit).toBe(0);
    expect(await accepts(served.port)).toBe(false);
    expect(served.stderr()).toContain('waiting up to 25 s for 0 deliveries in flight');
    expect(served.stderr()).toContain('stopped: all queued work finished');
  });

  it('acknowledges a delivery before its work is done, and waits for that work on SIGTERM', async () => {
    const github = await heldGitHub();
    githubs.push(github);
    const served = await serve(github);

    // GitHub holds the App's first request, so the work cannot have finished: still a 200.
    expect(await deliverCommand(served.port, 'delivery-held')).toBe(200);
    await github.firstRequest;
    served.child.kill('SIGTERM');
    await served.said('stopping: no new connections');
    // Now let the work end (GitHub answers 404: the work fails, is logged, and is settled).
    for (const { res } of github.held) res.writeHead(404).end('{"message":"Not Found"}');

    expect(await served.exit).toBe(0);
    expect(await accepts(served.port)).toBe(false);
    expect(served.stderr()).toContain('for 1 deliveries in flight');
    expect(served.stderr()).toContain('stopped: all queued work finished');
  });

  it('names the deliveries that did not finish within SHUTDOWN_TIMEOUT, and still exits 0', async () => {
    const github = await heldGitHub();
    githubs.push(github);
    const served = await serve(github, { SHUTDOWN_TIMEOUT: '0.5' });

    expect(await deliverCommand(served.port, 'delivery-stuck')).toBe(200);
    await github.firstRequest;
    served.child.kill('SIGTERM');

    expect(await served.exit).toBe(0);
    expect(await accepts(served.port)).toBe(false);
    expect(served.stderr()).toContain(
      '1 deliveries unfinished (issue_comment.created delivery-stuck)',
    );
  });
});

describe('SHUTDOWN_TIMEOUT', () => {
  it.each([
    [undefined, 25],
    ['', 25],
    ['10', 10],
    ['0', 0],
    ['2.5', 2.5],
    ['-1', 25],
    ['soon', 25],
  ])('%j is %d seconds', (text, seconds) => {
    expect(shutdownTimeoutOf(text)).toBe(seconds);
  });
});
