import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { decodeCaseFile } from '../../src/domain/case-file-codec.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import { createApp } from '../../src/index.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

const API = 'https://api.github.com';
const SECRET = 'test-secret';
const TRACKING = { repo: 'acme/security-tracking', issue: 7 };
const CONFIG = 'tracking:\n  repository: acme/security-tracking\n';

/** A `repository_advisory.reported` payload built from the webhook schema's required fields. */
function reportedPayload(repoPrivate = false) {
  return {
    action: 'reported',
    installation: { id: 99, node_id: 'I_99' },
    repository: {
      id: 1,
      node_id: 'R_1',
      name: 'widget',
      full_name: 'acme/widget',
      private: repoPrivate,
      owner: { login: 'acme', id: 2, type: 'Organization' },
    },
    sender: { login: 'reporter-jane', id: 3, type: 'User' },
    repository_advisory: {
      ghsa_id: 'GHSA-2c5f-hj7m-pq9r',
      cve_id: null,
      url: `${API}/repos/acme/widget/security-advisories/GHSA-2c5f-hj7m-pq9r`,
      html_url: 'https://github.com/acme/widget/security/advisories/GHSA-2c5f-hj7m-pq9r',
      summary: 'Path traversal in the file upload endpoint',
      description:
        'Uploading ../../x writes outside the upload directory in 0.71.0: an attacker can overwrite server files. Steps to reproduce: curl -F "file=@x;filename=../../x".',
      severity: 'high',
      author: { login: 'reporter-jane', id: 3, type: 'User' },
      publisher: null,
      identifiers: [{ type: 'GHSA', value: 'GHSA-2c5f-hj7m-pq9r' }],
      state: 'triage',
      created_at: '2026-11-20T14:30:00Z',
      updated_at: '2026-11-20T14:30:00Z',
      published_at: null,
      closed_at: null,
      withdrawn_at: null,
      submission: { accepted: false },
      vulnerabilities: [
        {
          package: { ecosystem: 'npm', name: '@acme/widget' },
          vulnerable_version_range: '< 0.71.1',
          patched_versions: null,
          vulnerable_functions: [],
        },
      ],
      cvss_severities: { cvss_v3: null, cvss_v4: null },
      cwes: [],
      cwe_ids: [],
      credits: [],
      credits_detailed: [],
      collaborating_users: null,
      collaborating_teams: null,
      private_fork: null,
    },
  };
}

describe('repository_advisory.reported', () => {
  let probot: Probot;
  let state: AppState;

  beforeEach(async () => {
    nock.disableNetConnect();
    probot = new Probot({ githubToken: 'test', Octokit: TestOctokit, logLevel: 'fatal' });
    await probot.load(
      createApp({
        onState: (s) => {
          state = s;
        },
        botLogin: 'advisory-pilot[bot]',
        stateSecret: SECRET,
        now: () => new Date('2026-11-20T15:00:00Z'),
      }),
      { cwd: process.cwd(), addHandler: () => undefined },
    );
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('opens a tracking issue in the private tracking repository and writes the case file and status into its body, posting no comment', async () => {
    const bodies: Record<string, unknown> = {};
    const scope = nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' })
      .get('/repos/acme/security-tracking')
      .reply(200, { private: true, default_branch: 'main' })
      .get('/repos/acme/security-tracking/issues')
      .query({ labels: 'security-advisory', state: 'all', per_page: '100' })
      .reply(200, [])
      .get('/repos/acme/security-tracking/labels/security-advisory')
      .reply(404, { message: 'Not Found' })
      .post(
        '/repos/acme/security-tracking/labels',
        (body: unknown) => ((bodies.label = body), true),
      )
      .reply(201, {})
      .post(
        '/repos/acme/security-tracking/issues',
        (body: unknown) => ((bodies.issue = body), true),
      )
      .reply(201, {
        number: 7,
        title: 't',
        body: 'intro',
        state: 'open',
        html_url: 'https://github.com/acme/security-tracking/issues/7',
      })
      // The issue the App just created is not read back (its body came with the 201), and it
      // has no older state: its comments are not read.
      .patch(
        '/repos/acme/security-tracking/issues/7',
        (body: unknown) => ((bodies.status = body), true),
      )
      .reply(200, {});

    await probot.receive({
      name: 'repository_advisory',
      id: 'delivery-1',
      payload: reportedPayload() as never,
    });
    await state.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(bodies.label).toEqual({
      name: 'security-advisory',
      color: 'b60205',
      description: 'Security advisory case tracked by Advisory Pilot',
    });
    expect(bodies.issue).toEqual({
      title: '[GHSA-2c5f-hj7m-pq9r] Path traversal in the file upload endpoint',
      body: [
        '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->',
        'Security advisory case for https://github.com/acme/widget/security/advisories/GHSA-2c5f-hj7m-pq9r on `acme/widget`.',
        '',
        'Maintainers drive it with slash-commands in comments (`/help`). The App keeps the status below up to date; text outside the status markers is yours.',
      ].join('\n'),
      labels: ['security-advisory'],
    });
    // An event posts no comment (no mock for one: it would fail the job); the one write of the
    // tracking issue is its body, holding the status section and the signed case file.
    expect(state.jobs.failures).toBe(0);
    const body = (bodies.status as { body: string }).body;
    expect(Object.keys(bodies.status as object)).toEqual(['body']);
    await expect(body).toMatchFileSnapshot('./__golden__/reported-body.md');
    expect(
      body.startsWith('<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro\n\n'),
    ).toBe(true);
    expect(body).toContain('<!-- advisory-pilot:status:start -->');
    expect(body).toContain(
      '| Acknowledge the reporter (3 business days) | 2026-11-25 14:30 UTC | ⏳ due in 3 business days — `/ack` |',
    );
    const read = decodeCaseFile(body, TRACKING, SECRET);
    if (read.kind !== 'found') throw new Error(`no case file: ${read.kind}`);
    expect(read.file.deliveries).toEqual(['delivery-1']);
    expect(read.file.pending).toEqual([]);
    expect(read.file.outbox).toEqual([]);
    expect(read.file.comments).toEqual([]);
    expect(read.file.log.map((e) => e.note)).toEqual(['Case opened']);
    const opened = expectedCase(read.file);
    expect(opened).toMatchObject({
      phase: 'triage',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      repo: 'acme/widget',
      reporter: 'reporter-jane',
      reportedAt: '2026-11-20T14:30:00Z',
      tracking: TRACKING,
    });
  });

  it('refuses a public product repository without a tracking repository, writing nothing', async () => {
    const scope = nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(404)
      .get('/repos/acme/.github/contents/.github%2Fadvisory-pilot.yml')
      .reply(404);
    await probot.receive({
      name: 'repository_advisory',
      id: 'delivery-2',
      payload: reportedPayload(false) as never,
    });
    await state.idle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('refuses a tracking repository that is not private, and tells the maintainers on the advisory only', async () => {
    let told = '';
    const scope = nock(API)
      .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
      .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' })
      .get('/repos/acme/security-tracking')
      .reply(200, { private: false, default_branch: 'main' })
      // No private place to write a notice: the owner's `.github` repository does not exist.
      .get('/repos/acme/.github')
      .reply(404, { message: 'Not Found' })
      .post(
        '/repos/acme/widget/security-advisories/GHSA-2c5f-hj7m-pq9r/comments',
        (body: { body: string }) => {
          told = body.body;
          return true;
        },
      )
      .reply(201, { id: 1 });
    const logged = vi.spyOn(probot.log, 'error').mockImplementation(() => undefined);
    await probot.receive({
      name: 'repository_advisory',
      id: 'delivery-3',
      payload: reportedPayload() as never,
    });
    await state.idle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(state.jobs.failures).toBe(0);
    expect(told).toBe(
      'For the maintainers: Advisory Pilot could not open a case for this report because its tracking repository `acme/security-tracking` is public, and a tracking issue there would publish the report. Point `tracking.repository` at a private repository. Until that is fixed, handle this report by hand.',
    );
    expect(logged.mock.calls.some((c) => c[1] === 'report not tracked')).toBe(true);
  });
});
