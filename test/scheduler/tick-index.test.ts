import { describe, expect, it } from 'vitest';
import type { GitHubPort } from '../../src/github/port.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { BOT } from './fake-app.js';
import { CONFIG, GHSA, PRODUCT, setup, TRACKING } from './harness.js';

type Harness = ReturnType<typeof setup>;

/** A case opened and settled: after these ticks the tick knows it only from its index. */
async function indexed(options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  t.addAdvisory();
  await t.tick();
  for (let warm = 0; warm < 2; warm++) {
    t.advance(10);
    await t.tick();
  }
  const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
  t.advance(10);
  const quiet = await t.tick();
  expect(quiet).toMatchObject({ cases: 1, loaded: 0, errors: 0 });
  return { t, issue };
}

function callsOf(t: Harness, from: number, method: keyof GitHubPort): number {
  return t.github.calls.slice(from).filter((c) => c.method === method).length;
}

function permit(t: Harness, login: string): void {
  t.github.repo(TRACKING).permissions.set(login, 'maintain');
  t.github.repo(PRODUCT).permissions.set(login, 'maintain');
}

describe('the tick over cases it knows from its index', () => {
  it('sends a reminder in the first tick after it is due, for a case nobody touched', async () => {
    const { t, issue } = await indexed();
    t.at('2026-11-24T09:00:00.000Z'); // nothing due yet
    let from = t.github.calls.length;
    const before = await t.tick();
    expect(before).toMatchObject({ loaded: 0, reminders: 0 });
    expect(callsOf(t, from, 'getIssue')).toBe(0);

    t.at('2026-11-25T09:30:00.000Z'); // two business days after the report: "due soon"
    from = t.github.calls.length;
    const due = await t.tick();
    expect(due).toMatchObject({ loaded: 1, reminders: 1, errors: 0 });
    expect(callsOf(t, from, 'getIssue')).toBe(1);
    expect(
      t.comments(issue).filter((c) => c.body.includes('must be acknowledged by')),
    ).toHaveLength(1);
    t.advance(10);
    expect(await t.tick()).toMatchObject({ reminders: 0 });
    t.advance(10);
    expect(await t.tick()).toMatchObject({ loaded: 0, reminders: 0 });
  });

  it('answers a command typed while the App was down, exactly once', async () => {
    const { t, issue } = await indexed();
    permit(t, 'maintainer-max');
    t.github.addComment(TRACKING, issue, '/reproduced on 0.71.0', 'maintainer-max');
    t.advance(5); // past the grace period: its webhook was lost
    expect(await t.tick()).toMatchObject({ commands: 1, loaded: 1 });
    expect((await t.caseOf(issue))?.items.reproduced?.by).toBe('maintainer-max');
    for (let later = 0; later < 3; later++) {
      t.advance(10);
      expect((await t.tick()).commands).toBe(0);
    }
    const replies = t
      .comments(issue)
      .filter((c) => c.author === BOT && c.body.includes('Reproduced.'));
    expect(replies).toHaveLength(1);
  });

  it('records an advisory changed in GitHub’s UI, once', async () => {
    const { t, issue } = await indexed();
    const stored = t.github.advisories.get(GHSA);
    if (!stored) throw new Error('no advisory');
    Object.assign(stored, { cveId: 'CVE-2026-41234', updatedAt: '2026-11-23T09:50:00.000Z' });
    expect(await t.tick()).toMatchObject({ observed: 1, loaded: 1 });
    expect((await t.caseOf(issue))?.cve.id).toBe('CVE-2026-41234');
    t.advance(10);
    expect(await t.tick()).toMatchObject({ observed: 0 });
    t.advance(10);
    expect(await t.tick()).toMatchObject({ observed: 0, loaded: 0 });
  });

  it('drops a closed tracking issue from the open cases, and counts a new one', async () => {
    const { t, issue } = await indexed();
    const tracked = t.github.repo(TRACKING).issues.find((i) => i.number === issue);
    if (!tracked) throw new Error('no tracking issue');
    tracked.state = 'closed';
    expect(await t.tick()).toMatchObject({ cases: 0, loaded: 0 });
    tracked.state = 'open';
    t.advance(10);
    expect(await t.tick()).toMatchObject({ cases: 1, loaded: 1 });
  });

  it('decides every case again under a changed configuration', async () => {
    const { t } = await indexed();
    const installation = t.app.installations.get(1);
    if (!installation) throw new Error('no installation');
    installation.configs[PRODUCT] = { ...CONFIG, timeZone: 'Europe/Paris' };
    expect(await t.tick()).toMatchObject({ cases: 1, loaded: 1, errors: 0 });
    t.advance(10);
    expect(await t.tick()).toMatchObject({ loaded: 0 });
  });
});

describe('a change feed that cannot be trusted', () => {
  const failure = Object.assign(new Error('Bad Gateway'), { status: 502 });

  it.each([
    {
      name: 'answers an error',
      cut: (t: Harness) => (t.github.failNext.set('listChangedIssues', failure), undefined),
    },
    {
      name: 'comes back cut short',
      cut: (t: Harness) => {
        t.github.truncateNext.set(
          'listChangedIssues',
          'page 1 held 40 of 100 items yet linked a next page',
        );
      },
    },
  ])('$name: every case is read one by one, the reason logged', async ({ cut }) => {
    const { t } = await indexed();
    cut(t);
    const from = t.github.calls.length;
    const summary = await t.tick();
    expect(summary).toMatchObject({ cases: 1, loaded: 1, errors: 0, backedOff: 0 });
    expect(callsOf(t, from, 'getIssue')).toBe(1);
    expect(t.logs).toContainEqual({
      level: 'warn',
      msg: 'tick: the change feed of issues cannot be trusted; reading every case one by one',
    });
    // The feed starts where it did, and is whole again: nothing is read one by one.
    t.advance(10);
    const next = t.github.calls.length;
    expect(await t.tick()).toMatchObject({ cases: 1, loaded: 0, errors: 0 });
    expect(callsOf(t, next, 'getIssue')).toBe(0);
    expect(t.github.calls.slice(next).find((c) => c.method === 'listChangedIssues')?.args[1]).toBe(
      t.github.calls.slice(from).find((c) => c.method === 'listChangedIssues')?.args[1],
    );
  });

  it("reads each case's comments when the comment feed is cut short, and answers once", async () => {
    const { t, issue } = await indexed();
    permit(t, 'maintainer-max');
    t.github.addComment(TRACKING, issue, '/reproduced', 'maintainer-max');
    t.advance(5);
    t.github.truncateNext.set(
      'listRepoComments',
      'page 2 held 3 of 100 items yet linked a next page',
    );
    const from = t.github.calls.length;
    expect(await t.tick()).toMatchObject({ loaded: 1, commands: 1, errors: 0 });
    expect(callsOf(t, from, 'listComments')).toBe(1);
    expect(t.logs).toContainEqual({
      level: 'warn',
      msg: "tick: the change feed of comments cannot be trusted; reading each case's comments",
    });
    t.advance(10);
    expect((await t.tick()).commands).toBe(0);
  });

  it('backs off, reading nothing one by one, when the feed is rate limited', async () => {
    const { t } = await indexed();
    t.github.failNext.set(
      'listChangedIssues',
      Object.assign(new Error('You have exceeded a secondary rate limit'), {
        status: 403,
        response: { headers: { 'retry-after': '60' } },
      }),
    );
    const from = t.github.calls.length;
    expect(await t.tick()).toMatchObject({ backedOff: 1 });
    expect(callsOf(t, from, 'getIssue')).toBe(0);
  });
});

describe('a manual report whose webhook was lost', () => {
  function fileReport(t: Harness, createdAt: string): number {
    const repo = t.github.repo(TRACKING);
    const number = repo.issues.length + 1;
    repo.issues.push({
      number,
      title: 'SQL injection reported by e-mail',
      body: 'A researcher wrote to security@: the search box is injectable.',
      state: 'open',
      url: `https://github.com/${TRACKING}/issues/${String(number)}`,
      author: 'maintainer-max',
      createdAt,
      labels: ['security-report'],
      comments: [],
    });
    return number;
  }

  it('gets its case from the tick, once, opened by the issue’s author', async () => {
    const t = setup();
    const issue = fileReport(t, '2026-11-23T08:30:00.000Z');
    const young = fileReport(t, '2026-11-23T09:04:00.000Z'); // a minute old: its webhook may come
    const first = await t.tick();
    expect(first.opened).toBe(1);
    const state = await t.caseOf(issue);
    expect(state).toMatchObject({ source: 'manual', reportedAt: '2026-11-23T08:30:00.000Z' });
    expect(t.caseFile(issue)?.log[0]?.by).toBe('maintainer-max');
    expect(await t.caseOf(young)).toBeUndefined();
    t.advance(10);
    expect((await t.tick()).opened).toBe(1); // the young one, now past the grace period
    t.advance(10);
    expect((await t.tick()).opened).toBe(0);
  });
});
