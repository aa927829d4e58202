import { Probot, ProbotOctokit, Server } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { readVersion } from '../src/version.js';
import { freePort } from '../src/net/free-port.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

describe('the Probot application', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('loads into a Probot instance and adds its HTTP routes', async () => {
    const probot = new Probot({ githubToken: 'test', Octokit: TestOctokit });
    const routes: unknown[] = [];
    await probot.load(createApp(), {
      cwd: process.cwd(),
      addHandler: (handler) => routes.push(handler),
    });
    expect(routes).toHaveLength(1);
  });

  it('answers GET /healthz over HTTP with the status and version', async () => {
    const port = await freePort();
    server = new Server({
      Probot: Probot.defaults({ githubToken: 'test', Octokit: TestOctokit, logLevel: 'fatal' }),
      port,
      host: '127.0.0.1',
    });
    await server.load(createApp());
    await server.start();

    const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ status: 'ok', version: readVersion() });

    const wrongMethod = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);

    const elsewhere = await fetch(`http://127.0.0.1:${port}/nothing-here`);
    expect(elsewhere.status).toBe(404);
  });
});
