import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { createOpenApiValidator, type Delivery } from '../../src/sandbox/index.js';
import {
  answersTo,
  appRequests,
  BOT,
  caseOf,
  commentsOf,
  startHarness,
  type Harness,
} from '../reliability/harness.js';

// The webhook endpoint is the App's only door. Deliveries without a valid signature, or without
// the headers GitHub always sends, are turned away before any handler runs; oversized comments
// and payloads are answered (or cut) without crashing the process or losing the case.
const validator = createOpenApiValidator();
let world: Harness;
let play: Play;
/** A real, correctly signed delivery of `/cancel` by the lead, never sent as is. */
let command: Delivery;

beforeAll(async () => {
  world = await startHarness({ scenario: demoScenario('default'), validator });
  play = new Play(world);
  await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
  await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  const held = await world.hold(() =>
    world.as(DEMO_USERS.lead).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: '/status',
    }),
  );
  const found = held.find((d) => d.event === 'issue_comment');
  if (!found) throw new Error('no issue_comment delivery held');
  command = found;
});
afterAll(async () => {
  await world.close();
});

const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function send(headers: Record<string, string | undefined>, body: string): Promise<number> {
  const clean = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const response = await fetch(`${world.appUrl}/api/github/webhooks`, {
    method: 'POST',
    headers: clean,
    body,
  });
  await response.text();
  return response.status;
}

/** What the App did so far: its requests to GitHub and the comments on the case. */
async function footprint(): Promise<{ requests: number; comments: number; failures: number }> {
  await world.quiet();
  return {
    requests: appRequests(world.raw).length,
    comments: (await commentsOf(world, play.issue)).length,
    failures: world.app.state.jobs.failures,
  };
}

describe('signatures and headers', () => {
  const body = (): string => JSON.stringify(command.payload);
  const headers = (): Record<string, string | undefined> => ({
    ...command.requestHeaders,
    'X-Hub-Signature-256': undefined,
  });

  interface BadDelivery {
    name: string;
    headers: () => Record<string, string | undefined>;
    body: () => string;
  }
  const BAD: BadDelivery[] = [
    { name: 'no signature', headers: () => ({ ...headers() }), body: body },
    {
      name: 'a signature made with another secret',
      headers: () => ({ ...headers(), 'X-Hub-Signature-256': sign('not-the-secret', body()) }),
      body: body,
    },
    {
      name: 'a signature of another body',
      headers: () => ({ ...headers(), 'X-Hub-Signature-256': sign(world.secret, body()) }),
      body: () => body().replace('/status', '/cancel'),
    },
    {
      name: 'a truncated signature',
      headers: () => ({
        ...headers(),
        'X-Hub-Signature-256': sign(world.secret, body()).slice(0, 40),
      }),
      body: body,
    },
    {
      name: 'only the legacy SHA-1 signature',
      headers: () => ({
        ...headers(),
        'X-Hub-Signature': `sha1=${createHmac('sha1', world.secret).update(body()).digest('hex')}`,
      }),
      body: body,
    },
    {
      name: 'no event name',
      headers: () => ({
        ...headers(),
        'X-GitHub-Event': undefined,
        'X-Hub-Signature-256': sign(world.secret, body()),
      }),
      body: body,
    },
    {
      name: 'no delivery id',
      headers: () => ({
        ...headers(),
        'X-GitHub-Delivery': undefined,
        'X-Hub-Signature-256': sign(world.secret, body()),
      }),
      body: body,
    },
    {
      name: 'a signed body that is not JSON',
      headers: () => ({ ...headers(), 'X-Hub-Signature-256': sign(world.secret, '{"action":') }),
      body: () => '{"action":',
    },
  ];

  it.each(BAD)(
    'rejects $name, and nothing runs',
    async ({ headers: makeHeaders, body: makeBody }) => {
      const before = await footprint();
      // @octokit/webhooks reports a crash of the App's own error handler on the console only.
      const consoleLog = vi.spyOn(console, 'log');
      try {
        const status = await send(makeHeaders(), makeBody());
        expect([400, 401]).toContain(status);
        expect(await footprint()).toEqual(before);
        expect(consoleLog.mock.calls.filter((call) => String(call[0]).includes('FATAL'))).toEqual(
          [],
        );
      } finally {
        consoleLog.mockRestore();
      }
    },
  );

  it('accepts the same delivery correctly signed (the rejections were about the signature)', async () => {
    const before = await footprint();
    expect(await world.post(command)).toBe(200);
    const after = await footprint();
    expect(after.comments).toBe(before.comments + 1);
    expect(after.failures).toBe(before.failures);
  });
});

describe('oversized comments and payloads', () => {
  /** The held delivery with another comment body (and a new comment id and delivery id). */
  function withBody(text: string, id: number): [Delivery, Record<string, unknown>] {
    const comment = { ...(command.payload.comment as Record<string, unknown>), id, body: text };
    return [
      {
        ...command,
        requestHeaders: {
          ...command.requestHeaders,
          'X-GitHub-Delivery': `oversized-${String(id)}`,
        },
      },
      { ...command.payload, comment },
    ];
  }

  it('a comment over 1 MiB: commands past the cut are not run, its one reply says so', async () => {
    const filler = `${'lorem ipsum '.repeat(9)}\n`.repeat(10_000);
    expect(filler.length).toBeGreaterThan(1_048_576);
    const before = await caseOf(world, play.issue);
    const [delivery, payload] = withBody(`/status\n${filler}/scope out spam\n`, 9_000_001);
    expect(await world.post(delivery, payload)).toBe(200);
    await world.quiet();
    const after = await caseOf(world, play.issue);
    const fresh = after.comments.slice(before.comments.length).filter((c) => c.author === BOT);
    expect(fresh).toHaveLength(1);
    expect(answersTo(world, play.issue, fresh, ['oversized-9000001'])).toEqual(fresh);
    expect(fresh[0]?.body).toContain('Phase **fix**');
    expect(fresh[0]?.body).toContain('too long');
    expect(fresh[0]?.body).not.toContain('/scope out');
    expect(after.state?.handledComments).toContain('9000001.0');
    expect(after.state?.handledComments.filter((k) => k.startsWith('9000001.'))).toEqual([
      '9000001.0',
    ]);
    expect(after.state?.pending).toBeUndefined();
    expect(after.state?.phase).toBe('fix');
  });

  it('a 20 MB payload is answered and the App keeps working', async () => {
    const [delivery, payload] = withBody(`/status\n${'x'.repeat(20 * 1024 * 1024)}`, 9_000_002);
    const status = await world.post(delivery, payload);
    expect(status).toBeLessThan(500);
    await world.quiet();
    const health = await fetch(`${world.appUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const before = (await commentsOf(world, play.issue)).length;
    await play.say(DEMO_USERS.second, '/status');
    expect((await commentsOf(world, play.issue)).length).toBe(before + 2);
  });
});

describe('product-repository payloads past GitHub limits', () => {
  it('a push with 3000 commits and a 100 KB message is answered and read: one alert', async () => {
    const state = (await caseOf(world, play.issue)).state;
    const ghsa = state?.ghsaId ?? '';
    const { data: widget } = await world
      .as(DEMO_USERS.lead)
      .rest.repos.get({ owner: 'acme', repo: 'widget' });
    const commits = Array.from({ length: 3000 }, (_, i) => ({
      id: i.toString(16).padStart(40, '0'),
      message: i === 0 ? `fix ${ghsa}\n${'x'.repeat(100_000)}` : `chore: step ${String(i)}`,
      url: `https://github.com/acme/widget/commit/${i.toString(16).padStart(40, '0')}`,
    }));
    const delivery: Delivery = {
      ...command,
      event: 'push',
      requestHeaders: {
        ...command.requestHeaders,
        'X-GitHub-Event': 'push',
        'X-GitHub-Delivery': 'oversized-push',
      },
    };
    const payload = {
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: commits.at(-1)?.id,
      repository: widget,
      installation: command.payload.installation,
      commits,
      pusher: { name: DEMO_USERS.second, email: null },
      sender: command.payload.sender,
    };
    const before = (await commentsOf(world, play.issue)).length;
    expect(await world.post(delivery, payload)).toBe(200);
    await world.quiet();
    const fresh = (await commentsOf(world, play.issue)).slice(before);
    expect(fresh.map((c) => c.author)).toEqual([BOT]);
    expect(fresh[0]?.body).toContain(`the GHSA ID in the commit 0000000 message`);
    expect((await caseOf(world, play.issue)).state?.leakAlerts?.['push:refs/heads/main']).toEqual({
      at: expect.any(String),
      matches: [
        'commit:0000000:any-ghsa-id',
        'commit:0000000:ghsa-id',
        'commit:0000000:word:ghsa-',
      ],
    });
  });
});
