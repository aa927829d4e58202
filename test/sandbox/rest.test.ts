import { graphql } from '@octokit/graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
});

const tracking = { owner: 'acme', repo: 'security-tracking' };

async function admin(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${h.sandbox.url}/_sandbox/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('HTTP behaviour', () => {
  it('answers an unchanged GET with 304 for its ETag, without spending rate limit', async () => {
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    const first = await app.rest.issues.get({ ...tracking, issue_number: 1 });
    const etag = first.headers.etag!;
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    const again = app.rest.issues.get({
      ...tracking,
      issue_number: 1,
      headers: { 'if-none-match': etag },
    });
    await expect(again).rejects.toMatchObject({ status: 304 });
    const requests = h.sandbox.requests();
    expect(requests.at(-1)?.status).toBe(304);
    await app.rest.issues.update({ ...tracking, issue_number: 1, body: 'changed' });
    const changed = await app.rest.issues.get({
      ...tracking,
      issue_number: 1,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(Number(changed.headers['x-ratelimit-remaining'])).toBe(remaining - 2);
  });

  it('enforces the primary rate limit (60 an hour without authentication)', async () => {
    const anonymous = `${h.sandbox.url}/repos/acme/widget/labels`;
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) statuses.push((await fetch(anonymous)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    const last = await fetch(anonymous);
    expect(last.status).toBe(403);
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await last.json()) as { message: string }).message).toContain(
      'API rate limit exceeded',
    );
  });

  it('paginates with Link headers that octokit.paginate follows', async () => {
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    for (const n of [1, 2, 3, 4, 5]) {
      await app.rest.issues.createComment({ ...tracking, issue_number: 1, body: `comment ${n}` });
    }
    const page = await app.rest.issues.listComments({
      ...tracking,
      issue_number: 1,
      per_page: 2,
      page: 2,
    });
    expect(page.data.map((c) => c.body)).toEqual(['comment 3', 'comment 4']);
    expect(page.headers.link).toContain('rel="next"');
    expect(page.headers.link).toContain('rel="prev"');
    const all = await app.paginate(app.rest.issues.listComments, {
      ...tracking,
      issue_number: 1,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual([
      'comment 1',
      'comment 2',
      'comment 3',
      'comment 4',
      'comment 5',
    ]);
  });

  it('injects a 503 once, then serves the retry', async () => {
    await admin('faults', {
      method: 'POST',
      path: '/repos/acme/security-tracking/issues',
      status: 503,
    });
    const app = await h.app();
    await expect(app.rest.issues.create({ ...tracking, title: 'first' })).rejects.toMatchObject({
      status: 503,
    });
    const retry = await app.rest.issues.create({ ...tracking, title: 'second' });
    expect(retry.data.number).toBe(1);
  });

  it('injects a secondary rate limit: 403 with retry-after', async () => {
    await admin('faults', {
      path: '/repos/acme/*/issues/**',
      status: 403,
      retryAfter: 42,
      times: 2,
    });
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    const error = await app.rest.issues
      .createComment({ ...tracking, issue_number: 1, body: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, response: { headers: { 'retry-after': '42' } } });
    expect(JSON.stringify((error as { response: { data: unknown } }).response.data)).toContain(
      'secondary rate limit',
    );
  });
});

describe('issues, comments and GraphQL', () => {
  it('sends issues.* and issue_comment.* webhooks for what the App does', async () => {
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case', labels: ['security'] });
    const comment = await app.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'hello',
    });
    await app.rest.issues.updateComment({
      ...tracking,
      comment_id: comment.data.id,
      body: 'hello again',
    });
    await app.rest.issues.update({ ...tracking, issue_number: 1, title: 'Case (renamed)' });
    await app.rest.issues.update({
      ...tracking,
      issue_number: 1,
      state: 'closed',
      state_reason: 'not_planned',
    });
    await h.sandbox.settled();
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'issues.opened',
      'issues.labeled',
      'issue_comment.created',
      'issue_comment.edited',
      'issues.edited',
      'issues.closed',
    ]);
    expect(h.receiver.hooks[3]?.payload.changes).toEqual({ body: { from: 'hello' } });
    expect(h.receiver.hooks.every((x) => x.signatureValid)).toBe(true);
  });

  it('adds a reaction once and counts it on the comment', async () => {
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    const comment = await app.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: '/ack',
    });
    const first = await app.rest.reactions.createForIssueComment({
      ...tracking,
      comment_id: comment.data.id,
      content: 'eyes',
    });
    const again = await app.rest.reactions.createForIssueComment({
      ...tracking,
      comment_id: comment.data.id,
      content: 'eyes',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    const read = await app.rest.issues.getComment({ ...tracking, comment_id: comment.data.id });
    expect(read.data.reactions).toMatchObject({ total_count: 1, eyes: 1 });
  });

  it('minimizes a comment and pins an issue through GraphQL', async () => {
    const app = await h.app();
    const issue = await app.rest.issues.create({ ...tracking, title: 'Case' });
    const comment = await app.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'stale',
    });
    const token = (await app.auth()) as { token: string };
    const gql = graphql.defaults({
      baseUrl: h.sandbox.url,
      headers: { authorization: `token ${token.token}` },
    });
    const minimized = await gql<{
      minimizeComment: { minimizedComment: { isMinimized: boolean } };
    }>(
      `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
      { id: comment.data.node_id },
    );
    expect(minimized.minimizeComment.minimizedComment.isMinimized).toBe(true);
    const pinned = await gql<{ pinIssue: { issue: { isPinned: boolean } } }>(
      `mutation($input: PinIssueInput!) { pinIssue(input: $input) { issue { id } } }`,
      { input: { issueId: issue.data.node_id } },
    );
    expect(pinned.pinIssue.issue.isPinned).toBe(true);
  });

  it('reports collaborator permissions and team memberships', async () => {
    const app = await h.app();
    const owner = await app.rest.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'widget',
      username: 'maintainer',
    });
    expect(owner.data).toMatchObject({ permission: 'admin', role_name: 'admin' });
    const stranger = await app.rest.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'widget',
      username: 'outsider',
    });
    expect(stranger.data.permission).toBe('read');
    const member = await app.rest.teams.getMembershipForUserInOrg({
      org: 'acme',
      team_slug: 'security',
      username: 'maintainer',
    });
    expect(member.data).toMatchObject({ role: 'member', state: 'active' });
    await expect(
      app.rest.teams.getMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'security',
        username: 'reporter',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
