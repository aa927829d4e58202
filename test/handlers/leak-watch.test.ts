import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { newCaseFile, type CaseFile } from '../../src/domain/case-file.js';
import { decodeCaseFile, encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { fold } from '../../src/domain/fold.js';
import { decodeReplyRef } from '../../src/domain/reply-ref.js';
import { createApp } from '../../src/index.js';
import { Job } from '../../src/jobs/job.js';
import { openedRecord } from '../domain/fixtures.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const SECRET = 'test-secret';
const BOT = { login: 'advisory-pilot[bot]', type: 'Bot' };
const GHSA = 'GHSA-2c5f-hj7m-pq9r';
const HOME = { repo: 'acme/security-tracking', issue: 7 };
const CONFIG = 'tracking:\n  repository: acme/security-tracking\n';
const MARKER = `<!-- advisory-pilot:case acme/widget ${GHSA} -->`;
const WIDGET = {
  full_name: 'acme/widget',
  name: 'widget',
  private: false,
  default_branch: 'main',
  owner: { login: 'acme' },
};

function caseFileOf(body: string): CaseFile {
  const read = decodeCaseFile(body, HOME, SECRET);
  if (read.kind !== 'found') throw new Error(`no case file in the body: ${read.kind}`);
  return read.file;
}

let probot: Probot;
let state: AppState;
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
      botLogin: BOT.login,
      stateSecret: SECRET,
      now: () => new Date('2026-11-23T09:00:00Z'),
    }),
    { cwd: process.cwd(), addHandler: () => undefined },
  );
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/**
 * GitHub as the App sees it: the product repository's configuration, one open case in triage
 * (a v2 case file in the tracking issue's body, which every write replaces), and a log of every
 * request. The App may post comments; each is kept.
 */
function github() {
  const opened = fold([openedRecord({ tracking: HOME })]).case!;
  let body = `${MARKER}\nintro\n${encodeCaseFile(newCaseFile(opened), HOME, SECRET)}`;
  const requests: string[] = [];
  const comments: string[] = [];
  const scope = nock(API)
    .persist()
    .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
    .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' })
    .get('/repos/acme/security-tracking/issues')
    .query({ labels: 'security-advisory', state: 'all', per_page: '100' })
    .reply(() => [200, [{ number: 7, title: 'case', body, state: 'open', html_url: '' }]])
    .get('/repos/acme/security-tracking')
    .reply(200, { private: true, default_branch: 'main' })
    .get('/repos/acme/security-tracking/issues/7')
    .reply(() => [200, { number: 7, title: 'case', body, state: 'open', html_url: '' }])
    .patch('/repos/acme/security-tracking/issues/7')
    .reply((_uri, b) => {
      body = (b as { body: string }).body;
      return [200, {}];
    })
    .post('/repos/acme/security-tracking/issues/7/comments')
    .reply((_uri, b) => {
      comments.push((b as { body: string }).body);
      const id = 700 + comments.length;
      return [201, { id, node_id: `IC_${String(id)}`, body: '', user: BOT, created_at: '' }];
    });
  scope.on('request', (req: { method: string; path: string }) => {
    requests.push(`${req.method} ${req.path.split('?')[0] ?? ''}`);
  });
  return { requests, comments, body: () => body };
}

function pullRequest(id: string, action: string, fields: Record<string, unknown>) {
  return receive({
    name: 'pull_request',
    id,
    payload: {
      action,
      installation: { id: 99 },
      repository: WIDGET,
      number: 12,
      pull_request: {
        number: 12,
        html_url: 'https://github.com/acme/widget/pull/12',
        title: 'Tidy the upload form',
        body: 'Moves the labels.',
        head: { ref: 'tidy-upload' },
        user: { login: 'maintainer-max', type: 'User' },
        ...fields,
      },
      sender: { login: 'maintainer-max', type: 'User' },
    } as never,
  });
}

const ALERT = [
  '🚨 **Possible embargo leak**: a public pull request 12 in `acme/widget` names this case while the advisory is under embargo.',
  '',
  'Where: `https://github.com/acme/widget/pull/12` (opened by `maintainer-max`)',
  `- the GHSA ID in the pull request title: \`Fix ${GHSA} in uploads\``,
  '',
  'The App wrote nothing public. Consider:',
  '- Ask the author to close it and edit the text out; GitHub keeps the old text in the edit history until a repository admin deletes that revision. A branch name cannot be edited: delete the branch.',
  '- If it is being exploited: `/exploited`.',
  '- Publishing sooner: `/embargo <date> <reason>` with an earlier date, or `/publish`.',
].join('\n');

describe('the leak watch on pull_request', () => {
  it('alerts with exactly one comment on the tracking issue; the product repository is only read', async () => {
    const gh = github();
    await pullRequest('d-pr-1', 'opened', { title: `Fix ${GHSA} in uploads` });

    expect(state.jobs.failures).toBe(0);
    expect(gh.requests).toEqual([
      'GET /repos/acme/widget/contents/.github%2Fadvisory-pilot.yml',
      'GET /repos/acme/security-tracking/issues',
      'GET /repos/acme/security-tracking',
      'GET /repos/acme/security-tracking/issues/7',
      'PATCH /repos/acme/security-tracking/issues/7',
      'POST /repos/acme/security-tracking/issues/7/comments',
    ]);
    expect(gh.comments).toHaveLength(1);
    const [comment = ''] = gh.comments;
    expect(comment.startsWith(`${ALERT}\n`)).toBe(true);
    const file = caseFileOf(gh.body());
    expect(decodeReplyRef(comment, HOME, SECRET)).toEqual({
      job: 'd-pr-1',
      rev: file.rev,
      done: [],
    });
    expect(file.case.leakAlerts).toEqual({
      'pull-request:12': {
        at: '2026-11-23T09:00:00.000Z',
        matches: ['title:any-ghsa-id', 'title:ghsa-id', 'title:word:ghsa-'],
      },
    });
    expect(file.log.at(-1)).toEqual({
      at: '2026-11-23T09:00:00.000Z',
      by: BOT.login,
      note: 'Leak watch: public pull request 12 names the GHSA ID; alert posted',
    });
    expect(file.outbox.map((o) => [o.job, o.kind])).toEqual([['d-pr-1', 'notice']]);
  });

  it('an edit without a new match only reads; one with a new match alerts once more', async () => {
    const gh = github();
    await pullRequest('d-pr-1', 'opened', { title: `Fix ${GHSA} in uploads` });
    const before = gh.requests.length;

    await pullRequest('d-pr-2', 'edited', { title: `Fix ${GHSA} in uploads`, body: 'Reworded.' });
    expect(gh.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(gh.comments).toHaveLength(1);

    await pullRequest('d-pr-3', 'edited', { body: 'Path traversal in the file upload endpoint' });
    expect(state.jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[1]).toContain(
      '- the advisory summary in the pull request body: `Path traversal in the file upload endpoint`',
    );
    expect(caseFileOf(gh.body()).case.leakAlerts?.['pull-request:12']?.matches).toContain(
      'body:summary',
    );
  });

  it("the App's own pull request reads nothing, not even the list of cases", async () => {
    const gh = github();
    await receive({
      name: 'pull_request',
      id: 'd-pr-own',
      payload: {
        action: 'opened',
        installation: { id: 99 },
        repository: WIDGET,
        number: 40,
        pull_request: {
          number: 40,
          html_url: 'https://github.com/acme/widget/pull/40',
          title: `docs: changelog entry for ${GHSA}`,
          body: null,
          head: { ref: 'docs/changelog' },
          user: BOT,
        },
        sender: BOT,
      } as never,
    });
    expect(state.jobs.failures).toBe(0);
    expect(gh.requests).toEqual([]);
  });

  it('a pull request in a private product repository queues nothing', async () => {
    const gh = github();
    await receive({
      name: 'pull_request',
      id: 'd-pr-private',
      payload: {
        action: 'opened',
        installation: { id: 99 },
        repository: { ...WIDGET, private: true },
        number: 3,
        pull_request: {
          number: 3,
          html_url: 'https://github.com/acme/widget/pull/3',
          title: `Fix ${GHSA}`,
          body: null,
          head: { ref: 'x' },
          user: { login: 'maintainer-max' },
        },
        sender: { login: 'maintainer-max', type: 'User' },
      } as never,
    });
    expect(gh.requests).toEqual([]);
    expect(state.jobs.failures).toBe(0);
  });
});

describe('the leak watch on issues, comments and pushes', () => {
  it('a public issue naming the GHSA ID: one alert', async () => {
    const gh = github();
    await receive({
      name: 'issues',
      id: 'd-issue-1',
      payload: {
        action: 'opened',
        installation: { id: 99 },
        repository: WIDGET,
        issue: {
          number: 30,
          html_url: 'https://github.com/acme/widget/issues/30',
          title: `When is ${GHSA} fixed?`,
          body: null,
          labels: [],
          created_at: '2026-11-23T08:00:00Z',
        },
        sender: { login: 'outsider-olga', type: 'User' },
      } as never,
    });
    expect(state.jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toContain(
      'Where: `https://github.com/acme/widget/issues/30` (opened by `outsider-olga`)\n- the GHSA ID in the issue title:',
    );
    expect(gh.requests.filter((r) => r.includes('acme/widget') && !r.startsWith('GET '))).toEqual(
      [],
    );
  });

  it('a public comment naming the GHSA ID: one alert', async () => {
    const gh = github();
    await receive({
      name: 'issue_comment',
      id: 'd-comment-1',
      payload: {
        action: 'created',
        installation: { id: 99 },
        repository: WIDGET,
        issue: { number: 30, title: 'Uploads', body: 'x', state: 'open', labels: [] },
        comment: {
          id: 991,
          html_url: 'https://github.com/acme/widget/issues/30#issuecomment-991',
          body: `Probably ${GHSA}.`,
          user: { login: 'outsider-olga', type: 'User' },
        },
        sender: { login: 'outsider-olga', type: 'User' },
      } as never,
    });
    expect(state.jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toContain(`- the GHSA ID in the comment: \`Probably ${GHSA}.\``);
  });

  function pushed(id: string, pusher: string, message: string) {
    return receive({
      name: 'push',
      id,
      payload: {
        ref: 'refs/heads/main',
        before: 'a'.repeat(40),
        after: 'b'.repeat(40),
        installation: { id: 99 },
        repository: WIDGET,
        commits: [
          {
            id: 'b'.repeat(40),
            message,
            url: `https://github.com/acme/widget/commit/${'b'.repeat(40)}`,
          },
        ],
        pusher: { name: pusher },
        sender: { login: pusher, type: 'User' },
      } as never,
    });
  }

  it('a push whose commit message names the GHSA ID: one alert naming the commit', async () => {
    const gh = github();
    await pushed('d-push-1', 'maintainer-mia', `fix: ${GHSA}`);
    expect(state.jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toContain(
      `- the GHSA ID in the commit bbbbbbb message (\`https://github.com/acme/widget/commit/${'b'.repeat(40)}\`): \`fix: ${GHSA}\``,
    );
  });

  it("the App's own push and a neutral push only read", async () => {
    const gh = github();
    await pushed('d-push-2', BOT.login, `fix: ${GHSA}`);
    await pushed('d-push-3', 'maintainer-mia', 'chore: tidy');
    expect(state.jobs.failures).toBe(0);
    expect(gh.comments).toEqual([]);
    expect(gh.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });
});

describe('the jobs the handlers queue', () => {
  it("cut a push to GitHub's limits, so the job is valid JSON data for any queue", async () => {
    const add = vi.spyOn(state.jobs, 'add').mockImplementation(() => undefined);
    const commits = Array.from({ length: 3000 }, (_, i) => ({
      id: String(i).padStart(40, '0'),
      message: i === 0 ? 'x'.repeat(100_000) : 'chore',
      url: `u${String(i)}`,
    }));
    await probot.receive({
      name: 'push',
      id: 'd-push-big',
      payload: {
        ref: 'refs/heads/main',
        before: 'a'.repeat(40),
        after: 'b'.repeat(40),
        installation: { id: 99 },
        repository: { ...WIDGET, private: true },
        commits,
        pusher: { name: 'maintainer-mia' },
        sender: { login: 'maintainer-mia', type: 'User' },
      } as never,
    });
    const job = Job.parse(JSON.parse(JSON.stringify(add.mock.calls[0]?.[0])));
    expect(job).toMatchObject({
      kind: 'product-event',
      event: 'push',
      delivery: 'd-push-big',
      repository: { fullName: 'acme/widget', private: true },
      input: {
        type: 'push',
        ref: 'refs/heads/main',
        defaultBranch: true,
        pusher: 'maintainer-mia',
      },
    });
    const input = job.kind === 'product-event' ? job.input : undefined;
    const pushed = input?.type === 'push' ? input.commits : [];
    expect(pushed).toHaveLength(2048);
    expect(pushed[0]).toEqual({ sha: '0'.repeat(40), message: 'x'.repeat(65_536), url: 'u0' });
  });

  it('read a public pull request into a valid public-activity job; an issue in the private tracking repository into none', async () => {
    const add = vi.spyOn(state.jobs, 'add').mockImplementation(() => undefined);
    await probot.receive({
      name: 'pull_request',
      id: 'd-pr-job',
      payload: {
        action: 'reopened',
        installation: { id: 99 },
        repository: WIDGET,
        number: 4,
        pull_request: {
          number: 4,
          html_url: 'https://github.com/acme/widget/pull/4',
          title: 't'.repeat(2000),
          body: null,
          head: { ref: 'feature' },
          user: { login: 'outsider-olga' },
        },
        sender: { login: 'maintainer-max', type: 'User' },
      } as never,
    });
    await probot.receive({
      name: 'issues',
      id: 'd-tracking-issue',
      payload: {
        action: 'reopened',
        installation: { id: 99 },
        repository: { ...WIDGET, full_name: 'acme/security-tracking', private: true },
        issue: { number: 7, html_url: '', title: GHSA, body: MARKER, labels: [] },
        sender: { login: 'maintainer-max', type: 'User' },
      } as never,
    });
    expect(add.mock.calls).toHaveLength(1);
    expect(Job.parse(add.mock.calls[0]?.[0])).toEqual({
      kind: 'product-event',
      event: 'pull_request.reopened',
      delivery: 'd-pr-job',
      installationId: 99,
      repository: { fullName: 'acme/widget', private: false },
      input: {
        type: 'public-activity',
        delivery: 'd-pr-job',
        kind: 'pull-request',
        action: 'reopened',
        number: 4,
        url: 'https://github.com/acme/widget/pull/4',
        author: 'maintainer-max',
        title: 't'.repeat(1024),
        body: '',
        branch: 'feature',
        repoPrivate: false,
      },
    });
  });
});
