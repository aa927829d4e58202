import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSandboxArgs, sandboxCommand } from '../../src/cli/sandbox.js';
import { baseScenario, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (h) {
    expect(h.sandbox.violations()).toEqual([]);
    await h.close();
    h = undefined;
  }
});

async function admin(method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${h!.sandbox.url}/_sandbox/${path}`, init);
  const json: unknown = await response.json();
  return { status: response.status, body: json };
}

describe('admin API', () => {
  it('seeds a scenario with an installation (installation.created) and an old report (reported now)', async () => {
    const scenario = baseScenario();
    scenario.installation = { account: 'acme' };
    scenario.repos![0]!.advisories = [
      { summary: 'Old report', author: 'reporter', at: '5d', notify: true },
    ];
    h = await startHarness(scenario);
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'installation.created',
      'repository_advisory.reported',
    ]);
    const reported = h.receiver.hooks[1]!.payload.repository_advisory as { created_at: string };
    expect(reported.created_at).toBe('2025-02-26T09:00:00Z');
    const app = await h.app();
    const list = await app.rest.securityAdvisories.listRepositoryAdvisories({
      owner: 'acme',
      repo: 'widget',
      sort: 'updated',
    });
    expect(list.data.map((a) => a.summary)).toEqual(['Old report']);
  });

  it('says what is wrong with a bad scenario and keeps the old world', async () => {
    h = await startHarness();
    const bad = await admin('POST', 'seed', {
      repos: [{ name: 'ghost/repo', visibility: 'public' }],
    });
    expect(bad).toEqual({
      status: 400,
      body: {
        message:
          'repo ghost/repo: owner "ghost" is neither the org nor a listed user; add it to users or org',
      },
    });
    const unknownField = await admin('POST', 'seed', { repositories: [] });
    expect(unknownField.status).toBe(400);
    const app = await h.app();
    expect((await app.rest.apps.listReposAccessibleToInstallation()).data.total_count).toBe(2);
  });

  it('moves the clock, lists pending events, and serves the request log', async () => {
    h = await startHarness();
    const app = await h.app();
    await app.rest.issues.create({ owner: 'acme', repo: 'security-tracking', title: 'Case' });
    expect((await admin('GET', 'clock')).body).toEqual({
      now: '2025-03-03T09:00:00Z',
      pending: [],
    });
    expect((await admin('POST', 'clock', { advance: '1d2h' })).body).toEqual({
      now: '2025-03-04T11:00:00Z',
      fired: [],
    });
    expect((await admin('POST', 'clock', { advance: 'soon' })).status).toBe(400);
    const log = (await admin('GET', 'requests')).body as {
      method: string;
      path: string;
      actor: string;
    }[];
    expect(log.map((r) => `${r.method} ${r.path} ${r.actor}`)).toEqual([
      `POST /app/installations/${h.installationId}/access_tokens app`,
      `POST /repos/acme/security-tracking/issues installation:${h.installationId}`,
    ]);
    expect((await admin('GET', 'violations')).body).toEqual([]);
    expect((await admin('GET', 'public-writes')).body).toEqual([]);
  });

  it('also answers GitHub Enterprise-style paths (/api/v3) as Probot sends them with GHE_HOST', async () => {
    h = await startHarness();
    const ghe = new Octokit({ auth: h.tokens.maintainer, baseUrl: `${h.sandbox.url}/api/v3` });
    const repo = await ghe.rest.repos.get({ owner: 'acme', repo: 'widget' });
    expect(repo.data.full_name).toBe('acme/widget');
  });
});

describe('advisory-pilot sandbox (CLI)', () => {
  it.each([
    [['--webhook-secret', 's'], { ok: true, args: { port: 0, webhookSecret: 's', appId: 1 } }],
    [
      [
        '--port=3400',
        '--webhook-secret=s',
        '--app-id',
        '7',
        '--webhook-url',
        'http://127.0.0.1:3000/hooks',
      ],
      {
        ok: true,
        args: {
          port: 3400,
          webhookSecret: 's',
          appId: 7,
          webhookUrl: 'http://127.0.0.1:3000/hooks',
        },
      },
    ],
    [[], { ok: false, error: '--webhook-secret is required, e.g. --webhook-secret dev-secret' }],
    [
      ['--webhook-secret', 's', '--port', 'x'],
      { ok: false, error: '--port must be a whole number from 0 to 65535, e.g. --port 3400' },
    ],
    [
      ['--webhook-secret', 's', '--verbose'],
      { ok: false, error: 'unknown option "--verbose" (see --help)' },
    ],
  ])('parses %j', (argv, expected) => {
    expect(parseSandboxArgs(argv)).toEqual(expected);
  });

  it('prints its usage', async () => {
    let out = '';
    const code = await sandboxCommand.run(['--help'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      env: {},
      stdin: process.stdin,
    });
    expect(code).toBe(0);
    expect(out).toContain('Usage: advisory-pilot sandbox');
  });
});
