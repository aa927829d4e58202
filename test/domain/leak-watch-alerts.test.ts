import { describe, expect, it } from 'vitest';
import { MAX_LEAK_ALERTS } from '../../src/domain/leak-watch.js';
import { NOW } from './fixtures.js';
import { base, CVE, GHSA, pr, push, run } from './leak-watch-fixtures.js';

describe('leak watch: one alert per match', () => {
  const opened = pr({ title: `Fix ${GHSA}` });
  const first = run(base, opened);

  it('remembers the matches of the activity in the case', () => {
    expect(first.next.leakAlerts).toEqual({
      'pull-request:12': {
        at: NOW.toISOString(),
        matches: ['title:any-ghsa-id', 'title:ghsa-id', 'title:word:ghsa-'],
      },
    });
  });

  it('a redelivery (another delivery id) is silent', () => {
    const again = run(first.next, { ...opened, delivery: 'd-pr-1-again' });
    expect(again.notice).toBeUndefined();
    expect(again.decision.records).toEqual([]);
  });

  it('an edit that keeps the match is silent', () => {
    const edited = run(first.next, {
      ...opened,
      delivery: 'd-pr-2',
      action: 'edited',
      body: 'More words.',
    });
    expect(edited.notice).toBeUndefined();
  });

  it('an edit that adds a new match alerts once more, naming only the new match', () => {
    const edit = { ...opened, delivery: 'd-pr-3', action: 'edited', body: `Also ${CVE}.` };
    const edited = run(first.next, edit);
    expect(edited.notice).toContain('the CVE ID in the pull request body');
    expect(edited.notice).not.toContain('the GHSA ID');
    expect(edited.next.leakAlerts?.['pull-request:12']?.matches).toEqual([
      'title:any-ghsa-id',
      'title:ghsa-id',
      'title:word:ghsa-',
      'body:any-cve-id',
      'body:cve-id',
      'body:word:cve-',
    ]);
    expect(edited.next.leakAlerts?.['pull-request:12']?.at).toBe(NOW.toISOString());
    expect(run(edited.next, { ...edit, delivery: 'd-pr-4' }).notice).toBeUndefined();
  });

  it('a new commit naming the ID on an alerted branch alerts again', () => {
    const one = run(
      base,
      push({ commits: [{ sha: '1'.repeat(40), message: `fix ${GHSA}`, url: 'u1' }] }),
    );
    const two = run(
      one.next,
      push({
        delivery: 'd-push-2',
        commits: [{ sha: '2'.repeat(40), message: `more ${GHSA}`, url: 'u2' }],
      }),
    );
    expect(one.notice).toContain('commit 1111111 message');
    expect(two.notice).toContain('commit 2222222 message');
    expect(Object.keys(two.next.leakAlerts ?? {})).toEqual(['push:refs/heads/main']);
  });

  it(`after ${String(MAX_LEAK_ALERTS)} alerted activities, further hits reach the case log only`, () => {
    let state = base;
    const notices: (string | undefined)[] = [];
    for (let n = 1; n <= MAX_LEAK_ALERTS + 1; n++) {
      const step = run(state, pr({ delivery: `d-${String(n)}`, number: n, title: `Fix ${GHSA}` }));
      notices.push(step.notice);
      state = step.next;
      if (n === MAX_LEAK_ALERTS + 1) expect(step.notes[0]).toContain('no alert: 10 already posted');
    }
    expect(notices.filter(Boolean)).toHaveLength(MAX_LEAK_ALERTS);
    expect(notices[MAX_LEAK_ALERTS - 1]).toContain('the last leak-watch alert on this case');
    expect(notices[MAX_LEAK_ALERTS]).toBeUndefined();
  });
});

describe('leak watch: the alert text', () => {
  it('is exactly this for a PR title naming the GHSA ID', () => {
    const { notice } = run(base, pr({ title: `Fix ${GHSA} in uploads` }));
    expect(notice).toBe(
      [
        '🚨 **Possible embargo leak**: a public pull request 12 in `acme/widget` names this case while the advisory is under embargo.',
        '',
        'Where: `https://github.com/acme/widget/pull/12` (opened by `outsider-olga`)',
        `- the GHSA ID in the pull request title: \`Fix ${GHSA} in uploads\``,
        '',
        'The App wrote nothing public. Consider:',
        '- Ask the author to close it and edit the text out; GitHub keeps the old text in the edit history until a repository admin deletes that revision. A branch name cannot be edited: delete the branch.',
        '- If it is being exploited: `/exploited`.',
        '- Publishing sooner: `/embargo <date> <reason>` with an earlier date, or `/publish`.',
      ].join('\n'),
    );
  });

  it('neutralizes what the public wrote: no mention, link, marker, checkbox or code break-out', () => {
    const body = `@octocat ${'x'.repeat(100)} [click](https://evil.example) <!-- advisory-pilot:case x --> ${GHSA} \`\`\` - [x] done @team/all ${'y'.repeat(100)}`;
    const { notice } = run(base, pr({ body, author: '@evil' }));
    const line = notice?.split('\n').find((l) => l.includes('pull request body')) ?? '';
    expect(line).toMatch(/^- the GHSA ID in the pull request body: `+…/);
    expect(line).not.toContain('@octocat');
    expect(line).not.toContain('<!-- advisory');
    expect(line.length).toBeLessThan(300);
    expect(notice).not.toMatch(/@(?!\u200b)[a-z]/i);
    expect(notice).not.toContain('](https://evil');
    expect(notice).not.toContain('\n- [x]');
    // The quoted match is one code span: its fence is longer than any backtick run inside.
    const code = line.slice(line.indexOf(': ') + 2);
    const fence = /^`+/.exec(code)?.[0] ?? '';
    expect(code.endsWith(fence)).toBe(true);
    expect(code.slice(fence.length, -fence.length)).not.toContain(fence);
  });

  it('quotes a pushed branch name as code and names the commit address', () => {
    const { notice } = run(
      base,
      push({
        ref: 'refs/heads/@all-[x]',
        defaultBranch: false,
        commits: [
          {
            sha: 'e'.repeat(40),
            message: `fix ${GHSA}`,
            url: 'https://github.com/acme/widget/commit/eee',
          },
        ],
      }),
    );
    expect(notice).toContain('a public push to branch `@\u200ball-[x]` in `acme/widget`');
    expect(notice).toContain(
      `- the GHSA ID in the commit eeeeeee message (\`https://github.com/acme/widget/commit/eee\`): \`fix ${GHSA}\``,
    );
    expect(notice).toContain('force-push without the commit');
  });
});
