import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/domain/effects.js';
import { openPullRequestEffect } from '../../src/effects/pull-requests.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const TAG = '1'.repeat(40);
type OpenPullRequest = Extract<Effect, { kind: 'open-pull-request' }>;
const changeset: OpenPullRequest = {
  kind: 'open-pull-request',
  key: 'release:0.71.1:changeset',
  repo: 'acme/widget',
  purpose: 'changeset',
  branch: 'release/0.71.1',
  base: 'release/0.71.x',
  baseFrom: TAG,
  title: 'chore: release 0.71.1',
  body: 'Patch release 0.71.1.',
  files: [],
};

function github(lineBranch: 'missing' | 'at-release' | 'ahead'): FakeGitHub {
  const fake = new FakeGitHub().addRepo('acme/widget', { private: false, files: {} });
  const branches = fake.repos.get('acme/widget')?.branches;
  branches?.set('release/0.71.1', new Map());
  if (lineBranch === 'missing') return fake;
  branches?.set('release/0.71.x', new Map());
  fake.history.comparisons.set(`${TAG}...release/0.71.x`, {
    status: lineBranch === 'ahead' ? 'ahead' : 'identical',
    aheadBy: lineBranch === 'ahead' ? 1 : 0,
    behindBy: 0,
    commits:
      lineBranch === 'ahead'
        ? [{ sha: 'b'.repeat(40), message: 'feat: new exporter\n\nbody', parents: [TAG] }]
        : [],
    files: [],
  });
  return fake;
}

describe('openPullRequestEffect on a maintenance branch', () => {
  it('cuts a missing maintenance branch from the release and opens the pull request on it', async () => {
    const fake = github('missing');
    await expect(openPullRequestEffect(fake, changeset)).resolves.toMatchObject({ number: 100 });
    expect(fake.calls.find((c) => c.method === 'createBranch')?.args).toEqual([
      'acme/widget',
      'release/0.71.x',
      TAG,
    ]);
  });

  it('opens the pull request on an existing branch that holds only the release', async () => {
    const fake = github('at-release');
    await expect(openPullRequestEffect(fake, changeset)).resolves.toMatchObject({ number: 100 });
  });

  it('refuses an existing branch with commits the release lacks, naming them, before any write', async () => {
    const fake = github('ahead');
    await expect(openPullRequestEffect(fake, changeset)).rejects.toThrow(
      'the maintenance branch release/0.71.x has 1 commit(s) that are not in the release it was cut from (111111111111): `bbbbbbbbbbbb` feat: new exporter.',
    );
    expect(fake.calls.some((c) => c.method === 'createPullRequest')).toBe(false);
    expect(fake.calls.some((c) => c.method === 'createBranch')).toBe(false);
  });
});
