import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import type { PublicActivity, Push } from '../../src/domain/inputs.js';
import { underEmbargo } from '../../src/domain/leak-watch.js';
import { APP } from './driver.js';
import { NOW } from './fixtures.js';
import { base, CVE, GHSA, pr, push, run } from './leak-watch-fixtures.js';

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
