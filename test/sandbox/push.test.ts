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
const ZERO = '0'.repeat(40);
const b64 = (text: string) => Buffer.from(text).toString('base64');

interface PushCommit {
  id: string;
  distinct: boolean;
  message: string;
  added: string[];
  removed: string[];
  modified: string[];
  author: { name: string; email: string; username?: string };
}
interface Push {
  ref: string;
  before: string;
  after: string;
  created: boolean;
  deleted: boolean;
  forced: boolean;
  base_ref: string | null;
  compare: string;
  commits: PushCommit[];
  head_commit: PushCommit | null;
  pusher: { name: string; email: string };
  sender: { login: string };
  repository: { full_name: string; created_at: unknown; pushed_at: unknown };
}

const pushes = () => h.hooksOf('push').map((x) => x.payload as unknown as Push);

async function mainSha(): Promise<string> {
  const app = await h.app();
  return (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha;
}

describe('push webhooks', () => {
  it('sends push for a contents update: before, after, the commit and its modified file', async () => {
    const before = await mainSha();
    const app = await h.app();
    const file = await app.rest.repos.getContent({ ...widget, path: 'package.json' });
    const updated = await app.rest.repos.createOrUpdateFileContents({
      ...widget,
      path: 'package.json',
      message: 'Bump to 1.2.4',
      content: b64('{"name":"widget","version":"1.2.4"}\n'),
      sha: 'sha' in file.data ? file.data.sha : '',
    });
    await h.sandbox.settled();
    const [push] = pushes();
    const after = updated.data.commit.sha!;
    expect(push).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `https://github.com/acme/widget/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      pusher: { name: 'advisory-pilot[bot]' },
      sender: { login: 'advisory-pilot[bot]' },
    });
    expect(push?.commits).toHaveLength(1);
    expect(push?.commits[0]).toMatchObject({
      id: after,
      distinct: true,
      message: 'Bump to 1.2.4',
      added: [],
      removed: [],
      modified: ['package.json'],
      author: { name: 'advisory-pilot[bot]', username: 'advisory-pilot[bot]' },
    });
    expect(push?.head_commit?.id).toBe(after);
    expect(typeof push?.repository.created_at).toBe('number');
    expect(typeof push?.repository.pushed_at).toBe('number');
  });

  it('sends created, deleted and forced pushes for branch refs', async () => {
    const app = await h.app();
    const main = await mainSha();
    await app.rest.git.createRef({ ...widget, ref: 'refs/heads/hotfix', sha: main });
    const commit = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'hotfix',
      files: { 'fix.txt': 'fixed\n', 'README.md': null },
      message: 'Fix it',
      by: 'maintainer',
    });
    expect(commit.status).toBe(200);
    const fixSha = commit.body.sha as string;
    await app.rest.git.updateRef({ ...widget, ref: 'heads/hotfix', sha: main, force: true });
    await app.rest.git.deleteRef({ ...widget, ref: 'heads/hotfix' });
    await h.sandbox.settled();
    const [created, committed, forced, deleted] = pushes();
    expect(created).toMatchObject({
      ref: 'refs/heads/hotfix',
      before: ZERO,
      after: main,
      created: true,
      base_ref: 'refs/heads/main',
      commits: [],
      compare: 'https://github.com/acme/widget/compare/hotfix',
    });
    expect(committed).toMatchObject({ before: main, after: fixSha, forced: false });
    expect(committed?.commits[0]).toMatchObject({
      added: ['fix.txt'],
      removed: ['README.md'],
      author: { username: 'maintainer' },
    });
    expect(committed?.pusher.name).toBe('maintainer');
    expect(forced).toMatchObject({ before: fixSha, after: main, forced: true, commits: [] });
    expect(deleted).toMatchObject({
      before: main,
      after: ZERO,
      deleted: true,
      head_commit: null,
      commits: [],
    });
  });

  it('sends push for a tag made with the git refs API, and reads tags like GitHub', async () => {
    const app = await h.app();
    const main = await mainSha();
    for (const tag of ['v1.9.0', 'v1.10.0', 'other']) {
      await app.rest.git.createRef({ ...widget, ref: `refs/tags/${tag}`, sha: main });
    }
    await h.sandbox.settled();
    expect(pushes()[0]).toMatchObject({
      ref: 'refs/tags/v1.9.0',
      created: true,
      base_ref: 'refs/heads/main',
      commits: [],
      head_commit: { id: main },
      compare: 'https://github.com/acme/widget/compare/v1.9.0',
    });
    const ref = await app.rest.git.getRef({ ...widget, ref: 'tags/v1.10.0' });
    expect(ref.data).toMatchObject({
      ref: 'refs/tags/v1.10.0',
      object: { type: 'commit', sha: main },
    });
    const matching = await app.rest.git.listMatchingRefs({ ...widget, ref: 'tags/v1.' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/tags/v1.10.0', 'refs/tags/v1.9.0']);
    await expect(app.rest.git.getRef({ ...widget, ref: 'tags/v1' })).rejects.toMatchObject({
      status: 404,
    });
    const tags = await app.rest.repos.listTags(widget);
    expect(tags.data.map((t) => t.name)).toEqual(['v1.9.0', 'v1.10.0', 'other']);
    expect(tags.data[0]?.zipball_url).toMatch(
      /\/repos\/acme\/widget\/zipball\/refs\/tags\/v1\.9\.0$/,
    );
  });

  it('creates a draft release without a tag, and the tag (with push) when it is published', async () => {
    const app = await h.app();
    const draft = await app.rest.repos.createRelease({
      ...widget,
      tag_name: 'v2.0.0',
      draft: true,
    });
    await h.sandbox.settled();
    expect(pushes()).toEqual([]);
    await expect(app.rest.git.getRef({ ...widget, ref: 'tags/v2.0.0' })).rejects.toMatchObject({
      status: 404,
    });
    await app.rest.repos.updateRelease({ ...widget, release_id: draft.data.id, draft: false });
    await h.sandbox.settled();
    expect(pushes().map((p) => p.ref)).toEqual(['refs/tags/v2.0.0']);
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'push.',
      'release.published',
    ]);
  });

  it('sends push for a pull request merge: the PR commit (not distinct) and the merge commit', async () => {
    const app = await h.app();
    const main = await mainSha();
    await app.rest.git.createRef({ ...widget, ref: 'refs/heads/fix', sha: main });
    const fix = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'fix',
      files: { 'fix.txt': 'fix\n' },
      message: 'Fix',
      by: 'maintainer',
    });
    await app.rest.pulls.create({ ...widget, title: 'Fix', head: 'fix', base: 'main' });
    const merged = await h.admin('pulls/merge', {
      repo: 'acme/widget',
      number: 1,
      by: 'maintainer',
    });
    expect(merged).toMatchObject({ status: 200, body: { ok: true } });
    await h.sandbox.settled();
    const push = pushes().find((p) => p.ref === 'refs/heads/main');
    expect(push).toMatchObject({ before: main, after: merged.body.sha, forced: false });
    expect(push?.commits.map((c) => [c.id, c.distinct])).toEqual([
      [fix.body.sha, false],
      [merged.body.sha, true],
    ]);
    expect(push?.commits[1]?.message).toBe('Merge pull request #1 from acme/fix\n\nFix');
    expect(push?.commits[1]?.added).toEqual(['fix.txt']);
    const events = h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`);
    expect(events.slice(-2)).toEqual(['push.', 'pull_request.closed']);
  });

  it('answers the admin commit route with a clear message for bad input', async () => {
    const noBranch = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'new',
      from: 'nowhere',
      files: { a: 'b' },
      message: 'm',
      by: 'maintainer',
    });
    expect(noBranch).toEqual({
      status: 400,
      body: { message: '"nowhere" is no branch, tag or commit of acme/widget' },
    });
    const outsider = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'main',
      files: { a: 'b' },
      message: 'm',
      by: 'outsider',
    });
    expect(outsider.body.message).toBe('outsider has no write access to acme/widget');
    const malformed = await h.admin('git/commit', { repo: 'acme/widget' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^commit branch: /);
  });
});
