import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertSchema } from '../../src/sandbox/openapi/convert.js';
import { shapeComponent } from '../../src/sandbox/openapi/shape.js';
import { sharedFixtures, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `token ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${h.sandbox.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function violationsFor(path: string) {
  return h.sandbox.violations().filter((v) => v.path === path);
}

describe('the validator bites over HTTP', () => {
  it('reports an undocumented route and answers 404 Not Found', async () => {
    const response = await call('GET', '/repos/acme/widget/not-a-github-route');
    expect(response).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect(violationsFor('/repos/acme/widget/not-a-github-route')).toEqual([
      expect.objectContaining({ kind: 'undocumented-route', method: 'GET' }),
    ]);
  });

  it('reports a malformed body and answers 422 like GitHub', async () => {
    const path = '/repos/acme/widget/issues';
    const response = await call(
      'POST',
      path,
      { title: 'ok', labels: 'not-an-array' },
      h.tokens.maintainer,
    );
    expect(response.status).toBe(422);
    expect(violationsFor(path)).toEqual([
      expect.objectContaining({
        kind: 'request',
        operationId: 'issues/create',
        message: expect.stringContaining('/labels'),
      }),
    ]);
  });

  it('reports unknown query parameters and bodies that are not JSON', async () => {
    await call('GET', '/repos/acme/widget/issues?colour=red', undefined, h.tokens.maintainer);
    expect(violationsFor('/repos/acme/widget/issues').at(-1)).toMatchObject({
      kind: 'request',
      message: 'unknown query parameter "colour"',
    });
    const broken = await call(
      'POST',
      '/repos/acme/widget/labels',
      '{"name": ',
      h.tokens.maintainer,
    );
    expect(broken.status).toBe(400);
    expect(violationsFor('/repos/acme/widget/labels')).toEqual([
      expect.objectContaining({ kind: 'request', message: 'body is not JSON' }),
    ]);
  });

  it('reports a documented operation the sandbox does not implement', async () => {
    const response = await call(
      'GET',
      '/repos/acme/widget/stargazers',
      undefined,
      h.tokens.maintainer,
    );
    expect(response.status).toBe(501);
    expect(violationsFor('/repos/acme/widget/stargazers')).toEqual([
      expect.objectContaining({
        kind: 'unimplemented',
        operationId: 'activity/list-stargazers-for-repo',
      }),
    ]);
  });
});

describe('the validator itself', () => {
  const { validator } = sharedFixtures();

  it('rejects a response body that misses required fields of the documented schema', () => {
    const match = validator.match('GET', '/repos/acme/widget/issues/1')!;
    expect(validator.validateResponse(match, 200, { id: 1, title: 'x' })[0]).toContain(
      'must have required property',
    );
    expect(validator.validateResponse(match, 418, { message: 'teapot' })).toEqual([
      'status 418 is not documented',
    ]);
  });

  it('accepts what the shaper completes from a partial, and rejects a wrong type inside it', () => {
    const match = validator.match('GET', '/repos/acme/widget/labels/bug')!;
    const ctx = {
      doc: validator.github,
      now: '2025-03-03T09:00:00Z',
      baseUrl: 'http://127.0.0.1/',
    };
    expect(
      validator.validateResponse(
        match,
        200,
        shapeComponent(ctx, 'label', { name: 'bug', color: 'ff0000' }),
      ),
    ).toEqual([]);
    expect(
      validator.validateResponse(match, 200, shapeComponent(ctx, 'label', { name: 7 })),
    ).not.toEqual([]);
  });

  it('checks webhook payloads against the x-webhooks schemas', () => {
    expect(validator.validateWebhook('issues', 'opened', { action: 'opened' })[0]).toContain(
      'must have required property',
    );
    expect(validator.validateWebhook('security_advisory', 'performed', {})).toEqual([
      'webhook "security-advisory-performed" is not documented',
    ]);
  });

  it.each([
    [
      'POST',
      '/repos/a/b/security-advisories/reports',
      'security-advisories/create-private-vulnerability-report',
      {},
    ],
    [
      'GET',
      '/repos/a/b/security-advisories/GHSA-1',
      'security-advisories/get-repository-advisory',
      { ghsa_id: 'GHSA-1' },
    ],
    ['GET', '/repos/a/b/contents/docs/a%20b/c.md', 'repos/get-content', { path: 'docs/a b/c.md' }],
    ['GET', '/repos/a/b/git/ref/heads%2Fdeploy%2Fx', 'git/get-ref', { ref: 'heads/deploy/x' }],
    [
      'PATCH',
      '/repos/a/b/security-advisories/G/comments/5',
      'security-advisories/update-comment',
      { comment_id: '5' },
    ],
  ])('matches %s %s to %s', (method, path, operationId, params) => {
    const match = validator.match(method, path);
    expect(match?.operationId).toBe(operationId);
    expect(match?.params).toMatchObject(params);
  });

  it('turns OpenAPI nullable into JSON Schema null types', () => {
    expect(convertSchema({ type: 'string', nullable: true, enum: ['a'] }).schema).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(
      convertSchema({ nullable: true, allOf: [{ $ref: '#/components/schemas/simple-user' }] }).refs,
    ).toEqual(new Set(['simple-user']));
  });
});
