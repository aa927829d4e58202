import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { decodeCaseFile } from '../../src/domain/case-file-codec.js';
import type { CaseFile } from '../../src/domain/case-file.js';
import { encodeRecordMarker } from '../../src/domain/record-codec.js';
import { decodeReplyRef } from '../../src/domain/reply-ref.js';
import { createApp } from '../../src/index.js';
import { openedRecord, updateRecord } from '../domain/fixtures.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const SECRET = 'test-secret';
const BOT = { login: 'advisory-pilot[bot]', type: 'Bot' };
const CONFIG = 'tracking:\n  repository: acme/security-tracking\n';
const CASE_BODY = '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro';

function botComment(id: number, records: Parameters<typeof encodeRecordMarker>[0][]) {
  return {
    id,
    node_id: `IC_${String(id)}`,
    body: records.map((r) => encodeRecordMarker(r, SECRET)).join('\n'),
    user: BOT,
    created_at: '2026-11-20T15:00:00Z',
  };
}

function caseFileOf(body: string, issue: number): CaseFile {
  const read = decodeCaseFile(body, { repo: 'acme/security-tracking', issue }, SECRET);
  if (read.kind !== 'found') throw new Error(`no case file in the body: ${read.kind}`);
  return read.file;
}

let probot: Probot;
let state: AppState;
/** Delivers a webhook and waits for the work the App queued after acknowledging it. */
async function receive(event: Parameters<Probot['receive']>[0]): Promise<void> {
  await probot.receive(event);
  await state.idle();
}
beforeEach(async () => {
  nock.disableNetConnect();
  probot = new Probot({ githubToken: 'test', Octokit: TestOctokit, logLevel: 'fatal' });
  await probot.load(
    createApp({
      onState: (s) => (state = s),
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

describe('issues.opened with the security-report label', () => {
  it('turns the issue into a manual case: label, then one body write (marker, status and case file), no comment', async () => {
    const bodies: Record<string, { body?: string; name?: string }> = {};
    const scope = nock(API)
      .get('/repos/acme/security-tracking/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/.github/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/security-tracking')
      .reply(200, { private: true, default_branch: 'main' })
      .get('/repos/acme/security-tracking/labels/security-advisory')
      .reply(200, { name: 'security-advisory' })
      .get('/repos/acme/security-tracking/issues/12')
      .reply(200, {
        number: 12,
        title: 'SSRF',
        body: 'Forwarded report',
        state: 'open',
        html_url: '',
      })
      .get('/repos/acme/security-tracking/issues/12/comments')
      .query({ per_page: '100', page: '1' })
      .reply(200, [])
      .patch(
        '/repos/acme/security-tracking/issues/12',
        (b: { body: string }) => ((bodies.status = b), true),
      )
      .reply(200, {})
      // The other open cases, for one that looks like the same report: none.
      .get('/repos/acme/security-tracking/issues')
      .query({ labels: 'security-advisory', state: 'open', per_page: '100', page: '1' })
      .reply(200, []);

    await receive({
      name: 'issues',
      id: 'delivery-20',
      payload: {
        action: 'opened',
        installation: { id: 99 },
        repository: {
          full_name: 'acme/security-tracking',
          private: true,
          owner: { login: 'acme' },
          name: 'security-tracking',
        },
        issue: {
          number: 12,
          title: 'SSRF in the webhook tester',
          body: 'Forwarded report',
          labels: [{ name: 'security-report' }],
          created_at: '2026-11-22T10:00:00Z',
          state: 'open',
        },
        sender: { login: 'maintainer-max', type: 'User' },
      } as never,
    });

    expect(scope.pendingMocks()).toEqual([]);
    // One write: the case marker on top of the report, then the status section and the case file.
    expect(
      String(bodies.status?.body).startsWith(
        '<!-- advisory-pilot:case manual none -->\nForwarded report\n',
      ),
    ).toBe(true);
    // An opened case posts no comment (no mock for one: it would fail the job): the status section
    // in the body says what comes next, and the signed case file sits at its end.
    expect(state.jobs.failures).toBe(0);
    expect(Object.keys(bodies.status ?? {})).toEqual(['body']);
    const body = bodies.status?.body ?? '';
    expect(
      body.startsWith(
        '<!-- advisory-pilot:case manual none -->\nForwarded report\n\n<!-- advisory-pilot:status:start -->',
      ),
    ).toBe(true);
    expect(body).toContain('**SSRF in the webhook tester**');
    expect(body).toContain('manual report (no advisory yet) · reported 2026-11-22 10:00 UTC');
    expect(body).toContain('`/advisory create owner/repo`');
    const file = caseFileOf(body, 12);
    expect(file.case).toMatchObject({
      source: 'manual',
      phase: 'triage',
      summary: 'SSRF in the webhook tester',
      reportedAt: '2026-11-22T10:00:00Z',
      tracking: { repo: 'acme/security-tracking', issue: 12 },
    });
    expect(file.log).toEqual([
      { at: '2026-11-23T09:00:00.000Z', by: 'maintainer-max', note: 'Case opened' },
    ]);
    expect(file.deliveries).toEqual(['delivery-20']);
    expect(file.outbox).toEqual([]);
    expect(file.pending).toEqual([]);
  });

  it('ignores an issue without the label, and a tracking issue the App already owns', async () => {
    nock(API)
      .get('/repos/acme/security-tracking/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/.github/contents/.github%2Fadvisory-pilot.yml')
      .reply(404);
    const base = {
      action: 'opened',
      installation: { id: 99 },
      repository: { full_name: 'acme/security-tracking', private: true, owner: { login: 'acme' } },
      sender: { login: 'maintainer-max', type: 'User' },
    };
    await receive({
      name: 'issues',
      id: 'd-21',
      payload: {
        ...base,
        issue: {
          number: 13,
          title: 'Bug',
          body: 'x',
          labels: [],
          created_at: '2026-11-22T10:00:00Z',
        },
      } as never,
    });
    await receive({
      name: 'issues',
      id: 'd-22',
      payload: {
        ...base,
        issue: {
          number: 14,
          title: 'Case',
          body: CASE_BODY,
          labels: [{ name: 'security-report' }],
          created_at: '2026-11-22T10:00:00Z',
        },
      } as never,
    });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('issues.edited', () => {
  it('ignores the App editing its own status section', async () => {
    await receive({
      name: 'issues',
      id: 'd-23',
      payload: {
        action: 'edited',
        installation: { id: 99 },
        repository: {
          full_name: 'acme/security-tracking',
          private: true,
          owner: { login: 'acme' },
        },
        issue: {
          number: 7,
          title: 'x',
          body: `${CASE_BODY}\n- [x] Reproduced locally <!-- item:reproduced -->`,
        },
        changes: {
          body: { from: `${CASE_BODY}\n- [ ] Reproduced locally <!-- item:reproduced -->` },
        },
        sender: BOT,
      } as never,
    });
    expect(nock.pendingMocks()).toEqual([]);
  });
  /** An `issues.edited` delivery of tracking issue 7 changing its body from `from` to `body`. */
  function edited(id: string, from: string, body: string, sender: object) {
    return {
      name: 'issues' as const,
      id,
      payload: {
        action: 'edited',
        installation: { id: 99 },
        repository: {
          full_name: 'acme/security-tracking',
          private: true,
          owner: { login: 'acme' },
        },
        issue: { number: 7, title: 'x', body },
        changes: { body: { from } },
        sender,
      } as never,
    };
  }

  it('forgets the case index when the case marker changes, even for an App edit', async () => {
    const forgotten: string[] = [];
    state.caseIndex.forget = (repo) => void forgotten.push(repo);
    const manual = 'A report by e-mail';
    await receive(edited('d-24', manual, `${CASE_BODY}\n${manual}`, BOT));
    await receive(edited('d-25', CASE_BODY, `${CASE_BODY}\nmore text`, BOT));
    expect(forgotten).toEqual(['acme/security-tracking']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('forgets the revision this instance holds when a person edits the body, so no older copy is trusted', async () => {
    state.cases.revs.set('acme/security-tracking#7', 3);
    state.cases.revs.set('acme/security-tracking#8', 5);
    await receive(
      edited('d-26', CASE_BODY, `${CASE_BODY}\nThe reporter added a second proof.`, {
        login: 'maintainer-max',
        type: 'User',
      }),
    );
    expect([...state.cases.revs.keys()]).toEqual(['acme/security-tracking#8']);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('workflow_run.completed', () => {
  /** A v1 case in the release phase whose release run is 4242, and the reads every run makes. */
  function releaseCase() {
    const records = [
      openedRecord({ tracking: { repo: 'acme/security-tracking', issue: 7 } }),
      updateRecord('u1', {
        set: {
          phase: 'release',
          release: { strategy: 'hotfix', version: '0.71.1', runId: 4242 },
          items: { 'release-opened': { status: 'done', at: '2026-11-21T09:00:00.000Z', by: 'm' } },
        },
      }),
    ];
    const bodies: { status?: Record<string, unknown>; comment?: { body: string } } = {};
    const scope = nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' })
      .get('/repos/acme/security-tracking/issues')
      .query({ labels: 'security-advisory', state: 'all', per_page: '100' })
      .reply(200, [
        { number: 7, title: 'case', body: CASE_BODY, state: 'open', html_url: '' },
        {
          number: 8,
          title: 'other',
          body: '<!-- advisory-pilot:case acme/other GHSA-wxwx-2345-cfgh -->',
          state: 'open',
          html_url: '',
        },
      ])
      .get('/repos/acme/security-tracking')
      .reply(200, { private: true, default_branch: 'main' })
      .get('/repos/acme/security-tracking/issues/7')
      .reply(200, { number: 7, title: 'case', body: CASE_BODY, state: 'open', html_url: '' })
      .get('/repos/acme/security-tracking/issues/7/comments')
      .query({ per_page: '100', page: '1' })
      .reply(200, [botComment(70, records)])
      .patch(
        '/repos/acme/security-tracking/issues/7',
        (b: Record<string, unknown>) => ((bodies.status = b), true),
      )
      .reply(200, {});
    return { scope, bodies };
  }

  function runCompleted(delivery: string, conclusion: string) {
    return receive({
      name: 'workflow_run',
      id: delivery,
      payload: {
        action: 'completed',
        installation: { id: 99 },
        repository: { full_name: 'acme/widget', private: false, owner: { login: 'acme' } },
        workflow_run: {
          id: 4242,
          conclusion,
          html_url: 'https://github.com/acme/widget/actions/runs/4242',
        },
        sender: { login: 'maintainer-max', type: 'User' },
      } as never,
    });
  }

  it('records canary verification on the case whose release run it is: one body write, no comment', async () => {
    const { scope, bodies } = releaseCase();

    await runCompleted('delivery-30', 'success');

    // An event posts no comment (no mock for one: it would fail the job).
    expect(scope.pendingMocks()).toEqual([]);
    expect(state.jobs.failures).toBe(0);
    expect(Object.keys(bodies.status ?? {})).toEqual(['body']);
    const body = String(bodies.status?.body);
    expect(body).toContain('| advisory-pilot[bot] | Release workflow succeeded: canary verified |');
    const file = caseFileOf(body, 7);
    expect(file.case.items.canary).toEqual({
      status: 'done',
      at: '2026-11-23T09:00:00.000Z',
      by: 'advisory-pilot[bot]',
      evidence: 'https://github.com/acme/widget/actions/runs/4242',
    });
    expect(file.case.release.canaryAt).toBe('2026-11-23T09:00:00.000Z');
    expect(file.log.at(-1)).toEqual({
      at: '2026-11-23T09:00:00.000Z',
      by: 'advisory-pilot[bot]',
      note: 'Release workflow succeeded: canary verified',
    });
    expect(file.deliveries).toContain('delivery-30');
    expect(file.outbox).toEqual([]);
    expect(file.pending).toEqual([]);
  });

  it('posts one notice for a failed release run, keeping the phase: one body write, then the notice', async () => {
    const { scope, bodies } = releaseCase();
    scope
      .post(
        '/repos/acme/security-tracking/issues/7/comments',
        (b: { body: string }) => ((bodies.comment = b), true),
      )
      .reply(201, {
        id: 71,
        node_id: 'IC_71',
        body: '',
        user: BOT,
        created_at: '2026-11-23T09:00:00Z',
      });

    await runCompleted('delivery-31', 'failure');

    expect(scope.pendingMocks()).toEqual([]);
    expect(state.jobs.failures).toBe(0);
    const file = caseFileOf(String(bodies.status?.body), 7);
    expect(file.case.phase).toBe('release');
    expect(file.case.items.canary).toBeUndefined();
    expect(file.deliveries).toContain('delivery-31');
    expect(file.outbox.map((o) => [o.job, o.kind])).toEqual([['delivery-31', 'notice']]);
    const notice = String(bodies.comment?.body);
    expect(
      notice.startsWith(
        'The release workflow finished with **failure**: [run 4242](https://github.com/acme/widget/actions/runs/4242). The phase stays at **release**;',
      ),
    ).toBe(true);
    expect(decodeReplyRef(notice, { repo: 'acme/security-tracking', issue: 7 }, SECRET)).toEqual({
      job: 'delivery-31',
      rev: file.rev,
      done: [],
    });
  });
});
