import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConditionalCache } from '../../src/github/conditional-cache.js';
import { createOctokitGitHub } from '../../src/github/octokit-github.js';
import type { ListedIssue } from '../../src/github/port.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const ISSUES = '/repos/acme/security-tracking/issues';
const SINCE = '2026-11-23T09:00:00.000Z';

/** An issue as GitHub lists it. */
function restIssue(number: number, extra: Record<string, unknown> = {}) {
  return {
    number,
    node_id: `I_${String(number)}`,
    title: `Case ${String(number)}`,
    body: `body of ${String(number)}`,
    state: 'open',
    html_url: `https://github.com/acme/security-tracking/issues/${String(number)}`,
    updated_at: '2026-11-23T09:05:00Z',
    labels: [{ name: 'security-advisory', color: 'b60205' }],
    user: { login: 'advisory-pilot[bot]', type: 'Bot' },
    ...extra,
  };
}

const query = (page: number) => ({
  state: 'all',
  since: SINCE,
  sort: 'updated',
  direction: 'asc',
  per_page: '100',
  page: String(page),
});

const next = (page: number) => ({
  link: `<${API}${ISSUES}?page=${String(page)}>; rel="next"`,
});

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function read(cache = new ConditionalCache()) {
  const github = createOctokitGitHub(new TestOctokit({ auth: 'token' }), cache);
  const pages: ListedIssue[][] = [];
  const end = await github.listChangedIssues('acme/security-tracking', SINCE, 5, async (issues) => {
    pages.push(issues);
    return Promise.resolve();
  });
  return { end, pages, cache };
}

describe('the listing of changed issues', () => {
  it('streams every page, with labels and updated_at, leaving pull requests out', async () => {
    const full = Array.from({ length: 100 }, (_, i) => restIssue(i + 1));
    nock(API)
      .get(ISSUES)
      .query(query(1))
      .reply(200, full, { etag: '"p1"', ...next(2) })
      .get(ISSUES)
      .query(query(2))
      .reply(200, [restIssue(101, { state: 'closed' }), restIssue(102, { pull_request: {} })], {
        etag: '"p2"',
      });
    const { end, pages } = await read();
    expect(end).toEqual({});
    expect(pages.map((p) => p.length)).toEqual([100, 1]);
    expect(pages[1]?.[0]).toEqual({
      number: 101,
      title: 'Case 101',
      body: 'body of 101',
      state: 'closed',
      url: 'https://github.com/acme/security-tracking/issues/101',
      nodeId: 'I_101',
      author: 'advisory-pilot[bot]',
      updatedAt: '2026-11-23T09:05:00Z',
      labels: ['security-advisory'],
    });
  });

  it('says it was cut short when a page is short yet links another', async () => {
    nock(API)
      .get(ISSUES)
      .query(query(1))
      .reply(200, [restIssue(1)], next(2));
    const { end, pages } = await read();
    expect(end.truncated).toEqual({
      reason: 'page 1 held 1 of 100 items yet linked a next page',
      tooLong: false,
    });
    expect(pages).toHaveLength(1);
  });

  it('says it was too long past its page budget', async () => {
    const full = (from: number) => Array.from({ length: 100 }, (_, i) => restIssue(from + i));
    const scope = nock(API);
    for (let page = 1; page <= 5; page++)
      scope
        .get(ISSUES)
        .query(query(page))
        .reply(200, full(page * 100), next(page + 1));
    const { end } = await read();
    expect(end.truncated).toEqual({ reason: 'more than 5 pages of changed issues', tooLong: true });
  });

  it('answers a 304 with an empty page and keeps no body in the cache', async () => {
    const cache = new ConditionalCache();
    nock(API)
      .get(ISSUES)
      .query(query(1))
      .reply(200, [restIssue(1, { body: 'x'.repeat(10_000) })], { etag: '"p1"' })
      .get(ISSUES)
      .query(query(1))
      .matchHeader('if-none-match', '"p1"')
      .reply(304);
    const first = await read(cache);
    expect(first.pages[0]).toHaveLength(1);
    expect(cache.stats.bytes).toBeLessThan(1_000);
    const second = await read(cache);
    expect(second.pages).toEqual([[]]);
    expect(second.end).toEqual({});
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
  });
});

describe('the ETag cache', () => {
  it('is bounded by bytes, dropping the least recently used entries first', () => {
    const cache = new ConditionalCache(10_000);
    const page = (n: number) => ({ etag: `"${String(n)}"`, data: 'x'.repeat(1_000) });
    for (let n = 0; n < 4; n++) cache.set(`k${String(n)}`, page(n)); // about 2 KB each
    expect(cache.get('k0')).toBeDefined(); // used: now the most recent
    cache.set('k4', page(4));
    expect(cache.stats.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('k0')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k4')).toBeDefined();
  });

  it('keeps nothing larger than itself, and forgets an entry on request', () => {
    const cache = new ConditionalCache(1_000);
    cache.set('big', { etag: '"b"', data: 'x'.repeat(1_000) });
    expect(cache.get('big')).toBeUndefined();
    cache.set('small', { etag: '"s"', data: 'x' });
    expect(cache.delete('small')).toBe(true);
    expect(cache.delete('small')).toBe(false);
    expect(cache.stats).toMatchObject({ size: 0, bytes: 0 });
  });
});
