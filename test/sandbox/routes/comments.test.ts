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
