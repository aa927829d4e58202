import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../src/sandbox/index.js';
import { baseScenario, startHarness, type Harness } from '../harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (h) {
    expect(h.sandbox.violations()).toEqual([]);
    await h.close();
    h = undefined;
  }
});

const tracking = { owner: 'acme', repo: 'security-tracking' };
const widget = { owner: 'acme', repo: 'widget' };

/** The base world plus a write and a triage collaborator on the public `acme/widget`. */
function withCollaborators(): ScenarioInput {
  const scenario = baseScenario();
  scenario.users = [...(scenario.users ?? []), { login: 'writer' }, { login: 'triager' }];
  scenario.repos![0]!.collaborators = { writer: 'write', triager: 'triage' };
  return scenario;
}

function hookNames(harness: Harness): string[] {
  return harness.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`);
}

describe('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', () => {
  it('deletes the comment (204) and sends issue_comment.deleted shaped like created', async () => {
    h = await startHarness();
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    const kept = await app.rest.issues.createComment({ ...tracking, issue_number: 1, body: 'a' });
    const gone = await app.rest.issues.createComment({ ...tracking, issue_number: 1, body: 'b' });
    const deleted = await app.rest.issues.deleteComment({ ...tracking, comment_id: gone.data.id });
    expect(deleted.status).toBe(204);
    await expect(
      app.rest.issues.getComment({ ...tracking, comment_id: gone.data.id }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      app.rest.issues.deleteComment({ ...tracking, comment_id: gone.data.id }),
    ).rejects.toMatchObject({ status: 404 });
    const left = await app.rest.issues.listComments({ ...tracking, issue_number: 1 });
    expect(left.data.map((c) => c.id)).toEqual([kept.data.id]);
    expect((await app.rest.issues.get({ ...tracking, issue_number: 1 })).data.comments).toBe(1);

    await h.sandbox.settled();
    expect(hookNames(h)).toEqual([
      'issues.opened',
      'issue_comment.created',
      'issue_comment.created',
      'issue_comment.deleted',
    ]);
    const created = h.receiver.hooks[2]!;
    const hook = h.receiver.hooks[3]!;
    expect(hook.signatureValid).toBe(true);
    expect(Object.keys(hook.payload).sort()).toEqual(Object.keys(created.payload).sort());
    expect(hook.payload).toMatchObject({
      action: 'deleted',
      comment: { id: gone.data.id, body: 'b', user: { login: 'advisory-pilot[bot]' } },
      issue: { number: 1, comments: 1 },
      repository: { full_name: 'acme/security-tracking' },
      sender: { login: 'advisory-pilot[bot]' },
      installation: { id: h.installationId },
    });
  });

  it("lets the author and write collaborators delete, and refuses (403) everyone else's", async () => {
    h = await startHarness(withCollaborators());
    await h.as('outsider').rest.issues.create({ ...widget, title: 'Crash on start' });
    const comment = async (login: string) =>
      (
        await h!.as(login).rest.issues.createComment({
          ...widget,
          issue_number: 1,
          body: `from ${login}`,
        })
      ).data.id;
    const outsiders = await comment('outsider');
    const reporters = await comment('reporter');
    const reporters2 = await comment('reporter');

    for (const login of ['reporter', 'triager']) {
      await expect(
        h.as(login).rest.issues.deleteComment({ ...widget, comment_id: outsiders }),
      ).rejects.toMatchObject({ status: 403 });
    }
    const anonymous = await fetch(
      `${h.sandbox.url}/repos/acme/widget/issues/comments/${outsiders}`,
      {
        method: 'DELETE',
      },
    );
    expect(anonymous.status).toBe(401);

    await h.as('outsider').rest.issues.deleteComment({ ...widget, comment_id: outsiders });
    await h.as('writer').rest.issues.deleteComment({ ...widget, comment_id: reporters });
    await h.as('maintainer').rest.issues.deleteComment({ ...widget, comment_id: reporters2 });

    await h.sandbox.settled();
    const deletions = h.receiver.hooks.filter((x) => x.action === 'deleted');
    expect(deletions.map((x) => (x.payload.sender as { login: string }).login)).toEqual([
      'outsider',
      'writer',
      'maintainer',
    ]);
    const left = await h.as('outsider').rest.issues.listComments({ ...widget, issue_number: 1 });
    expect(left.data).toEqual([]);
  });

  it('needs issues: write for an installation, whoever wrote the comment', async () => {
    const scenario = withCollaborators();
    scenario.repos![1]!.issues = [
      { title: 'Case', author: 'maintainer', comments: [{ author: 'maintainer', body: '/ack' }] },
    ];
    scenario.installation = {
      account: 'acme',
      notify: false,
      permissions: { issues: 'read', metadata: 'read' },
    };
    h = await startHarness(scenario);
    const app = await h.app();
    const [seeded] = (await app.rest.issues.listComments({ ...tracking, issue_number: 1 })).data;
    await expect(
      app.rest.issues.deleteComment({ ...tracking, comment_id: seeded!.id }),
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
    const still = await app.rest.issues.listComments({ ...tracking, issue_number: 1 });
    expect(still.data.map((c) => c.body)).toEqual(['/ack']);
  });

  it("lets an installation with issues: write delete a person's comment", async () => {
    h = await startHarness();
    await h.as('maintainer').rest.issues.create({ ...tracking, title: 'Case' });
    const own = await h.as('maintainer').rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'secret detail',
    });
    const app = await h.app();
    await app.rest.issues.deleteComment({ ...tracking, comment_id: own.data.id });
    const left = await app.rest.issues.listComments({ ...tracking, issue_number: 1 });
    expect(left.data).toEqual([]);
  });
});

describe('GET /repos/{owner}/{repo}/issues/comments', () => {
  /** Three comments on two issues an hour apart, the first edited last: returns their ids. */
  async function threeComments(harness: Harness): Promise<number[]> {
    const app = await harness.app();
    await app.rest.issues.create({ ...tracking, title: 'First' });
    await app.rest.issues.create({ ...tracking, title: 'Second' });
    const ids: number[] = [];
    for (const n of [1, 2, 1]) {
      const c = await app.rest.issues.createComment({ ...tracking, issue_number: n, body: 'x' });
      ids.push(c.data.id);
      await harness.sandbox.advance('1h');
    }
    await app.rest.issues.updateComment({ ...tracking, comment_id: ids[0]!, body: 'edited' });
    return ids;
  }

  it("lists every issue's comments by ascending id, or sorted by created/updated either way", async () => {
    h = await startHarness();
    const [first, second, third] = await threeComments(h);
    const app = await h.app();
    const list = async (query: Record<string, string> = {}) =>
      (await app.rest.issues.listCommentsForRepo({ ...tracking, ...query })).data.map((c) => c.id);
    expect(await list()).toEqual([first, second, third]);
    expect(await list({ direction: 'desc' })).toEqual([first, second, third]);
    expect(await list({ sort: 'created', direction: 'desc' })).toEqual([third, second, first]);
    expect(await list({ sort: 'updated' })).toEqual([second, third, first]);
    expect(await list({ sort: 'updated', direction: 'desc' })).toEqual([first, third, second]);
    expect(await list({ since: '2025-03-03T11:00:00Z' })).toEqual([first, third]);
    const all = (await app.rest.issues.listCommentsForRepo(tracking)).data;
    expect(all.map((c) => c.issue_url.split('/').at(-1))).toEqual(['1', '2', '1']);
  });

  it('paginates with Link headers that octokit.paginate follows', async () => {
    h = await startHarness();
    const ids = await threeComments(h);
    const app = await h.app();
    const first = await app.rest.issues.listCommentsForRepo({ ...tracking, per_page: 2 });
    expect(first.data.map((c) => c.id)).toEqual(ids.slice(0, 2));
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('rel="last"');
    const second = await app.rest.issues.listCommentsForRepo({ ...tracking, per_page: 2, page: 2 });
    expect(second.data.map((c) => c.id)).toEqual(ids.slice(2));
    expect(second.headers.link).toContain('rel="prev"');
    expect(second.headers.link).not.toContain('rel="next"');
    const all = await app.paginate(app.rest.issues.listCommentsForRepo, {
      ...tracking,
      per_page: 1,
    });
    expect(all.map((c) => c.id)).toEqual(ids);
  });

  it('answers 304 to its ETag until a comment is added or deleted', async () => {
    h = await startHarness();
    const app = await h.app();
    await app.rest.issues.create({ ...tracking, title: 'Case' });
    const comment = await app.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'a',
    });
    const get = (etag?: string) =>
      app.rest.issues
        .listCommentsForRepo({ ...tracking, headers: etag ? { 'if-none-match': etag } : {} })
        .catch((error: unknown) => error as { status: number; response: { headers: object } });
    const first = await app.rest.issues.listCommentsForRepo(tracking);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/".+"$/);
    await h.sandbox.advance('1h');
    expect(await get(etag)).toMatchObject({ status: 304 });

    await app.rest.issues.createComment({ ...tracking, issue_number: 1, body: 'b' });
    const added = await get(etag);
    expect(added).toMatchObject({ status: 200 });
    const addedEtag = (added as { headers: { etag: string } }).headers.etag;
    expect(addedEtag).not.toBe(etag);
    expect(await get(addedEtag)).toMatchObject({ status: 304 });

    await app.rest.issues.deleteComment({ ...tracking, comment_id: comment.data.id });
    const deleted = await get(addedEtag);
    expect(deleted).toMatchObject({ status: 200 });
    expect((deleted as { headers: { etag: string } }).headers.etag).not.toBe(addedEtag);
  });

  it('hides a private repository from someone without access', async () => {
    h = await startHarness();
    await expect(h.as('outsider').rest.issues.listCommentsForRepo(tracking)).rejects.toMatchObject({
      status: 404,
    });
  });
});
