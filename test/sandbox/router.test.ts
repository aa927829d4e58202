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

const tracking = { owner: 'acme', repo: 'security-tracking' };

/** A raw GET as the App's conditional reads send it, so the 304 itself can be inspected. */
async function conditionalGet(path: string, etag?: string) {
  const token = h.tokens.maintainer ?? '';
  const headers: Record<string, string> = { authorization: `token ${token}` };
  if (etag !== undefined) headers['if-none-match'] = etag;
  const response = await fetch(`${h.sandbox.url}${path}`, { headers });
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    text: await response.text(),
  };
}

describe('ETags on single resources', () => {
  it('answers GET /repos/{o}/{r}/issues/{n} with an ETag, 304 while unchanged, a new one after a PATCH', async () => {
    const maintainer = h.as('maintainer');
    await maintainer.rest.issues.create({ ...tracking, title: 'Case', body: 'v1' });
    const path = '/repos/acme/security-tracking/issues/1';
    const first = await conditionalGet(path);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);

    // Virtual time passing must not change the representation (the App polls across days).
    await h.sandbox.advance('3d');
    const unchanged = await conditionalGet(path, first.etag!);
    expect(unchanged).toEqual({ status: 304, etag: first.etag, text: '' });

    await maintainer.rest.issues.update({ ...tracking, issue_number: 1, body: 'v2' });
    const changed = await conditionalGet(path, first.etag!);
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text)).toMatchObject({ body: 'v2' });
    expect(changed.etag).not.toBe(first.etag);
    expect((await conditionalGet(path, changed.etag!)).status).toBe(304);
  });

  it('answers GET /repos/{o}/{r}/issues/comments/{id} the same way across an edit', async () => {
    const maintainer = h.as('maintainer');
    await maintainer.rest.issues.create({ ...tracking, title: 'Case' });
    const comment = await maintainer.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'v1',
    });
    const path = `/repos/acme/security-tracking/issues/comments/${comment.data.id}`;
    const first = await conditionalGet(path);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    await h.sandbox.advance('1h');
    expect(await conditionalGet(path, first.etag!)).toEqual({
      status: 304,
      etag: first.etag,
      text: '',
    });

    await maintainer.rest.issues.updateComment({
      ...tracking,
      comment_id: comment.data.id,
      body: 'v2',
    });
    const changed = await conditionalGet(path, first.etag!);
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text)).toMatchObject({ body: 'v2' });
    expect(changed.etag).not.toBe(first.etag);
    expect((await conditionalGet(path, changed.etag!)).status).toBe(304);
  });

  it('gives an issue a new ETag when a comment on it is deleted', async () => {
    const maintainer = h.as('maintainer');
    await maintainer.rest.issues.create({ ...tracking, title: 'Case' });
    const comment = await maintainer.rest.issues.createComment({
      ...tracking,
      issue_number: 1,
      body: 'x',
    });
    const path = '/repos/acme/security-tracking/issues/1';
    const before = await conditionalGet(path);
    await maintainer.rest.issues.deleteComment({ ...tracking, comment_id: comment.data.id });
    const after = await conditionalGet(path, before.etag!);
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text)).toMatchObject({ comments: 0 });
  });

  it('matches If-None-Match weakly and in a list, as HTTP compares it', async () => {
    await h.as('maintainer').rest.issues.create({ ...tracking, title: 'Case' });
    const path = '/repos/acme/security-tracking/issues/1';
    const { etag } = await conditionalGet(path);
    const strong = etag!.replace(/^W\//, '');
    expect((await conditionalGet(path, strong)).status).toBe(304);
    expect((await conditionalGet(path, `W/"stale", ${etag!}`)).status).toBe(304);
    expect((await conditionalGet(path, 'W/"stale"')).status).toBe(200);
  });
});
