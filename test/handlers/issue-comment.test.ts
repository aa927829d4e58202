import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { applyRecords } from '../../src/domain/case-file-changes.js';
import { decodeCaseFile, encodeCaseFile } from '../../src/domain/case-file-codec.js';
import type { CaseFile } from '../../src/domain/case-file.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import { encodeRecordMarker } from '../../src/domain/record-codec.js';
import { decodeReplyRef } from '../../src/domain/reply-ref.js';
import { renderTrackingBody } from '../../src/domain/tracking-body.js';
import { createApp } from '../../src/index.js';
import { openedRecord } from '../domain/fixtures.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const SECRET = 'test-secret';
const TRACKING = { repo: 'acme/security-tracking', issue: 7 };
const MARKER = '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->';
const CASE_BODY = `${MARKER}\nintro`;
const OPENED = openedRecord({ tracking: TRACKING });

/** A v2 tracking issue: the report, then the status section holding the signed case file. */
function v2Body(): { body: string; file: CaseFile } {
  const file = applyRecords(undefined, [OPENED]).file;
  if (!file) throw new Error('no case file');
  const signed = { ...file, deliveries: ['delivery-1'] };
  return {
    body: renderTrackingBody(
      CASE_BODY,
      MARKER,
      'old status',
      encodeCaseFile(signed, TRACKING, SECRET),
    ),
    file: signed,
  };
}

function caseFileOf(body: string): CaseFile {
  const read = decodeCaseFile(body, TRACKING, SECRET);
  if (read.kind !== 'found') throw new Error(`no case file in the body: ${read.kind}`);
  return read.file;
}

/** A v1 tracking issue: no case file in the body, the signed record in the App's comment. */
const botComment = {
  id: 70,
  node_id: 'IC_70',
  body: `Case opened.\n\n${encodeRecordMarker(OPENED, SECRET)}`,
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

  /**
   * The reads every command job makes, in order: the configuration, the tracking repository's
   * privacy, the body (once), on a v1 case its comments (migrated on first touch), the sender's
   * permissions and the advisory as GitHub holds it.
   */
  function common(permission: string, issueBody: string) {
    const scope = nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/.github/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/security-tracking')
      .reply(200, { private: true, default_branch: 'main' })
      .get('/repos/acme/security-tracking/issues/7')
      .reply(200, { number: 7, title: 't', body: issueBody, state: 'open', html_url: '' });
    if (!issueBody.includes('<!-- advisory-pilot:case-file '))
      scope
        .get('/repos/acme/security-tracking/issues/7/comments')
        .query({ per_page: '100', page: '1' })
        .reply(200, [botComment], { etag: '"v1"' });
    return scope
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
      .reply(200, { private: false, default_branch: 'main' });
  }

  /** The one body write, then the one reply: each body captured, nothing else mocked. */
  function writes(scope: nock.Scope) {
    const bodies: { status?: Record<string, unknown>; comment?: { body: string } } = {};
    scope
      .patch(
        '/repos/acme/security-tracking/issues/7',
        (body: Record<string, unknown>) => ((bodies.status = body), true),
      )
      .reply(200, {})
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
      });
    return bodies;
  }

  it('runs /reproduced on a v1 case: one body write (migrated case file and status), then one reply', async () => {
    const scope = common('write', CASE_BODY);
    const bodies = writes(scope);

    await probot.receive({
      name: 'issue_comment',
      id: 'delivery-9',
      payload: commentPayload('Confirmed locally.\n/reproduced on 0.71.0') as never,
    });
    await state.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(state.jobs.failures).toBe(0);
    expect(Object.keys(bodies.status ?? {})).toEqual(['body']);
    const body = String(bodies.status?.body);
    await expect(body).toMatchFileSnapshot('./__golden__/reproduced-body.md');
    expect(body.startsWith(`${CASE_BODY}\n\n<!-- advisory-pilot:status:start -->`)).toBe(true);
    expect(body).toContain('- [x] Reproduced locally');
    const file = caseFileOf(body);
    expect(file.case.items.reproduced).toEqual({
      status: 'done',
      at: '2026-11-23T09:00:00.000Z',
      by: 'maintainer-max',
      evidence: 'on 0.71.0',
    });
    expect(file.case.handledComments).toEqual(['71.0']);
    expect(file.log.map((e) => e.note)).toEqual([
      'Case opened',
      'Case file migrated from version 1 (1 signed record)',
      'Reproduced locally',
    ]);
    // The v1 comment is known as the App's; the reply waits in the outbox until it is posted.
    expect(file.comments.map((c) => [c.id, c.kind])).toEqual([[70, 'v1']]);
    expect(file.pending).toEqual([]);
    expect(file.outbox.map((o) => [o.job, o.kind, o.replyTo])).toEqual([
      ['delivery-9', 'reply', 71],
    ]);

    const reply = String(bodies.comment?.body);
    await expect(reply).toMatchFileSnapshot('./__golden__/reproduced-comment.md');
    expect(reply.startsWith(file.outbox[0]?.text ?? '(no outbox entry)')).toBe(true);
    expect(reply).not.toContain('<!-- advisory-pilot:record ');
    expect(decodeReplyRef(reply, TRACKING, SECRET)).toEqual({
      job: 'delivery-9',
      rev: file.rev,
      done: [],
      replyTo: 71,
    });
  });

  it('refuses a user with read access: the handled mark in the body, one reply, no other write', async () => {
    const before = v2Body();
    const scope = common('read', before.body);
    const bodies = writes(scope);

    await probot.receive({
      name: 'issue_comment',
      id: 'delivery-10',
      payload: commentPayload('/reproduced') as never,
    });
    await state.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(state.jobs.failures).toBe(0);
    const file = caseFileOf(String(bodies.status?.body));
    expect(file.rev).toBe(before.file.rev + 1);
    // Nothing changes but the comment marked handled (and the delivery seen).
    expect(expectedCase(file)).toEqual({ ...before.file.case, handledComments: ['71.0'] });
    expect(file.log).toEqual(before.file.log);
    expect(file.pending).toEqual([]);
    expect(file.deliveries).toEqual(['delivery-1', 'delivery-10:0']);
    const reply = String(bodies.comment?.body);
    expect(reply).toContain('`/reproduced` needs **write** permission on the tracking repository');
    expect(reply).toContain('yours is **read**');
    expect(decodeReplyRef(reply, TRACKING, SECRET)).toEqual({
      job: 'delivery-10',
      rev: file.rev,
      done: [],
      replyTo: 71,
    });
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
