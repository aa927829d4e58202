import { describe, expect, it } from 'vitest';
import { decodeReplyRef } from '../../src/domain/reply-ref.js';
import {
  BOT,
  caseFileOf,
  GHSA,
  github,
  HOME,
  SECRET,
  useApp,
  WIDGET,
} from './leak-watch-harness.js';

const app = useApp();

function pullRequest(id: string, action: string, fields: Record<string, unknown>) {
  return app.receive({
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

    expect(app.state().jobs.failures).toBe(0);
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
    expect(app.state().jobs.failures).toBe(0);
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
    await app.receive({
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
    expect(app.state().jobs.failures).toBe(0);
    expect(gh.requests).toEqual([]);
  });

  it('a pull request in a private product repository queues nothing', async () => {
    const gh = github();
    await app.receive({
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
    expect(app.state().jobs.failures).toBe(0);
  });
});
