import { describe, expect, it, vi } from 'vitest';
import { Job } from '../../src/jobs/job.js';
import { GHSA, MARKER, useApp, WIDGET } from './leak-watch-harness.js';

const app = useApp();

describe('the jobs the handlers queue', () => {
  it("cut a push to GitHub's limits, so the job is valid JSON data for any queue", async () => {
    const add = vi.spyOn(app.state().jobs, 'add').mockImplementation(() => Promise.resolve());
    const commits = Array.from({ length: 3000 }, (_, i) => ({
      id: String(i).padStart(40, '0'),
      message: i === 0 ? 'x'.repeat(100_000) : 'chore',
      url: `u${String(i)}`,
    }));
    await app.probot().receive({
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
    const add = vi.spyOn(app.state().jobs, 'add').mockImplementation(() => Promise.resolve());
    await app.probot().receive({
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
    await app.probot().receive({
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
