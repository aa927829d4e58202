import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IssueImportInput, ScenarioInput } from '../../src/sandbox/index.js';
import { baseScenario, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (h) {
    expect(h.sandbox.violations()).toEqual([]);
    await h.close();
    h = undefined;
  }
});

const tracking = { owner: 'acme', repo: 'security-tracking' };
const BOT = 'advisory-pilot[bot]';

/** The base world with issue #1 in the tracking repository, commented on once. */
function withTrackingIssue(): ScenarioInput {
  const scenario = baseScenario();
  scenario.repos![1]!.issues = [
    {
      title: 'Old title',
      body: 'old body',
      author: 'maintainer',
      at: '2d',
      comments: [{ author: 'maintainer', body: 'old comment', at: '1d' }],
    },
    { title: 'Another case', author: 'maintainer', comments: [{ author: 'reporter', body: 'hi' }] },
  ];
  return scenario;
}

async function postImport(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${h!.sandbox.url}/_sandbox/issues/import`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function sample(): IssueImportInput {
  return {
    repo: 'acme/security-tracking',
    number: 1,
    title: '[GHSA-xxxx] Imported case',
    body: 'imported body',
    author: BOT,
    state: 'open',
    comments: [
      {
        id: 5000,
        author: BOT,
        createdAt: '2025-03-01T10:00:00.000Z',
        updatedAt: '2025-03-02T08:30:00Z',
        body: 'state record',
      },
      {
        id: 4990,
        author: 'maintainer',
        createdAt: '2025-03-01T09:00:00+01:00',
        updatedAt: '2025-03-01T09:00:00+01:00',
        body: '/ack',
      },
    ],
  };
}

describe('POST /_sandbox/issues/import', () => {
  it('replaces the issue and all its comments, keeping ids, authors and times, without webhooks', async () => {
    h = await startHarness(withTrackingIssue());
    const app = await h.app();
    const [old] = (await app.rest.issues.listComments({ ...tracking, issue_number: 1 })).data;
    const deliveries = h.sandbox.deliveries().length;

    expect(await postImport(sample())).toEqual({
      status: 200,
      body: { repo: 'acme/security-tracking', number: 1, commentIds: [4990, 5000] },
    });

    const issue = (await app.rest.issues.get({ ...tracking, issue_number: 1 })).data;
    expect(issue).toMatchObject({
      title: '[GHSA-xxxx] Imported case',
      body: 'imported body',
      state: 'open',
      comments: 2,
      user: { login: BOT, type: 'Bot' },
      updated_at: '2025-03-03T09:00:00Z',
    });
    const comments = (await app.rest.issues.listComments({ ...tracking, issue_number: 1 })).data;
    expect(
      comments.map((c) => [c.id, c.user?.login, c.user?.type, c.created_at, c.updated_at, c.body]),
    ).toEqual([
      [4990, 'maintainer', 'User', '2025-03-01T08:00:00Z', '2025-03-01T08:00:00Z', '/ack'],
      [5000, BOT, 'Bot', '2025-03-01T10:00:00Z', '2025-03-02T08:30:00Z', 'state record'],
    ]);
    expect(comments[1]!.html_url).toBe(
      'https://github.com/acme/security-tracking/issues/1#issuecomment-5000',
    );
    await expect(
      app.rest.issues.getComment({ ...tracking, comment_id: old!.id }),
    ).rejects.toMatchObject({ status: 404 });
    const other = (await app.rest.issues.listComments({ ...tracking, issue_number: 2 })).data;
    expect(other.map((c) => c.body)).toEqual(['hi']);

    await h.sandbox.settled();
    expect(h.sandbox.deliveries()).toHaveLength(deliveries);
  });

  it('draws every later id above the largest imported one; imported comments behave like any', async () => {
    h = await startHarness(withTrackingIssue());
    const input = sample();
    input.comments[0]!.id = 900_000;
    await postImport(input);
    const app = await h.app();
    const comment = await app.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'after the import',
    });
    expect(comment.data.id).toBeGreaterThan(900_000);
    const issue = await app.rest.issues.create({ ...tracking, title: 'New case' });
    expect(issue.data.id).toBeGreaterThan(comment.data.id);

    const edited = await app.rest.issues.updateComment({
      ...tracking,
      comment_id: 900_000,
      body: 'state record, updated',
    });
    expect(edited.data).toMatchObject({ id: 900_000, created_at: '2025-03-01T10:00:00Z' });
    await h.sandbox.settled();
    const hook = h.receiver.hooks.find((x) => x.action === 'edited');
    expect(hook?.payload.comment).toMatchObject({ id: 900_000, body: 'state record, updated' });
    const [hi] = (await app.rest.issues.listComments({ ...tracking, issue_number: 2 })).data;
    const listed = await app.rest.issues.listCommentsForRepo(tracking);
    expect(listed.data.map((c) => c.id)).toEqual([hi!.id, 4990, 900_000, comment.data.id]);
  });

  it('closes and reopens the issue as the import says', async () => {
    h = await startHarness(withTrackingIssue());
    const app = await h.app();
    await postImport({ ...sample(), state: 'closed' });
    const closed = (await app.rest.issues.get({ ...tracking, issue_number: 1 })).data;
    expect(closed).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      closed_at: '2025-03-03T09:00:00Z',
    });
    await postImport(sample());
    const open = (await app.rest.issues.get({ ...tracking, issue_number: 1 })).data;
    expect(open).toMatchObject({ state: 'open', state_reason: null, closed_at: null });
  });

  it('says what is wrong with a bad import and leaves the issue as it was', async () => {
    h = await startHarness(withTrackingIssue());
    const app = await h.app();
    const before = await app.rest.issues.get({ ...tracking, issue_number: 1 });
    const withComment = (change: Partial<IssueImportInput['comments'][number]>) => {
      const input = sample();
      Object.assign(input.comments[1]!, change);
      return input;
    };
    const hiComment = (await app.rest.issues.listComments({ ...tracking, issue_number: 2 })).data;
    const cases: [unknown, string][] = [
      [{ ...sample(), repo: 'acme/nowhere' }, 'no repository acme/nowhere'],
      [
        { ...sample(), number: 9 },
        'no issue #9 in acme/security-tracking; seed it (repos[].issues) or open it first',
      ],
      [
        withComment({ author: 'ghost' }),
        `comment 4990: author "ghost" is neither a seeded user nor the App's bot (${BOT})`,
      ],
      [
        { ...sample(), author: 'dependabot[bot]' },
        `the issue: author "dependabot[bot]" is neither a seeded user nor the App's bot (${BOT})`,
      ],
      [withComment({ id: 5000 }), 'comment 5000 appears twice'],
      [
        withComment({ id: hiComment[0]!.id }),
        `comment ${hiComment[0]!.id} already exists on acme/security-tracking#2`,
      ],
      [
        withComment({ updatedAt: '2025-03-01T07:00:00Z' }),
        'comment 4990: updatedAt is before createdAt',
      ],
      [
        withComment({ createdAt: 'yesterday' }),
        'import comments.1.createdAt: Invalid ISO datetime',
      ],
      [{ ...sample(), labels: [] }, 'import body: Unrecognized key: "labels"'],
    ];
    for (const [input, message] of cases) {
      expect(await postImport(input)).toEqual({ status: 400, body: { message } });
    }
    const after = await app.rest.issues.get({ ...tracking, issue_number: 1 });
    expect(after.data).toEqual(before.data);
    const comments = (await app.rest.issues.listComments({ ...tracking, issue_number: 1 })).data;
    expect(comments.map((c) => c.body)).toEqual(['old comment']);
  });

  it('is Sandbox.importIssue in process, throwing what the route would answer 400 with', async () => {
    h = await startHarness(withTrackingIssue());
    expect(h.sandbox.importIssue(sample())).toEqual({
      repo: 'acme/security-tracking',
      number: 1,
      commentIds: [4990, 5000],
    });
    expect(() => h!.sandbox.importIssue({ ...sample(), repo: 'acme/nowhere' })).toThrow(
      'sandbox import: no repository acme/nowhere',
    );
  });
});

describe('importing a golden v1 case', () => {
  interface Golden {
    issue: { number: number; title: string; state: 'open' | 'closed'; body: string };
    comments: { id: number; author: string; createdAt: string; updatedAt: string; body: string }[];
  }

  it('takes a fixture file as it is and serves every comment back unchanged', async () => {
    const golden = JSON.parse(
      readFileSync(new URL('../fixtures/v1/default-closed.json', import.meta.url), 'utf8'),
    ) as Golden;
    const scenario = baseScenario();
    const authors = new Set(golden.comments.map((c) => c.author).filter((a) => a !== BOT));
    scenario.users = [...(scenario.users ?? []), ...[...authors].map((login) => ({ login }))];
    scenario.repos![1]!.issues = [{ title: 'placeholder', author: 'maintainer' }];
    h = await startHarness(scenario);
    const result = h.sandbox.importIssue({
      repo: 'acme/security-tracking',
      ...golden.issue,
      author: BOT,
      comments: golden.comments,
    });
    expect(result.commentIds).toEqual(golden.comments.map((c) => c.id));

    const app = await h.app();
    const served = await app.paginate(app.rest.issues.listComments, {
      ...tracking,
      issue_number: 1,
      per_page: 100,
    });
    expect(
      served.map((c) => ({
        id: c.id,
        author: c.user?.login,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
        body: c.body,
      })),
    ).toEqual(golden.comments);
    const issue = (await app.rest.issues.get({ ...tracking, issue_number: 1 })).data;
    expect(issue).toMatchObject({ title: golden.issue.title, body: golden.issue.body });
    expect(issue.state).toBe(golden.issue.state);
  });
});
