import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/parse-config.js';
import { applyPatch, type Case } from '../../src/domain/case.js';
import type { DecideContext } from '../../src/domain/decide-context.js';
import { decide } from '../../src/domain/decide.js';
import { fold } from '../../src/domain/fold.js';
import type { PublicActivity, Push } from '../../src/domain/inputs.js';
import { MAX_LEAK_ALERTS, underEmbargo } from '../../src/domain/leak-watch.js';
import { APP } from './driver.js';
import { NOW, openedRecord } from './fixtures.js';

const GHSA = 'GHSA-2c5f-hj7m-pq9r';
const CVE = 'CVE-2026-4242';
const ctx: DecideContext = { now: NOW, config: defaultConfig(), appLogin: APP, commands: [] };
const base: Case = { ...fold([openedRecord()]).case!, cve: { id: CVE } };

function pr(overrides: Partial<PublicActivity> = {}): PublicActivity {
  return {
    type: 'public-activity',
    delivery: 'd-pr-1',
    kind: 'pull-request',
    action: 'opened',
    number: 12,
    url: 'https://github.com/acme/widget/pull/12',
    author: 'outsider-olga',
    title: 'Tidy the upload form',
    body: 'Moves the labels.',
    branch: 'tidy-upload',
    repoPrivate: false,
    ...overrides,
  };
}

function push(overrides: Partial<Push> = {}): Push {
  return {
    type: 'push',
    delivery: 'd-push-1',
    ref: 'refs/heads/main',
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    defaultBranch: true,
    commits: [
      {
        sha: 'b'.repeat(40),
        message: 'chore: tidy',
        url: `https://github.com/acme/widget/commit/${'b'.repeat(40)}`,
      },
    ],
    pusher: 'maintainer-max',
    ...overrides,
  };
}

/** Decides the input and returns what was said and the case after it. */
function run(state: Case, input: PublicActivity | Push) {
  const decision = decide(state, input, ctx);
  const next = decision.records.reduce(
    (s, r) => (r.type === 'update' ? applyPatch(s, r.patch) : s),
    state,
  );
  const notes = decision.records.flatMap((r) => (r.note === undefined ? [] : [r.note]));
  return { notice: decision.notice, reply: decision.reply, next, notes, decision };
}

describe('leak watch: what alerts', () => {
  it.each<[string, PublicActivity | Push, string]>([
    ['a PR title with the GHSA ID', pr({ title: `Fix ${GHSA} in uploads` }), 'the GHSA ID'],
    [
      'a PR body with the CVE ID',
      pr({ body: `Closes ${CVE.toLowerCase()}.` }),
      'the CVE ID in the pull request body',
    ],
    [
      'a PR head branch with the summary',
      pr({ branch: 'fix/path-traversal-in-the-file-upload-endpoint' }),
      'the advisory summary in the head branch name',
    ],
    [
      'an issue title with the GHSA ID',
      pr({ kind: 'issue', title: `Is ${GHSA} real?`, branch: undefined }),
      'the GHSA ID in the issue title',
    ],
    [
      'a comment body with the GHSA ID',
      pr({ kind: 'issue-comment', commentId: 991, action: 'created', body: `see ${GHSA}` }),
      'the GHSA ID in the comment',
    ],
    [
      'a pushed branch name with the GHSA ID',
      push({ ref: `refs/heads/security/${GHSA.toLowerCase()}`, defaultBranch: false }),
      'the GHSA ID in the branch name',
    ],
    [
      'a pushed commit message with the summary',
      push({
        commits: [
          {
            sha: 'c'.repeat(40),
            message: 'Fix path traversal in the file upload endpoint',
            url: 'u',
          },
        ],
      }),
      'the advisory summary in the commit ccccccc message',
    ],
  ])('%s: one notice and one log line', (_name, input, line) => {
    const { notice, reply, notes, next } = run(base, input);
    expect(reply).toBeUndefined();
    expect(notice).toContain('🚨 **Possible embargo leak**');
    expect(notice).toContain(line);
    expect(notice).toContain('The App wrote nothing public.');
    expect(notice).toContain('`/exploited`');
    expect(notice).toContain('`/embargo <date> <reason>`');
    expect(notice).toContain('`/publish`');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Leak watch: public .* names .*; alert posted$/);
    expect(Object.keys(next.leakAlerts ?? {})).toHaveLength(1);
  });

  it.each<[string, PublicActivity | Push]>([
    ['a neutral PR', pr()],
    ['a neutral push', push()],
    [
      'another advisory ID from an outsider (a Dependabot PR)',
      pr({
        body: 'Bumps lodash (GHSA-wxwx-2345-cfgh, CVE-2021-23337).',
        author: 'dependabot[bot]',
      }),
    ],
    ['a configured word from an outsider', pr({ title: 'Fix a vulnerability in the docs build' })],
    [
      'the comment title only (comments check their body)',
      pr({ kind: 'issue-comment', commentId: 5, title: GHSA }),
    ],
    [
      'a deleted branch named with the GHSA ID',
      push({ ref: `refs/heads/${GHSA}`, after: '0'.repeat(40), commits: [] }),
    ],
    [
      "GitHub's merge of the private fork on the default branch",
      push({
        commits: [
          {
            sha: 'd'.repeat(40),
            message: `Merge pull request from ${GHSA}\n\nFix uploads`,
            url: 'u',
          },
        ],
      }),
    ],
  ])('%s: silent, nothing recorded', (_name, input) => {
    const { notice, decision } = run(base, input);
    expect(notice).toBeUndefined();
    expect(decision.records).toEqual([]);
  });

  it('the same merge message on another branch is a leak', () => {
    const { notice } = run(
      base,
      push({
        defaultBranch: false,
        ref: 'refs/heads/backport',
        commits: [{ sha: 'd'.repeat(40), message: `Merge pull request from ${GHSA}`, url: 'u' }],
      }),
    );
    expect(notice).toContain('the GHSA ID in the commit ddddddd message');
  });

  it('generic words from someone on the case alert with weaker wording', () => {
    const { notice, notes } = run(
      base,
      pr({ author: 'reporter-jane', title: 'Security fix for the upload endpoint' }),
    );
    expect(notice).toContain('⚠️ **Leak watch, weak match**');
    expect(notice).toContain('the configured word "security fix" in the pull request title');
    expect(notice).not.toContain('🚨');
    expect(notes[0]).toContain('(generic words)');
  });

  it('shows only the case-specific match when generic terms match the same text', () => {
    const { notice } = run(base, pr({ author: 'reporter-jane', title: `Fix ${GHSA}` }));
    expect(notice).toContain('the GHSA ID in the pull request title');
    expect(notice).not.toContain('a GHSA ID');
    expect(notice).not.toContain('configured word');
  });
});

describe('leak watch: when it is silent', () => {
  const leaky = pr({ title: `Fix ${GHSA}` });
  it.each<[string, Case, PublicActivity | Push]>([
    ['after publication', { ...base, advisory: { ...base.advisory, state: 'published' } }, leaky],
    ['on a closed case', { ...base, phase: 'closed' }, leaky],
    ['on a rejected case', { ...base, phase: 'rejected' }, leaky],
    ['in a private repository (the activity says so)', base, { ...leaky, repoPrivate: true }],
    [
      'for a push to a private repository (the case says so)',
      { ...base, repoPrivate: true },
      push({ ref: `refs/heads/${GHSA}` }),
    ],
    ["for the App's own pull request", base, { ...leaky, author: APP }],
    ["for the App's own push", base, push({ ref: `refs/heads/${GHSA}`, pusher: APP })],
  ])('%s', (_name, state, input) => {
    const { notice, decision } = run(state, input);
    expect(notice).toBeUndefined();
    expect(decision.records).toEqual([]);
  });

  it('knows the embargo: open phases before publication only', () => {
    expect(underEmbargo(base)).toBe(true);
    expect(underEmbargo({ ...base, phase: 'publish' })).toBe(true);
    expect(
      underEmbargo({ ...base, milestones: { ...base.milestones, published: NOW.toISOString() } }),
    ).toBe(false);
  });
});

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
