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
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A draft advisory with the reporter as collaborator and a temporary private fork. */
async function advisoryWithFork(): Promise<{
  ghsa: string;
  fork: { owner: string; repo: string };
}> {
  const report = await h.as('reporter').rest.securityAdvisories.createPrivateVulnerabilityReport({
    ...widget,
    summary: 'Token leak',
    description: 'The token is logged.',
  });
  const ghsa = report.data.ghsa_id;
  const app = await h.app();
  await app.rest.securityAdvisories.updateRepositoryAdvisory({
    ...widget,
    ghsa_id: ghsa,
    state: 'draft',
    collaborating_users: ['reporter'],
  });
  const fork = await app.rest.securityAdvisories.createFork({ ...widget, ghsa_id: ghsa });
  return { ghsa, fork: { owner: 'acme', repo: fork.data.name } };
}

/** The reporter pushes a fix with the git data API and opens a pull request in the fork. */
async function pushFixAndOpenPull(
  fork: { owner: string; repo: string },
  branch: string,
  path: string,
  content: string,
): Promise<{ number: number; head: string }> {
  const git = h.as('reporter').rest.git;
  const main = await git.getRef({ ...fork, ref: 'heads/main' });
  const base = await git.getCommit({ ...fork, commit_sha: main.data.object.sha });
  const blob = await git.createBlob({ ...fork, content });
  const tree = await git.createTree({
    ...fork,
    base_tree: base.data.tree.sha,
    tree: [{ path, mode: '100644', type: 'blob', sha: blob.data.sha }],
  });
  const commit = await git.createCommit({
    ...fork,
    message: `Fix ${path}`,
    tree: tree.data.sha,
    parents: [main.data.object.sha],
  });
  await git.createRef({ ...fork, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pr = await h.as('reporter').rest.pulls.create({
    ...fork,
    title: `Fix ${path}`,
    head: branch,
    base: 'main',
  });
  return { number: pr.data.number, head: commit.data.sha };
}

describe('temporary private fork and the advisory merge button', () => {
  it('lets collaborators push and open pull requests in the fork, unseen by the App', async () => {
    const { fork } = await advisoryWithFork();
    const hooksBefore = h.receiver.hooks.length;
    await pushFixAndOpenPull(fork, 'fix', 'src/token.js', 'redact(token)\n');
    const edited = await h.as('reporter').rest.repos.createOrUpdateFileContents({
      ...fork,
      path: 'SECURITY.md',
      message: 'Explain',
      content: b64('Report privately.\n'),
      branch: 'fix',
    });
    expect(edited.status).toBe(201);
    await expect(h.as('outsider').rest.repos.get(fork)).rejects.toMatchObject({ status: 404 });
    const app = await h.app();
    await expect(app.rest.pulls.list(fork)).rejects.toMatchObject({ status: 404 });
    await h.sandbox.settled();
    expect(h.receiver.hooks.slice(hooksBefore)).toEqual([]);
  });

  it('refuses to merge a fork pull request on its own (admin route and REST)', async () => {
    const { fork } = await advisoryWithFork();
    const { number } = await pushFixAndOpenPull(fork, 'fix', 'src/token.js', 'redact(token)\n');
    const admin = await h.admin('pulls/merge', {
      repo: `acme/${fork.repo}`,
      number,
      by: 'maintainer',
    });
    expect(admin.status).toBe(400);
    expect(admin.body.message).toContain(
      'Pull requests in a temporary private fork cannot be merged',
    );
    await expect(
      h.as('maintainer').rest.pulls.merge({ ...fork, pull_number: number }),
    ).rejects.toMatchObject({ status: 405 });
  });

  it('merges every open fork PR into the upstream default branch, then publishing deletes the fork', async () => {
    const { ghsa, fork } = await advisoryWithFork();
    const one = await pushFixAndOpenPull(fork, 'fix', 'src/token.js', 'redact(token)\n');
    const two = await pushFixAndOpenPull(fork, 'docs', 'SECURITY.md', 'Report privately.\n');
    const app = await h.app();
    await expect(
      app.rest.securityAdvisories.updateRepositoryAdvisory({
        ...widget,
        ghsa_id: ghsa,
        state: 'published',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: `This advisory has open pull requests in its temporary private fork (acme/${fork.repo}#1, acme/${fork.repo}#2); merge or close them before publishing.`,
        },
      },
    });
    const before = (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha;
    const refused = await h.admin('advisories/merge', {
      repo: 'acme/widget',
      ghsaId: ghsa,
      by: 'reporter',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      "reporter is not an admin of acme/widget: only repository admins merge an advisory's pull requests",
    );
    const hooksBefore = h.receiver.hooks.length;
    const merged = await h.admin('advisories/merge', {
      repo: 'acme/widget',
      ghsaId: ghsa,
      by: 'maintainer',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const merges = merged.body.merges as { number: number; sha: string }[];
    expect(merges.map((m) => m.number)).toEqual([one.number, two.number]);
    expect(merged.body).toMatchObject({
      repo: 'acme/widget',
      branch: 'main',
      head: merges[1]?.sha,
    });

    const first = await app.rest.repos.getCommit({ ...widget, ref: merges[0]!.sha });
    expect(first.data.commit.message).toBe(`Merge pull request from ${ghsa}`);
    expect(first.data.parents.map((p) => p.sha)).toEqual([before, one.head]);
    const second = await app.rest.repos.getCommit({ ...widget, ref: 'main' });
    expect(second.data.parents.map((p) => p.sha)).toEqual([merges[0]!.sha, two.head]);
    // The fork's objects were copied upstream: its commit and file read back there.
    expect((await app.rest.repos.getCommit({ ...widget, ref: one.head })).data.sha).toBe(one.head);
    const file = await app.rest.repos.getContent({ ...widget, path: 'src/token.js' });
    expect('content' in file.data && Buffer.from(file.data.content, 'base64').toString()).toBe(
      'redact(token)\n',
    );

    const forkPull = await h.as('maintainer').rest.pulls.get({ ...fork, pull_number: one.number });
    expect(forkPull.data).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merges[0]!.sha,
      merged_by: { login: 'maintainer' },
    });
    await h.sandbox.settled();
    const after = h.receiver.hooks.slice(hooksBefore);
    expect(after.map((x) => x.event)).toEqual(['push']);
    expect(after[0]?.payload).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after: merges[1]!.sha,
    });
    const pushed = after[0]?.payload.commits as { id: string; distinct: boolean }[];
    expect(pushed.map((c) => c.id)).toEqual([one.head, merges[0]!.sha, two.head, merges[1]!.sha]);
    expect(pushed.every((c) => c.distinct)).toBe(true);

    const published = await app.rest.securityAdvisories.updateRepositoryAdvisory({
      ...widget,
      ghsa_id: ghsa,
      state: 'published',
    });
    expect(published.data.state).toBe('published');
    await expect(h.as('maintainer').rest.repos.get(fork)).rejects.toMatchObject({ status: 404 });
    expect(await h.admin('violations', undefined, 'GET')).toEqual({ status: 200, body: [] });
  });

  it('answers 409 with the conflicting paths and changes nothing when a fork PR conflicts', async () => {
    const { ghsa, fork } = await advisoryWithFork();
    const { number } = await pushFixAndOpenPull(fork, 'fix', 'package.json', '{"fixed":true}\n');
    const moved = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'main',
      files: { 'package.json': '{"version":"1.2.4"}\n' },
      message: 'Release 1.2.4',
      by: 'maintainer',
    });
    const answer = await h.admin('advisories/merge', {
      repo: 'acme/widget',
      ghsaId: ghsa,
      by: 'maintainer',
    });
    expect(answer).toEqual({
      status: 409,
      body: {
        message: `Merge conflict: acme/${fork.repo}#${number} and acme/widget@main both change package.json`,
        conflicts: ['package.json'],
      },
    });
    const app = await h.app();
    const main = await app.rest.git.getRef({ ...widget, ref: 'heads/main' });
    expect(main.data.object.sha).toBe(moved.body.sha);
    const pull = await h.as('maintainer').rest.pulls.get({ ...fork, pull_number: number });
    expect(pull.data.state).toBe('open');
  });

  it('says what is missing when there is nothing to merge', async () => {
    const { ghsa, fork } = await advisoryWithFork();
    const empty = await h.admin('advisories/merge', {
      repo: 'acme/widget',
      ghsaId: ghsa,
      by: 'maintainer',
    });
    expect(empty).toEqual({
      status: 400,
      body: { message: `acme/${fork.repo} has no open pull request` },
    });
    const unknown = await h.admin('advisories/merge', {
      repo: 'acme/widget',
      ghsaId: 'GHSA-xxxx-xxxx-xxxx',
      by: 'maintainer',
    });
    expect(unknown.body.message).toBe('no advisory GHSA-xxxx-xxxx-xxxx in acme/widget');
  });
});
