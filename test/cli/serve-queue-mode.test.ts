import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/net/free-port.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const WORK = mkdtempSync(join(tmpdir(), 'ap-serve-queue-'));
const SECRET = 'serve-queue-secret';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

const children: ChildProcess[] = [];
let github: Server | undefined;
let githubPort = 0;
let redis: TestRedis | undefined;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  // A GitHub that never answers: the work behind a delivery stays queued, on Redis.
  github = createServer(() => undefined);
  githubPort = await freePort();
  await new Promise<void>((resolve) => github?.listen(githubPort, '127.0.0.1', resolve));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await redis?.close();
  redis = undefined;
});

afterAll(async () => {
  github?.closeAllConnections();
  await new Promise((resolve) => github?.close(resolve));
  rmSync(WORK, { recursive: true, force: true });
});

function start(redisUrl: string, port: number) {
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
      GHE_HOST: `127.0.0.1:${String(githubPort)}`,
      GHE_PROTOCOL: 'http',
      REDIS_URL: redisUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (out.includes('Listening on')) resolve();
    });
    void exit.then((code) => {
      reject(new Error(`serve exited with ${String(code)}:\n${out}`));
    });
  });
  // A test that expects the exit never awaits this.
  listening.catch(() => undefined);
  return { child, exit, listening, output: () => out };
}

/** Posts a signed `issue_comment.created` with `/status` on tracking issue 7. */
async function deliver(port: number, guid: string): Promise<number> {
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

describe('advisory-pilot serve in queue mode (REDIS_URL)', () => {
  it('refuses to start when Redis does not answer, naming REDIS_URL', async () => {
    const closed = await freePort();
    const served = start(`redis://:hunter2@127.0.0.1:${String(closed)}`, await freePort());
    expect(await served.exit).toBe(1);
    expect(served.output()).toContain(
      `REDIS_URL is set (redis://:***@127.0.0.1:${String(closed)}) but Redis did not answer`,
    );
    expect(served.output()).not.toContain('hunter2');
  }, 30_000);

  it('stores a delivery on Redis before answering it, once per GUID, and answers 503 without Redis', async () => {
    redis = await startRedis();
    const port = await freePort();
    const served = start(redis.url, port);
    await served.listening;
    expect(await deliver(port, 'guid-1')).toBe(200);
    expect(await deliver(port, 'guid-1')).toBe(200); // GitHub's redelivery of the same event
    expect(await deliver(port, 'guid-2')).toBe(200);
    const client = new Redis(redis.url);
    try {
      // The case's inbox holds both deliveries, the first once: the drain is stuck on a GitHub
      // that never answers, so nothing has been taken off it yet.
      const inbox = await client.lrange('advisory-pilot:inbox:acme/security-tracking#7', 0, -1);
      expect(inbox.map((j) => (JSON.parse(j) as { delivery: string }).delivery)).toEqual([
        'guid-1',
        'guid-2',
      ]);
    } finally {
      client.disconnect();
    }
    await redis.stop();
    const started = Date.now();
    expect(await deliver(port, 'guid-3')).toBe(503);
    expect(Date.now() - started).toBeLessThan(9_000);
  }, 60_000);
});
