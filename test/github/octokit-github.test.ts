import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConditionalCache } from '../../src/github/conditional-cache.js';
import { createOctokitGitHub } from '../../src/github/octokit-github.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** A comment as GitHub returns it: far more than the App reads. */
function restComment(id: number) {
  return {
    id,
    node_id: `IC_${String(id)}`,
    url: `https://api.github.com/repos/acme/security-tracking/issues/comments/${String(id)}`,
    html_url: `https://github.com/acme/security-tracking/issues/7#issuecomment-${String(id)}`,
    body: `comment ${String(id)}`,
    user: { login: 'maintainer-max', id: 1, type: 'User', avatar_url: 'https://x/y.png' },
    created_at: '2026-11-20T15:00:00Z',
    updated_at: '2026-11-20T15:00:00Z',
    author_association: 'MEMBER',
    reactions: { total_count: 0, '+1': 0, url: 'https://api.github.com/x' },
  };
}

const COMMENTS = '/repos/acme/security-tracking/issues/7/comments';

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** An advisory as the REST API lists it. */
function restAdvisory(ghsaId: string, state: string) {
  return {
    ghsa_id: ghsaId,
    state,
    summary: 'Path traversal in the file upload endpoint',
    description: 'Uploads escape the folder.',
    html_url: `https://github.com/acme/widget/security/advisories/${ghsaId}`,
    created_at: '2026-11-20T14:30:00Z',
    updated_at: '2026-11-20T14:30:00Z',
    published_at: null,
    cve_id: null,
    severity: 'high',
    author: { login: 'reporter-jane' },
    vulnerabilities: [],
  };
}

describe('conditional listings', () => {
  it('cache only the fields the App reads, and answer a 304 from them', async () => {
    const cache = new ConditionalCache();
    const github = createOctokitGitHub(new TestOctokit({ auth: 'token' }), cache);
    const scope = nock('https://api.github.com')
      .get(COMMENTS)
      .query({ per_page: '100', page: '1' })
      .reply(200, [restComment(1), restComment(2)], { etag: '"v1"' })
      .get(COMMENTS)
      .query({ per_page: '100', page: '1' })
      .matchHeader('if-none-match', '"v1"')
      .reply(304);

    const first = await github.listComments('acme/security-tracking', 7);
    const second = await github.listComments('acme/security-tracking', 7);

    expect(second).toEqual(first);
    expect(first[1]).toEqual({
      id: 2,
      nodeId: 'IC_2',
      body: 'comment 2',
      author: 'maintainer-max',
      authorType: 'User',
      createdAt: '2026-11-20T15:00:00Z',
      updatedAt: '2026-11-20T15:00:00Z',
    });
    const entry = cache.get<unknown[]>('comments:acme/security-tracking#7:1');
    expect(entry?.etag).toBe('"v1"');
    expect(JSON.stringify(entry?.data)).not.toMatch(/avatar_url|reactions|author_association/);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(scope.isDone()).toBe(true);
  });

  it('the repository-wide comment listing sends its ETag whatever the window, and reads a 304', async () => {
    const cache = new ConditionalCache();
    const github = createOctokitGitHub(new TestOctokit({ auth: 'token' }), cache);
    const REPO_COMMENTS = '/repos/acme/security-tracking/issues/comments';
    const query = (since: string) => ({
      since,
      sort: 'updated',
      direction: 'asc',
      per_page: '100',
      page: '1',
    });
    const issueUrl = 'https://api.github.com/repos/acme/security-tracking/issues/7';
    const scope = nock('https://api.github.com')
      .get(REPO_COMMENTS)
      .query(query('2026-11-20T14:00:00.000Z'))
      .reply(200, [{ ...restComment(1), issue_url: issueUrl }], { etag: '"r1"' })
      .get(REPO_COMMENTS)
      .query(query('2026-11-20T14:10:00.000Z'))
      .matchHeader('if-none-match', '"r1"')
      .reply(304);

    const first = await github.listRepoComments(
      'acme/security-tracking',
      '2026-11-20T14:00:00.000Z',
    );
    const second = await github.listRepoComments(
      'acme/security-tracking',
      '2026-11-20T14:10:00.000Z',
    );

    expect(first.items.map((c) => [c.id, c.issue])).toEqual([[1, 7]]);
    expect(second).toEqual(first);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(scope.isDone()).toBe(true);
  });

  it('poll advisories: one GitHub shape the App does not know is named apart, the rest are read', async () => {
    const github = createOctokitGitHub(new TestOctokit({ auth: 'token' }), new ConditionalCache());
    nock('https://api.github.com')
      .get('/repos/acme/widget/security-advisories')
      .query({ sort: 'updated', direction: 'desc', per_page: '100' })
      .reply(200, [
        restAdvisory('GHSA-2c5f-hj7m-pq9r', 'triage'),
        restAdvisory('GHSA-3m4p-9vcf-x2h8', 'under_review'),
      ]);

    const poll = await github.pollAdvisories('acme/widget', false);

    expect(poll.polled.map((p) => [p.advisory.ghsaId, p.updatedAt])).toEqual([
      ['GHSA-2c5f-hj7m-pq9r', '2026-11-20T14:30:00Z'],
    ]);
    expect(poll.unreadable).toHaveLength(1);
    expect(poll.unreadable[0]?.ghsaId).toBe('GHSA-3m4p-9vcf-x2h8');
    expect(poll.unreadable[0]?.reason).toMatch(
      /^advisory GHSA-3m4p-9vcf-x2h8 does not fit: state /,
    );
  });
});
