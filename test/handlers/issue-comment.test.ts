import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecordMarker } from '../../src/domain/record-codec.js';
import type { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/index.js';
import { openedRecord } from '../domain/fixtures.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const SECRET = 'test-secret';
const CASE_BODY = '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro';

const botComment = {
  id: 70,
  node_id: 'IC_70',
  body: `Case opened.\n\n${encodeRecordMarker(openedRecord({ tracking: { repo: 'acme/security-tracking', issue: 7 } }), SECRET)}`,
  user: { login: 'advisory-pilot[bot]', type: 'Bot' },
  created_at: '2026-11-20T15:00:00Z',
};

function commentPayload(body: string, login = 'maintainer-max', action = 'created') {
  return {
    action,
    installation: { id: 99 },
    repository: {
      id: 5,
      name: 'security-tracking',
      full_name: 'acme/security-tracking',
      private: true,
      owner: { login: 'acme' },
    },
    issue: {
      number: 7,
      title: '[GHSA-2c5f-hj7m-pq9r] Path traversal',
      body: CASE_BODY,
      state: 'open',
      user: { login: 'advisory-pilot[bot]' },
    },
    comment: { id: 71, body, user: { login, type: 'User' }, created_at: '2026-11-23T09:00:00Z' },
    sender: { login, type: 'User' },
    ...(action === 'edited' ? { changes: { body: { from: 'before' } } } : {}),
  };
}

describe('issue_comment.created on a tracking issue', () => {
  let probot: Probot;
  let state: AppState;

  beforeEach(async () => {
    nock.disableNetConnect();
    probot = new Probot({ githubToken: 'test', Octokit: TestOctokit, logLevel: 'fatal' });
    await probot.load(
      createApp({
        onState: (s) => {
          state = s;
        },
        botLogin: 'advisory-pilot[bot]',
        stateSecret: SECRET,
        now: () => new Date('2026-11-23T09:00:00Z'),
      }),
      {
        cwd: process.cwd(),
        addHandler: () => undefined,
      },
    );
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function common(permission: string) {
    return nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/.github/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/security-tracking/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .reply(200, [botComment], { etag: '"v1"' })
      .get('/repos/acme/security-tracking/collaborators/maintainer-max/permission')
      .reply(200, { permission, role_name: permission, user: { login: 'maintainer-max' } })
      .get('/repos/acme/widget/collaborators/maintainer-max/permission')
      .reply(200, { permission, role_name: permission, user: { login: 'maintainer-max' } })
      .get('/repos/acme/widget/security-advisories/GHSA-2c5f-hj7m-pq9r')
      .reply(200, {
        ghsa_id: 'GHSA-2c5f-hj7m-pq9r',
        state: 'triage',
        summary: 'Path traversal in the file upload endpoint',
        created_at: '2026-11-20T14:30:00Z',
        updated_at: '2026-11-20T14:30:00Z',
      })
      .get('/repos/acme/widget')
      .reply(200, { private: false, default_branch: 'main' })
      .get('/repos/acme/security-tracking')
      .reply(200, { private: true, default_branch: 'main' })
      .get('/repos/acme/security-tracking/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .matchHeader('if-none-match', '"v1"')
      .reply(304)
      .get('/repos/acme/security-tracking/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .matchHeader('if-none-match', '"v1"')
      .reply(304);
  }

  it('runs /reproduced: one reply with the record, then the status section', async () => {
    const bodies: { comment?: { body: string }; status?: { body: string } } = {};
    const scope = common('write')
      .post(
        '/repos/acme/security-tracking/issues/7/comments',
        (body: { body: string }) => ((bodies.comment = body), true),
      )
      .reply(201, {
        id: 72,
        node_id: 'IC_72',
        body: '',
        user: { login: 'advisory-pilot[bot]', type: 'Bot' },
        created_at: '2026-11-23T09:00:01Z',
      })
      .get('/repos/acme/security-tracking/issues/7')
      .reply(200, { number: 7, title: 't', body: CASE_BODY, state: 'open', html_url: '' })
      .patch(
        '/repos/acme/security-tracking/issues/7',
        (body: { body: string }) => ((bodies.status = body), true),
      )
      .reply(200, {});

    await probot.receive({
      name: 'issue_comment',
      id: 'delivery-9',
      payload: commentPayload('Confirmed locally.\n/reproduced on 0.71.0') as never,
    });
    await state.idle();

    expect(scope.pendingMocks()).toEqual([]);
    await expect(bodies.comment?.body).toMatchFileSnapshot('./__golden__/reproduced-comment.md');
    expect(bodies.status?.body).toContain('- [x] Reproduced locally');
  });

  it('refuses a user with read access, with one reply and no other write', async () => {
    const bodies: { comment?: { body: string } } = {};
    const scope = common('read')
      .post(
        '/repos/acme/security-tracking/issues/7/comments',
        (body: { body: string }) => ((bodies.comment = body), true),
      )
      .reply(201, {
        id: 72,
        node_id: 'IC_72',
        body: '',
        user: { login: 'advisory-pilot[bot]', type: 'Bot' },
        created_at: '2026-11-23T09:00:01Z',
      })
      .get('/repos/acme/security-tracking/issues/7')
      .reply(200, { number: 7, title: 't', body: CASE_BODY, state: 'open', html_url: '' })
      .patch('/repos/acme/security-tracking/issues/7')
      .reply(200, {});

    await probot.receive({
      name: 'issue_comment',
      id: 'delivery-10',
      payload: commentPayload('/reproduced') as never,
    });
    await state.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(bodies.comment?.body).toContain(
      '`/reproduced` needs **write** permission on the tracking repository',
    );
    expect(bodies.comment?.body).toContain('yours is **read**');
  });

  it.each([
    ['an edited comment', commentPayload('/reproduced', 'maintainer-max', 'edited')],
    ['a quoted command', commentPayload('> /reproduced')],
    ['a command in code', commentPayload('```\n/reproduced\n```')],
    [
      'a comment by a bot',
      { ...commentPayload('/reproduced'), sender: { login: 'other[bot]', type: 'Bot' } },
    ],
    [
      'an issue that is not a tracking issue',
      {
        ...commentPayload('/reproduced'),
        issue: { number: 8, title: 'x', body: 'no marker', state: 'open' },
      },
    ],
  ])('does nothing for %s', async (_name, payload) => {
    await probot.receive({ name: 'issue_comment', id: 'delivery-x', payload: payload as never });
    await state.idle();
    expect(nock.pendingMocks()).toEqual([]);
  });
});
