import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/domain/effects.js';
import { cutReleaseBranch } from '../../src/effects/release-branch.js';
import { quickReleaseEffect } from '../../src/effects/quick-release.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const sha = (c: string) => c.repeat(40);
const FIX = sha('a');
const TAG = sha('1');

type Cut = Extract<Effect, { kind: 'cut-release-branch' }>;
const cut: Cut = {
  kind: 'cut-release-branch',
  key: 'release:0.71.1:cut',
  repo: 'acme/widget',
  branch: 'deploy/cloud/2026-11-25',
  from: 'v0.71.0',
  version: '0.71.1',
  fixes: [{ head: FIX, commits: [FIX] }],
  fixFiles: ['packages/server/src/upload.ts'],
  versionFiles: ['package.json'],
  files: [],
  message: 'chore: release 0.71.1',
};

function github(): FakeGitHub {
  const fake = new FakeGitHub().addRepo('acme/widget', {
    private: false,
    files: { 'package.json': '{ "name": "@acme/widget", "version": "0.71.0" }\n' },
  });
  fake.history.commits.set('v0.71.0', { sha: TAG, message: 'release', parents: [], files: [] });
  // The release's tree, read by its commit.
  fake.repos
    .get('acme/widget')
    ?.branches.set(
      TAG,
      new Map([['package.json', '{ "name": "@acme/widget", "version": "0.71.0" }\n']]),
    );
  const comparison = (commits: { sha: string; message: string; parents: string[] }[]) => ({
    status: 'ahead' as const,
    aheadBy: commits.length,
    behindBy: 0,
    commits,
    files: [],
  });
  fake.history.comparisons.set(
    `${TAG}...${FIX}`,
    comparison([{ sha: FIX, message: 'fix', parents: [TAG] }]),
  );
  return fake;
}

describe('cutReleaseBranch', () => {
  it('refuses a base that names nothing, before any write', async () => {
    const fake = github();
    await expect(cutReleaseBranch(fake, { ...cut, from: 'v0.70.9' })).rejects.toThrow(
      '`v0.70.9` is not a tag, branch or commit of acme/widget',
    );
    expect(fake.calls.filter((c) => c.method === 'createBranch')).toEqual([]);
  });

  it('refuses a fix that would bring a feature commit, listing it, before any write', async () => {
    const fake = github();
    fake.history.comparisons.set(`${TAG}...${FIX}`, {
      status: 'ahead',
      aheadBy: 2,
      behindBy: 0,
      commits: [
        { sha: sha('f'), message: 'feat: faster flow editor', parents: [TAG] },
        { sha: FIX, message: 'fix', parents: [sha('f')] },
      ],
      files: [],
    });
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow(
      /would bundle them:\n- `ffffffffffff` feat: faster flow editor/,
    );
    expect(fake.calls.filter((c) => c.method === 'createBranch')).toEqual([]);
  });

  it('refuses a version file that is not JSON at the release before any write', async () => {
    const fake = github();
    fake.repos
      .get('acme/widget')
      ?.branches.set(TAG, new Map([['package.json', '{ "version": 0.71.0 ']]));
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow('package.json is not valid JSON');
    expect(
      fake.calls.filter((c) => c.method === 'createBranch' || c.method === 'mergeIntoBranch'),
    ).toEqual([]);
  });

  it('refuses a range longer than the compare API lists', async () => {
    const fake = github();
    fake.history.comparisons.set(`${TAG}...${FIX}`, {
      status: 'ahead',
      aheadBy: 180,
      behindBy: 0,
      commits: [{ sha: FIX, message: 'fix', parents: [TAG] }],
      files: [],
    });
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow(
      '180 commits lie between v0.71.0 and the fix',
    );
    expect(fake.calls.filter((c) => c.method === 'createBranch')).toEqual([]);
  });

  it('deletes the branch it made when the fix conflicts, and says how to pick it by hand', async () => {
    const fake = github();
    fake.mergeIntoBranch = () => Promise.resolve('conflict' as const);
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow(
      /conflicts with v0.71.0[\s\S]*git cherry-pick -x a{40}/,
    );
    expect(fake.calls.map((c) => c.method)).toContain('createBranch');
    expect(fake.calls.map((c) => c.method)).toContain('deleteBranch');
    expect(await fake.getBranchSha('acme/widget', cut.branch)).toBeUndefined();
  });

  it('leaves merge commits out of the cherry-pick commands (git refuses them without -m)', async () => {
    const fake = github();
    const MERGE = sha('m');
    const FEATURE = sha('f');
    fake.history.comparisons.set(`${TAG}...${MERGE}`, {
      status: 'ahead',
      aheadBy: 3,
      behindBy: 0,
      commits: [
        { sha: FEATURE, message: 'feat: faster flow editor', parents: [TAG] },
        { sha: FIX, message: 'fix', parents: [FEATURE] },
        {
          sha: MERGE,
          message: 'Merge pull request #1 from acme/widget-ghsa',
          parents: [FEATURE, FIX],
        },
      ],
      files: [],
    });
    const merged = { ...cut, fixes: [{ head: MERGE, commits: [FIX, MERGE] }] };
    const message = await cutReleaseBranch(fake, merged).then(
      () => '',
      (error: unknown) => String(error),
    );
    expect(message).toContain(`git cherry-pick -x ${FIX}\n`);
    expect(message).not.toContain(MERGE);
  });

  it('deletes the branch it made when GitHub refuses a write, and keeps it on a passing fault', async () => {
    const refusing = github();
    refusing.mergeIntoBranch = () =>
      Promise.reject(Object.assign(new Error('Validation Failed'), { status: 422 }));
    await expect(cutReleaseBranch(refusing, cut)).rejects.toThrow('Validation Failed');
    expect(await refusing.getBranchSha('acme/widget', cut.branch)).toBeUndefined();

    const flaky = github();
    flaky.mergeIntoBranch = () =>
      Promise.reject(Object.assign(new Error('Server Error'), { status: 502 }));
    await expect(cutReleaseBranch(flaky, cut)).rejects.toThrow('Server Error');
    // The job runs again and continues on the branch it made.
    expect(await flaky.getBranchSha('acme/widget', cut.branch)).toBeDefined();
  });
});

describe('quickReleaseEffect', () => {
  it('names the workspace globs that match nothing when the package is not found', async () => {
    const fake = new FakeGitHub().addRepo('acme/widget', {
      private: false,
      files: {
        'package.json': '{ "name": "root", "workspaces": ["packages/*", "plugns/*"] }\n',
        'packages/core/package.json': '{ "name": "@acme/core", "version": "1.0.0" }\n',
      },
    });
    await expect(
      quickReleaseEffect(fake, {
        kind: 'quick-release',
        key: 'q',
        repo: 'acme/widget',
        packageName: '@acme/plugin-catalog',
        version: '0.23.2',
        branch: 'release/patch-2026-11-25',
        title: 'chore: release 0.23.2',
        changelogEntry: '## 0.23.2\n',
        changesetDirectory: '.changeset',
      }),
    ).rejects.toThrow('the workspace glob(s) `plugns/*` match no package');
  });
});
