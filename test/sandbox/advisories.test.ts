import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseScenario, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
});

const repo = { owner: 'acme', repo: 'widget' };
const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

async function report(): Promise<string> {
  const { data } = await h.as('reporter').rest.securityAdvisories.createPrivateVulnerabilityReport({
    ...repo,
    summary: 'Token leak in logs',
    description: 'The session token is logged at debug level.',
  });
  return data.ghsa_id;
}

describe('repository security advisories', () => {
  it('moves a report triage → draft → published, then refuses published → draft', async () => {
    const ghsa = await report();
    const app = await h.app();
    const draft = await app.rest.securityAdvisories.updateRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
      state: 'draft',
    });
    expect(draft.data).toMatchObject({ state: 'draft', submission: { accepted: true } });
    const published = await app.rest.securityAdvisories.updateRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
      state: 'published',
      vulnerabilities: [
        {
          package: { ecosystem: 'npm', name: 'widget' },
          vulnerable_version_range: '< 1.2.4',
          patched_versions: '1.2.4',
        },
      ],
    });
    expect(published.data.published_at).toBe('2025-03-03T09:00:00Z');
    await expect(
      app.rest.securityAdvisories.updateRepositoryAdvisory({
        ...repo,
        ghsa_id: ghsa,
        state: 'draft',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await h.sandbox.advance('1h');
    const events = h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`);
    expect(events).toEqual([
      'repository_advisory.reported',
      'repository_advisory.published',
      'security_advisory.published',
    ]);
    expect(h.sandbox.core.state.advisoryDatabase.has(ghsa)).toBe(true);
    const global = h.receiver.hooks.at(-1)!;
    expect(global.payload.installation).toBeUndefined();
    expect(global.payload.security_advisory).toMatchObject({ ghsa_id: ghsa });
  });

  it('never sends security_advisory.published when the database does not review the advisory', async () => {
    const scenario = baseScenario();
    scenario.settings = { advisoryDatabaseReview: 'unreviewed' };
    await h.close();
    h = await startHarness(scenario);
    const ghsa = await report();
    const app = await h.app();
    await app.rest.securityAdvisories.updateRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
      state: 'draft',
    });
    await app.rest.securityAdvisories.updateRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
      state: 'published',
    });
    expect(await h.sandbox.advance('30d')).toEqual([]);
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'repository_advisory.reported',
      'repository_advisory.published',
    ]);
    expect(h.sandbox.core.state.advisoryDatabase.has(ghsa)).toBe(false);
  });

  it('rejects severity together with a vector, and reads a vector back under cvss_severities.cvss_v4', async () => {
    const app = await h.app();
    await expect(
      app.rest.securityAdvisories.createRepositoryAdvisory({
        ...repo,
        summary: 's',
        description: 'd',
        vulnerabilities: [],
        severity: 'high',
        cvss_vector_string: V4,
      }),
    ).rejects.toMatchObject({ status: 422 });
    const created = await app.rest.securityAdvisories.createRepositoryAdvisory({
      ...repo,
      summary: 'RCE',
      description: 'd',
      vulnerabilities: [],
      cvss_vector_string: V4,
    });
    expect(created.data.cvss_severities?.cvss_v4).toEqual({ vector_string: V4, score: 9.3 });
    expect(created.data.severity).toBe('critical');
  });

  it('replaces credits and collaborators as whole lists', async () => {
    const ghsa = await report();
    const app = await h.app();
    const update = (body: object) =>
      app.rest.securityAdvisories.updateRepositoryAdvisory({ ...repo, ghsa_id: ghsa, ...body });
    await update({
      credits: [{ login: 'reporter', type: 'finder' }],
      collaborating_users: ['reporter'],
    });
    const second = await update({
      credits: [{ login: 'maintainer', type: 'remediation_developer' }],
    });
    expect(second.data.credits).toEqual([{ login: 'maintainer', type: 'remediation_developer' }]);
    expect(second.data.credits_detailed?.[0]).toMatchObject({ state: 'pending' });
    expect(second.data.collaborating_users?.map((u) => u.login)).toEqual(['reporter']);
    await expect(
      update({ credits: [{ login: 'nobody-here', type: 'finder' }] }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('assigns a requested CVE only after the configured virtual delay', async () => {
    const ghsa = await report();
    const app = await h.app();
    const request = await app.rest.securityAdvisories.createRepositoryAdvisoryCveRequest({
      ...repo,
      ghsa_id: ghsa,
    });
    expect(request.status).toBe(202);
    await h.sandbox.advance('71h');
    const before = await app.rest.securityAdvisories.getRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
    });
    expect(before.data.cve_id).toBeNull();
    const fired = await h.sandbox.advance('2h');
    expect(fired).toEqual([`CVE assignment: ${ghsa}`]);
    const after = await app.rest.securityAdvisories.getRepositoryAdvisory({
      ...repo,
      ghsa_id: ghsa,
    });
    expect(after.data.cve_id).toMatch(/^CVE-2025-\d{5}$/);
    expect(after.data.identifiers).toContainEqual({ type: 'CVE', value: after.data.cve_id });
  });

  it('refuses a CVE request on a private repository with 422, as GitHub does', async () => {
    const app = await h.app();
    const { data } = await app.rest.securityAdvisories.createRepositoryAdvisory({
      owner: 'acme',
      repo: 'security-tracking',
      summary: 's',
      description: 'd',
      vulnerabilities: [],
    });
    await expect(
      app.rest.securityAdvisories.createRepositoryAdvisoryCveRequest({
        owner: 'acme',
        repo: 'security-tracking',
        ghsa_id: data.ghsa_id,
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('creates a temporary private fork the App itself cannot read', async () => {
    const ghsa = await report();
    const app = await h.app();
    const fork = await app.rest.securityAdvisories.createFork({ ...repo, ghsa_id: ghsa });
    expect(fork.status).toBe(202);
    expect(fork.data).toMatchObject({ name: `widget-${ghsa.toLowerCase()}`, private: true });
    await expect(app.rest.repos.get({ owner: 'acme', repo: fork.data.name })).rejects.toMatchObject(
      { status: 404 },
    );
    const maintainerView = await h
      .as('maintainer')
      .rest.repos.get({ owner: 'acme', repo: fork.data.name });
    expect(maintainerView.data.private).toBe(true);
  });

  it('shows a report to its reporter and admins but not to other users', async () => {
    const ghsa = await report();
    const mine = await h
      .as('reporter')
      .rest.securityAdvisories.getRepositoryAdvisory({ ...repo, ghsa_id: ghsa });
    expect(mine.data.author?.login).toBe('reporter');
    await expect(
      h.as('outsider').rest.securityAdvisories.getRepositoryAdvisory({ ...repo, ghsa_id: ghsa }),
    ).rejects.toMatchObject({ status: 404 });
    const list = await h
      .as('maintainer')
      .rest.securityAdvisories.listRepositoryAdvisories({ ...repo, state: 'triage' });
    expect(list.data.map((a) => a.ghsa_id)).toEqual([ghsa]);
  });

  it('serves the preview advisory comments API (marked preview in the request log)', async () => {
    const ghsa = await report();
    const app = await h.app();
    const route = 'POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments';
    const created = await app.request(route, {
      ...repo,
      ghsa_id: ghsa,
      body: 'Thanks, we are on it.',
    });
    expect(created.status).toBe(201);
    const list = await h
      .as('reporter')
      .request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments', {
        ...repo,
        ghsa_id: ghsa,
      });
    expect((list.data as { body: string }[]).map((c) => c.body)).toEqual(['Thanks, we are on it.']);
    expect(h.sandbox.requests().filter((r) => r.preview).length).toBe(2);
  });
});
