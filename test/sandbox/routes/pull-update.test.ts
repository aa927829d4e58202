import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
});

const widget = { owner: 'acme', repo: 'widget' };

/** A pull request by `maintainer` from a branch with one commit. */
async function openPull(): Promise<number> {
  const lead = h.as('maintainer');
  const main = await lead.rest.git.getRef({ ...widget, ref: 'heads/main' });
  await lead.rest.git.createRef({ ...widget, ref: 'refs/heads/tidy', sha: main.data.object.sha });
  await lead.rest.repos.createOrUpdateFileContents({
    ...widget,
    path: 'tidy.txt',
    message: 'Tidy',
    content: Buffer.from('tidy\n').toString('base64'),
    branch: 'tidy',
  });
  const pr = await lead.rest.pulls.create({
    ...widget,
    title: 'Tidy',
    head: 'tidy',
    base: 'main',
    body: 'First words',
  });
  return pr.data.number;
}

function pullHooks() {
  return h.receiver.hooks
    .filter((x) => x.event === 'pull_request')
    .map((x) => ({ action: x.action, changes: x.payload.changes }));
}

describe('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', () => {
  it('edits title and body, sends pull_request.edited with the old values, records public writes', async () => {
    const number = await openPull();
    const lead = h.as('maintainer');
    const edited = await lead.rest.pulls.update({
      ...widget,
      pull_number: number,
      title: 'Tidy the form',
      body: 'Better words',
    });
    expect(edited.data).toMatchObject({ title: 'Tidy the form', body: 'Better words' });
    // The same values again change nothing and send nothing.
    await lead.rest.pulls.update({ ...widget, pull_number: number, body: 'Better words' });
    await h.sandbox.settled();
    expect(pullHooks()).toEqual([
      { action: 'opened', changes: undefined },
      {
        action: 'edited',
        changes: { title: { from: 'Tidy' }, body: { from: 'First words' } },
      },
    ]);
    expect(
      h.sandbox
        .publicWrites()
        .filter((w) => w.kind.startsWith('pull-request-'))
        .map((w) => `${w.kind}:${w.text}`),
    ).toEqual([
      'pull-request-title:Tidy',
      'pull-request-body:First words',
      'pull-request-title:Tidy the form',
      'pull-request-body:Better words',
    ]);
  });

  it('closes and reopens without merging', async () => {
    const number = await openPull();
    const lead = h.as('maintainer');
    const closed = await lead.rest.pulls.update({
      ...widget,
      pull_number: number,
      state: 'closed',
    });
    expect(closed.data).toMatchObject({ state: 'closed', merged: false });
    await lead.rest.pulls.update({ ...widget, pull_number: number, state: 'open' });
    await h.sandbox.settled();
    expect(pullHooks().map((x) => x.action)).toEqual(['opened', 'closed', 'reopened']);
  });

  it('refuses someone who is neither the author nor a writer, and an unknown number', async () => {
    const number = await openPull();
    await expect(
      h.as('outsider').rest.pulls.update({ ...widget, pull_number: number, title: 'Mine now' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      h.as('maintainer').rest.pulls.update({ ...widget, pull_number: 99, title: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      (await h.as('maintainer').rest.pulls.get({ ...widget, pull_number: number })).data.title,
    ).toBe('Tidy');
  });
});
