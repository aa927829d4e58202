import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
});

const widget = { owner: 'acme', repo: 'widget' };

async function commit(
  branch: string,
  files: Record<string, string | null>,
  message: string,
  from?: string,
): Promise<string> {
  const answer = await h.admin('git/commit', {
    repo: 'acme/widget',
    branch,
    ...(from ? { from } : {}),
    files,
    message,
    by: 'maintainer',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.sha as string;
}

describe('compare', () => {
  it('compares branches, tags and SHAs: ahead, behind, diverged, identical', async () => {
    const app = await h.app();
    const main = (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha;
    await app.rest.git.createRef({ ...widget, ref: 'refs/tags/v1.2.3', sha: main });
    const first = await commit('deploy/cloud/x', { 'fix.txt': 'one\ntwo\n' }, 'First', 'v1.2.3');
    const second = await commit(
      'deploy/cloud/x',
      { 'fix.txt': 'one\n2\nthree\n', 'README.md': null },
      'Second',
    );
    const ahead = await app.rest.repos.compareCommitsWithBasehead({
      ...widget,
      basehead: 'v1.2.3...deploy/cloud/x',
    });
    expect(ahead.data).toMatchObject({
      status: 'ahead',
      ahead_by: 2,
      behind_by: 0,
      total_commits: 2,
      merge_base_commit: { sha: main },
      base_commit: { sha: main },
    });
    expect(ahead.data.commits.map((c) => [c.sha, c.parents.map((p) => p.sha)])).toEqual([
      [first, [main]],
      [second, [first]],
    ]);
    expect(ahead.data.commits[0]?.author?.login).toBe('maintainer');
    expect(
      ahead.data.files?.map((f) => [f.filename, f.status, f.additions, f.deletions, f.changes]),
    ).toEqual([
      ['README.md', 'removed', 0, 1, 1],
      ['fix.txt', 'added', 3, 0, 3],
    ]);
    expect(ahead.data.files?.[1]?.raw_url).toBe(
      `https://github.com/acme/widget/raw/${second}/fix.txt`,
    );
    const behind = await app.rest.repos.compareCommits({
      ...widget,
      base: second,
      head: main.slice(0, 10),
    });
    expect(behind.data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2, commits: [] });
    const onMain = await commit('main', { 'other.txt': 'x\n' }, 'Other');
    const diverged = await app.rest.repos.compareCommitsWithBasehead({
      ...widget,
      basehead: `main...acme:deploy/cloud/x`,
    });
    expect(diverged.data).toMatchObject({ status: 'diverged', ahead_by: 2, behind_by: 1 });
    expect(diverged.data.base_commit.sha).toBe(onMain);
    expect(diverged.data.files?.map((f) => f.filename)).toEqual(['README.md', 'fix.txt']);
    const same = await app.rest.repos.compareCommitsWithBasehead({
      ...widget,
      basehead: 'main...main',
    });
    expect(same.data).toMatchObject({ status: 'identical', total_commits: 0, files: [] });
  });

  it('pages the commits of a comparison with Link headers, files on page 1 only', async () => {
    for (let i = 1; i <= 3; i += 1) await commit('topic', { [`f${i}.txt`]: `${i}\n` }, `C${i}`);
    const app = await h.app();
    const page = (n: number) =>
      app.rest.repos.compareCommitsWithBasehead({
        ...widget,
        basehead: 'main...topic',
        per_page: 2,
        page: n,
      });
    const first = await page(1);
    expect(first.data.commits.map((c) => c.commit.message)).toEqual(['C1', 'C2']);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.data.files).toHaveLength(3);
    const second = await page(2);
    expect(second.data.commits.map((c) => c.commit.message)).toEqual(['C3']);
    expect(second.data.files).toEqual([]);
  });

  it('answers 404 when either side of a comparison does not exist', async () => {
    const app = await h.app();
    for (const basehead of ['main...nope', 'nope...main', 'main...other-owner:main']) {
      await expect(
        app.rest.repos.compareCommitsWithBasehead({ ...widget, basehead }),
      ).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe('get a commit', () => {
  it('reads a commit by branch, heads/branch, tag and SHA, with its files and stats', async () => {
    const sha = await commit('main', { 'package.json': '{"version":"1.2.4"}\n' }, 'Bump');
    const app = await h.app();
    await app.rest.git.createRef({ ...widget, ref: 'refs/tags/v1.2.4', sha });
    for (const ref of ['main', 'heads/main', 'v1.2.4', 'tags/v1.2.4', sha, sha.slice(0, 7)]) {
      const got = await app.rest.repos.getCommit({ ...widget, ref });
      expect(got.data.sha, ref).toBe(sha);
    }
    const got = await app.rest.repos.getCommit({ ...widget, ref: 'main' });
    expect(got.data.commit.message).toBe('Bump');
    expect(got.data.files?.map((f) => [f.filename, f.status])).toEqual([
      ['package.json', 'modified'],
    ]);
    expect(got.data.stats).toEqual({ additions: 1, deletions: 1, total: 2 });
  });

  it('answers 422 "No commit found for SHA" for a name that is nothing', async () => {
    const app = await h.app();
    await expect(app.rest.repos.getCommit({ ...widget, ref: 'nothing' })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'No commit found for SHA: nothing' } },
    });
  });
});

describe('merges API', () => {
  it('merges a branch into another with a merge commit and sends push for the base', async () => {
    await commit('feature', { 'feature.txt': 'new\n' }, 'Feature');
    const app = await h.app();
    const before = (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha;
    const merged = await app.rest.repos.merge({ ...widget, base: 'main', head: 'feature' });
    expect(merged.status).toBe(201);
    expect(merged.data.commit.message).toBe('Merge feature into main');
    expect(merged.data.parents.map((p) => p.sha)).toHaveLength(2);
    expect(merged.data.parents[0]?.sha).toBe(before);
    const file = await app.rest.repos.getContent({ ...widget, path: 'feature.txt' });
    expect('content' in file.data).toBe(true);
    await h.sandbox.settled();
    const push = h.hooksOf('push').at(-1)?.payload;
    expect(push).toMatchObject({ ref: 'refs/heads/main', before, after: merged.data.sha });
    expect(h.sandbox.publicWrites().at(-1)).toMatchObject({
      kind: 'commit-message',
      text: 'Merge feature into main',
    });
    const again = await app.rest.repos.merge({ ...widget, base: 'main', head: 'feature' });
    expect(again.status).toBe(204);
  });

  it('answers 404 for a missing base or head, and 409 for a conflict', async () => {
    const app = await h.app();
    await expect(
      app.rest.repos.merge({ ...widget, base: 'nope', head: 'main' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Base does not exist' } },
    });
    await expect(
      app.rest.repos.merge({ ...widget, base: 'main', head: 'nope' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Head does not exist' } },
    });
    await commit('left', { 'package.json': 'left\n' }, 'Left');
    await commit('main', { 'package.json': 'main\n', 'same.txt': 'same\n' }, 'Main');
    await commit('left', { 'same.txt': 'same\n' }, 'Same change');
    await expect(
      app.rest.repos.merge({ ...widget, base: 'main', head: 'left' }),
    ).rejects.toMatchObject({ status: 409, response: { data: { message: 'Merge conflict' } } });
  });
});

describe('pull request merges', () => {
  async function openPull(head: string): Promise<number> {
    const app = await h.app();
    const pr = await app.rest.pulls.create({ ...widget, title: head, head, base: 'main' });
    return pr.data.number;
  }

  it('merges over REST (merge, squash, rebase) and refuses a stale head with 409', async () => {
    const app = await h.app();
    await commit('a', { 'a.txt': 'a\n' }, 'A');
    await commit('b', { 'b.txt': 'b\n' }, 'B1');
    await commit('b', { 'b2.txt': 'b\n' }, 'B2');
    await commit('c', { 'c.txt': 'c\n' }, 'C');
    const [a, b, c] = [await openPull('a'), await openPull('b'), await openPull('c')];
    await expect(
      app.rest.pulls.merge({ ...widget, pull_number: a, sha: '0'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    const merged = await app.rest.pulls.merge({ ...widget, pull_number: a });
    expect(merged.data).toMatchObject({
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const squash = await app.rest.pulls.merge({
      ...widget,
      pull_number: b,
      merge_method: 'squash',
    });
    const squashed = await app.rest.repos.getCommit({ ...widget, ref: squash.data.sha });
    expect(squashed.data.parents.map((p) => p.sha)).toEqual([merged.data.sha]);
    expect(squashed.data.commit.message).toBe('b (#2)\n\n* B1\n\n* B2');
    const rebase = await app.rest.pulls.merge({
      ...widget,
      pull_number: c,
      merge_method: 'rebase',
    });
    const rebased = await app.rest.repos.getCommit({ ...widget, ref: rebase.data.sha });
    expect(rebased.data.commit.message).toBe('C');
    expect(rebased.data.parents.map((p) => p.sha)).toEqual([squash.data.sha]);
    const pull = await app.rest.pulls.get({ ...widget, pull_number: c });
    expect(pull.data).toMatchObject({ merged: true, merge_commit_sha: rebase.data.sha });
    await expect(app.rest.pulls.merge({ ...widget, pull_number: a })).rejects.toMatchObject({
      status: 405,
    });
    await commit('d', { 'd.txt': 'd\n' }, 'D');
    const draft = await app.rest.pulls.create({
      ...widget,
      title: 'd',
      head: 'd',
      base: 'main',
      draft: true,
    });
    await expect(
      app.rest.pulls.merge({ ...widget, pull_number: draft.data.number }),
    ).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is still a draft' } },
    });
  });

  it('refuses a conflicting pull request: 405 over REST, the paths from the admin route', async () => {
    await commit('fix', { 'package.json': 'fix\n' }, 'Fix');
    const number = await openPull('fix');
    await commit('main', { 'package.json': 'main\n' }, 'Main moves on');
    const app = await h.app();
    await expect(app.rest.pulls.merge({ ...widget, pull_number: number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
    const admin = await h.admin('pulls/merge', { repo: 'acme/widget', number, by: 'maintainer' });
    expect(admin).toEqual({
      status: 409,
      body: {
        message: 'Pull Request is not mergeable: merge conflict in package.json',
        conflicts: ['package.json'],
      },
    });
  });
});
