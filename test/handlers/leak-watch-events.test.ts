import { describe, expect, it } from 'vitest';
import { BOT, GHSA, github, useApp, WIDGET } from './leak-watch-harness.js';

const app = useApp();

describe('the leak watch on issues, comments and pushes', () => {
  it('a public issue naming the GHSA ID: one alert', async () => {
    const gh = github();
    await app.receive({
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
    expect(app.state().jobs.failures).toBe(0);
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
    await app.receive({
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
    expect(app.state().jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toContain(`- the GHSA ID in the comment: \`Probably ${GHSA}.\``);
  });

  function pushed(id: string, pusher: string, message: string) {
    return app.receive({
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
    expect(app.state().jobs.failures).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toContain(
      `- the GHSA ID in the commit bbbbbbb message (\`https://github.com/acme/widget/commit/${'b'.repeat(40)}\`): \`fix: ${GHSA}\``,
    );
  });

  it("the App's own push and a neutral push only read", async () => {
    const gh = github();
    await pushed('d-push-2', BOT.login, `fix: ${GHSA}`);
    await pushed('d-push-3', 'maintainer-mia', 'chore: tidy');
    expect(app.state().jobs.failures).toBe(0);
    expect(gh.comments).toEqual([]);
    expect(gh.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
  });
});
