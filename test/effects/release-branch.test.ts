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

describe('the branch a release works on', () => {
  const OTHER = sha('b');
  const taken = (
    fake: FakeGitHub,
    name: string,
    commits: { sha: string; message: string; parents: string[] }[],
  ) => {
    fake.repos
      .get('acme/widget')
      ?.branches.set(name, new Map([['package.json', '{ "version": "0.71.0" }\n']]));
    fake.history.comparisons.set(`${TAG}...sha-${name}`, {
      status: 'ahead',
      aheadBy: commits.length,
      behindBy: 0,
      commits,
      files: [],
    });
  };

  it('moves to the next free name when another case released on the same day', async () => {
    const fake = github();
    taken(fake, cut.branch, [
      { sha: OTHER, message: 'fix: other report', parents: [TAG] },
      { sha: sha('c'), message: `Merge bbbbbbbbbbbb into ${cut.branch}`, parents: [TAG, OTHER] },
      { sha: sha('d'), message: 'chore: release 0.71.2', parents: [sha('c')] },
    ]);
    // The proof reads back whatever the fake's last write returned.
    const compare = fake.compareCommits.bind(fake);
    fake.compareCommits = (repo, base, head) =>
      head.startsWith('commit-')
        ? Promise.resolve({
            status: 'ahead' as const,
            aheadBy: 3,
            behindBy: 0,
            commits: [
              { sha: FIX, message: 'fix', parents: [TAG] },
              {
                sha: 'merge-x',
                message: `Merge aaaaaaaaaaaa into ${cut.branch}-2`,
                parents: [TAG, FIX],
              },
              { sha: head, message: cut.message, parents: ['merge-x'] },
            ],
            files: [],
          })
        : compare(repo, base, head);
    const result = await cutReleaseBranch(fake, cut);
    expect(result.branch).toBe(`${cut.branch}-2`);
    const created = fake.calls.filter((c) => c.method === 'createBranch').map((c) => c.args[1]);
    expect(created).toEqual([`${cut.branch}-2`]);
    const merges = fake.calls.filter((c) => c.method === 'mergeIntoBranch').map((c) => c.args[1]);
    expect(merges).toEqual([`${cut.branch}-2`]);
  });

  it('continues its own branch from an earlier run instead of cutting another', async () => {
    const fake = github();
    taken(fake, cut.branch, [
      { sha: FIX, message: 'fix', parents: [TAG] },
      { sha: sha('c'), message: `Merge aaaaaaaaaaaa into ${cut.branch}`, parents: [TAG, FIX] },
    ]);
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow('could not be read back');
    expect(fake.calls.filter((c) => c.method === 'createBranch')).toEqual([]);
    const writes = fake.calls.filter((c) => c.method === 'commitFiles').map((c) => c.args[1]);
    expect(writes).toEqual([cut.branch]);
  });

  it('says which branches are taken when all nine are', async () => {
    const fake = github();
    const names = [
      cut.branch,
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${cut.branch}-${String(n)}`),
    ];
    for (const name of names)
      taken(fake, name, [{ sha: sha('d'), message: 'chore: release 0.71.2', parents: [TAG] }]);
    await expect(cutReleaseBranch(fake, cut)).rejects.toThrow(
      `\`${cut.branch}-9\` all hold other releases or start elsewhere than v0.71.0`,
    );
    expect(fake.calls.filter((c) => c.method === 'createBranch')).toEqual([]);
  });
});

/** The quick release of the catalog plugin, 0.23.1 → 0.23.2. */
const QUICK_CATALOG: Extract<Effect, { kind: 'quick-release' }> = {
  kind: 'quick-release',
  key: 'q',
  repo: 'acme/widget',
  packageName: '@acme/plugin-catalog',
  version: '0.23.2',
  branch: 'release/acme-plugin-catalog-0.23.2',
  title: 'chore: release 0.23.2',
  changelogEntry: '## 0.23.2\n',
  changesetDirectory: '.changeset',
};

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

  it('refuses while a package it depends on through another has a pending changeset', async () => {
    const fake = new FakeGitHub().addRepo('acme/widget', {
      private: false,
      files: {
        'package.json': '{ "name": "root", "workspaces": ["plugins/*", "packages/*"] }\n',
        'plugins/catalog/package.json':
          '{ "name": "@acme/plugin-catalog", "version": "0.23.1", "dependencies": { "@acme/catalog-common": "^1.0.0" } }\n',
        'packages/catalog-common/package.json':
          '{ "name": "@acme/catalog-common", "version": "1.0.0", "peerDependencies": { "@acme/core": "^1.0.0" } }\n',
        'packages/core/package.json': '{ "name": "@acme/core", "version": "1.0.0" }\n',
        '.changeset/brave-lions.md': '---\n"@acme/core": minor\n---\n\nNew API.\n',
      },
    });
    await expect(quickReleaseEffect(fake, QUICK_CATALOG)).rejects.toThrow(
      'the pending changeset `.changeset/brave-lions.md` releases @acme/core',
    );
    expect(fake.calls.filter((c) => c.method === 'commitFiles')).toEqual([]);
  });

  it('continues only its own pull request, never another one on the branch', async () => {
    const fake = new FakeGitHub().addRepo('acme/widget', {
      private: false,
      files: {
        'package.json': '{ "name": "root", "workspaces": ["plugins/*"] }\n',
        'plugins/catalog/package.json': '{ "name": "@acme/plugin-catalog", "version": "0.23.1" }\n',
      },
    });
    const effect = QUICK_CATALOG;
    const pulls = fake.repos.get('acme/widget')?.pulls ?? [];
    pulls.push({
      number: 7,
      url: 'https://github.com/acme/widget/pull/7',
      head: effect.branch,
      title: 'wip: catalog rework',
    });
    await expect(quickReleaseEffect(fake, effect)).rejects.toThrow(
      'already has pull request #7, which is not this release',
    );
    pulls[0] = { ...pulls[0]!, title: effect.title };
    await expect(quickReleaseEffect(fake, effect)).resolves.toEqual({
      number: 7,
      url: 'https://github.com/acme/widget/pull/7',
      packagePath: 'plugins/catalog/',
    });
  });
});
