import { describe, expect, it } from 'vitest';
import { byApp, groupByCommands, isContentCreating } from '../../src/bench/lifecycle.js';
import type { RequestLogEntry } from '../../src/sandbox/index.js';

const entry = (method: string, path: string, actor = 'installation:1'): RequestLogEntry => ({
  at: '2026-11-22T00:00:00.000Z',
  method,
  path,
  status: 200,
  actor,
});

describe('lifecycle request accounting', () => {
  it.each([
    ['app', true],
    ['installation:7', true],
    ['user:alice', false],
    ['anonymous', false],
  ])('byApp(%s) is %s', (actor, expected) => {
    expect(byApp(entry('GET', '/x', actor))).toBe(expected);
  });

  it.each([
    ['GET', '/repos/a/b/issues', false],
    ['HEAD', '/repos/a/b', false],
    ['POST', '/app/installations/1/access_tokens', false],
    ['POST', '/repos/a/b/issues/1/comments', true],
    ['PATCH', '/repos/a/b/issues/1', true],
    ['PUT', '/repos/a/b/contents/x', true],
    ['DELETE', '/repos/a/b/git/refs/heads/x', true],
    ['POST', '/graphql', true],
  ])('isContentCreating(%s %s) is %s', (method, path, expected) => {
    expect(isContentCreating(entry(method, path))).toBe(expected);
  });

  it('groups comments by the commands they carried, first appearance first, as means', () => {
    const grouped = groupByCommands([
      { commands: ['/status'], made: [entry('GET', '/a'), entry('POST', '/b')] },
      { commands: ['/cve', '/advisory'], made: [entry('PATCH', '/c')] },
      {
        commands: ['/status'],
        made: [entry('GET', '/a'), entry('GET', '/a'), entry('GET', '/a'), entry('POST', '/b')],
      },
    ]);
    expect(grouped).toEqual([
      { commands: '/status', comments: 2, requests: 3, contentCreating: 1 },
      { commands: '/cve + /advisory', comments: 1, requests: 1, contentCreating: 1 },
    ]);
  });
});
