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

async function admin(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.sandbox.url}/_sandbox/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

describe('git data and contents', () => {
  it('builds a hotfix branch with the git data API and reads it back with the contents API', async () => {
    const app = await h.app();
    const main = await app.rest.git.getRef({ ...widget, ref: 'heads/main' });
    const base = await app.rest.git.getCommit({ ...widget, commit_sha: main.data.object.sha });
    const blob = await app.rest.git.createBlob({
      ...widget,
      content: '{"name":"widget","version":"1.2.4"}\n',
    });
    const tree = await app.rest.git.createTree({
      ...widget,
      base_tree: base.data.tree.sha,
      tree: [{ path: 'package.json', mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    const commit = await app.rest.git.createCommit({
      ...widget,
      message: 'Release 1.2.4',
      tree: tree.data.sha,
      parents: [main.data.object.sha],
    });
    await app.rest.git.createRef({
      ...widget,
      ref: 'refs/heads/deploy/cloud/2025-03-03',
      sha: commit.data.sha,
    });
    const file = await app.rest.repos.getContent({
      ...widget,
      path: 'package.json',
      ref: 'deploy/cloud/2025-03-03',
    });
    expect('content' in file.data && Buffer.from(file.data.content, 'base64').toString()).toContain(
      '1.2.4',
    );
    const onMain = await app.rest.repos.getContent({ ...widget, path: 'package.json' });
    expect(
      'content' in onMain.data && Buffer.from(onMain.data.content, 'base64').toString(),
    ).toContain('1.2.3');
    await expect(
      app.rest.git.updateRef({
        ...widget,
        ref: 'heads/deploy/cloud/2025-03-03',
        sha: main.data.object.sha,
      }),
    ).rejects.toMatchObject({ status: 422 });
    const kinds = h.sandbox.publicWrites().map((w) => `${w.kind}:${w.text.split('\n')[0] ?? ''}`);
    expect(kinds).toEqual([
      'file:{"name":"widget","version":"1.2.4"}',
      'path:package.json',
      'commit-message:Release 1.2.4',
      'ref:refs/heads/deploy/cloud/2025-03-03',
    ]);
  });

  it('creates and updates files with the contents API (sha required for updates)', async () => {
    const app = await h.app();
    const content = (text: string) => Buffer.from(text).toString('base64');
    const created = await app.rest.repos.createOrUpdateFileContents({
      ...widget,
      path: 'CHANGELOG.md',
      message: 'Add changelog',
      content: content('# Changes\n'),
    });
    expect(created.status).toBe(201);
    await expect(
      app.rest.repos.createOrUpdateFileContents({
        ...widget,
        path: 'CHANGELOG.md',
        message: 'Edit',
        content: content('x'),
      }),
    ).rejects.toMatchObject({ status: 422 });
    const updated = await app.rest.repos.createOrUpdateFileContents({
      ...widget,
      path: 'CHANGELOG.md',
      message: 'Edit changelog',
      content: content('# Changes\n\n- fix\n'),
      sha: created.data.content!.sha!,
    });
    expect(updated.status).toBe(200);
    const raw = await app.rest.repos.getContent({
      ...widget,
      path: 'CHANGELOG.md',
      mediaType: { format: 'raw' },
    });
    expect(raw.data as unknown as string).toBe('# Changes\n\n- fix\n');
  });
});

describe('pull requests, workflows, releases', () => {
  it('opens a pull request and sends pull_request.closed (merged) when an admin merges it', async () => {
    const app = await h.app();
    const content = Buffer.from('fix\n').toString('base64');
    const main = await app.rest.git.getRef({ ...widget, ref: 'heads/main' });
    await app.rest.git.createRef({ ...widget, ref: 'refs/heads/fix', sha: main.data.object.sha });
    await app.rest.repos.createOrUpdateFileContents({
      ...widget,
      path: 'fix.txt',
      message: 'Fix',
      content,
      branch: 'fix',
    });
    const pr = await app.rest.pulls.create({
      ...widget,
      title: 'Postmortem',
      head: 'fix',
      base: 'main',
      body: 'Details',
    });
    expect(pr.data).toMatchObject({ number: 1, state: 'open', merged: false });
    await admin('pulls/merge', { repo: 'acme/widget', number: 1, by: 'maintainer' });
    const merged = await app.rest.pulls.get({ ...widget, pull_number: 1 });
    expect(merged.data).toMatchObject({ state: 'closed', merged: true });
    const file = await app.rest.repos.getContent({ ...widget, path: 'fix.txt' });
    expect('sha' in file.data).toBe(true);
    const closed = h.receiver.hooks.find(
      (x) => x.event === 'pull_request' && x.action === 'closed',
    );
    expect(closed?.payload.pull_request).toMatchObject({
      merged: true,
      merged_by: { login: 'maintainer' },
    });
  });

  it('dispatches a workflow with return_run_details and completes it after the virtual delay', async () => {
    await admin('workflows', {
      repo: 'acme/widget',
      workflow: 'release.yml',
      conclusion: 'failure',
    });
    const app = await h.app();
    const dispatch = await app.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        ...widget,
        workflow_id: 'release.yml',
        ref: 'main',
        inputs: { version: '1.2.4' },
        return_run_details: true,
      },
    );
    expect(dispatch.status).toBe(200);
    const runId = (dispatch.data as { workflow_run_id: number }).workflow_run_id;
    const running = await app.rest.actions.getWorkflowRun({ ...widget, run_id: runId });
    expect(running.data).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(await h.sandbox.advance('11m')).toEqual([]);
    const fired = await h.sandbox.advance('1m');
    expect(fired).toHaveLength(1);
    const hook = h.receiver.hooks.find((x) => x.event === 'workflow_run');
    expect(hook?.action).toBe('completed');
    expect(hook?.payload.workflow_run).toMatchObject({
      id: runId,
      conclusion: 'failure',
      updated_at: '2025-03-03T09:12:00Z',
    });
    expect(h.sandbox.publicWrites().map((w) => w.kind)).toEqual([
      'workflow-ref',
      'workflow-inputs',
    ]);
  });

  it('creates a release and its tag, sending push (the new tag) and release.published', async () => {
    const app = await h.app();
    const release = await app.rest.repos.createRelease({
      ...widget,
      tag_name: 'v1.2.4',
      name: 'v1.2.4',
      body: 'Bug fixes',
    });
    expect(release.data).toMatchObject({ tag_name: 'v1.2.4', draft: false });
    const byTag = await app.rest.repos.getReleaseByTag({ ...widget, tag: 'v1.2.4' });
    expect(byTag.data.id).toBe(release.data.id);
    const tags = await app.rest.repos.listTags(widget);
    expect(tags.data.map((t) => t.name)).toEqual(['v1.2.4']);
    await h.sandbox.settled();
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'push.',
      'release.published',
    ]);
    const main = await app.rest.git.getRef({ ...widget, ref: 'heads/main' });
    expect(h.receiver.hooks[0]?.payload).toMatchObject({
      ref: 'refs/tags/v1.2.4',
      before: '0'.repeat(40),
      after: main.data.object.sha,
      created: true,
      deleted: false,
      forced: false,
      base_ref: 'refs/heads/main',
      commits: [],
      head_commit: { id: main.data.object.sha },
    });
  });
});
