import { generateKeyPairSync } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ID, appJwt, sharedFixtures, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
});

describe('App authentication', () => {
  it('turns an RS256 App JWT into an installation token that reaches the installed repos', async () => {
    const jwt = appJwt(sharedFixtures().privateKey);
    const asApp = new Octokit({ auth: jwt, baseUrl: h.sandbox.url });
    const app = await asApp.rest.apps.getAuthenticated();
    expect(app.data?.id).toBe(APP_ID);
    const installations = await asApp.rest.apps.listInstallations();
    expect(
      installations.data.map((i) => (i.account && 'login' in i.account ? i.account.login : '')),
    ).toEqual(['acme']);
    const repoInstallation = await asApp.rest.apps.getRepoInstallation({
      owner: 'acme',
      repo: 'widget',
    });
    expect(repoInstallation.data.id).toBe(h.installationId);

    const token = await asApp.rest.apps.createInstallationAccessToken({
      installation_id: h.installationId,
    });
    expect(token.status).toBe(201);
    expect(token.data.token).toMatch(/^ghs_/);
    const asInstallation = new Octokit({ auth: token.data.token, baseUrl: h.sandbox.url });
    const repos = await asInstallation.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.repositories.map((r) => r.full_name)).toEqual([
      'acme/security-tracking',
      'acme/widget',
    ]);
    expect(h.sandbox.requests().at(-1)?.actor).toBe(`installation:${h.installationId}`);
  });

  it('works with the Octokit Probot uses (auth-app picks JWT or installation token per route)', async () => {
    const octokit = new ProbotOctokit({
      auth: {
        appId: APP_ID,
        privateKey: sharedFixtures().privateKey,
        installationId: h.installationId,
      },
      baseUrl: h.sandbox.url,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const issue = await octokit.rest.issues.create({
      owner: 'acme',
      repo: 'security-tracking',
      title: 'Tracking',
    });
    expect(issue.data.user?.login).toBe('advisory-pilot[bot]');
    const actors = h.sandbox.requests().map((r) => `${r.method} ${r.path} ${r.actor}`);
    expect(actors).toContain(`POST /app/installations/${h.installationId}/access_tokens app`);
  });

  it.each([
    [
      'a JWT signed with another key',
      () =>
        appJwt(
          generateKeyPairSync('rsa', { modulusLength: 1024 })
            .privateKey.export({ type: 'pkcs1', format: 'pem' })
            .toString(),
        ),
    ],
    ['a JWT for another App', () => appJwt(sharedFixtures().privateKey, APP_ID + 1)],
    [
      'an expired JWT',
      () => appJwt(sharedFixtures().privateKey, APP_ID, Math.floor(Date.now() / 1000) - 3600),
    ],
    ['an unknown token', () => 'ghs_not-a-token-we-issued'],
  ])('answers 401 to %s', async (_name, credential) => {
    const octokit = new Octokit({ auth: credential(), baseUrl: h.sandbox.url });
    await expect(octokit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });

  it('keeps installation tokens out of App-only routes and hides private repos from strangers', async () => {
    const app = await h.app();
    await expect(app.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    await expect(
      h.as('outsider').rest.issues.listForRepo({ owner: 'acme', repo: 'security-tracking' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('webhooks', () => {
  it('delivers a signed repository_advisory.reported when a reporter files a private report', async () => {
    const report = await h.as('reporter').rest.securityAdvisories.createPrivateVulnerabilityReport({
      owner: 'acme',
      repo: 'widget',
      summary: 'Path traversal in the file loader',
      description: 'Send ../../etc/passwd to /load',
      severity: 'high',
    });
    expect(report.data.state).toBe('triage');
    await h.sandbox.settled();
    const hook = h.receiver.hooks.find((x) => x.event === 'repository_advisory');
    expect(hook).toMatchObject({ action: 'reported', signatureValid: true });
    expect(hook?.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook?.payload.installation).toMatchObject({ id: h.installationId });
    expect(hook?.payload.repository_advisory).toMatchObject({
      ghsa_id: report.data.ghsa_id,
      state: 'triage',
    });
    expect(hook?.payload.sender).toMatchObject({ login: 'reporter' });
  });

  it('records deliveries for the deliveries API and redelivers a dropped one under the same GUID', async () => {
    await fetch(`${h.sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ dropWebhooks: 1 }),
    });
    const app = await h.app();
    await app.rest.issues.create({ owner: 'acme', repo: 'security-tracking', title: 'Case 1' });
    await h.sandbox.settled();
    expect(h.receiver.hooks).toEqual([]);

    const asApp = new Octokit({
      auth: appJwt(sharedFixtures().privateKey),
      baseUrl: h.sandbox.url,
    });
    const failed = await asApp.rest.apps.listWebhookDeliveries({ status: 'failure' });
    expect(failed.data).toHaveLength(1);
    const [delivery] = failed.data;
    expect(delivery).toMatchObject({
      event: 'issues',
      action: 'opened',
      installation_id: h.installationId,
    });
    await asApp.rest.apps.redeliverWebhookDelivery({ delivery_id: delivery!.id });
    await h.sandbox.settled();
    expect(h.receiver.hooks.map((x) => [x.event, x.action, x.guid])).toEqual([
      ['issues', 'opened', delivery!.guid],
    ]);
    const detail = await asApp.rest.apps.getWebhookDelivery({ delivery_id: delivery!.id });
    expect(detail.data.request.payload).toMatchObject({ action: 'opened' });
  });

  it('marks a delivery failed when the App answers 500 or cannot be reached', async () => {
    h.receiver.status = 500;
    const app = await h.app();
    await app.rest.issues.create({ owner: 'acme', repo: 'security-tracking', title: 'Case 2' });
    h.sandbox.setWebhookUrl('http://127.0.0.1:9/unreachable');
    await app.rest.issues.create({ owner: 'acme', repo: 'security-tracking', title: 'Case 3' });
    await h.sandbox.settled();
    const statuses = h.sandbox.deliveries().map((d) => [d.statusCode, d.status.split(':')[0]]);
    expect(statuses).toEqual([
      [500, 'Invalid HTTP Response'],
      [0, 'failed to connect'],
    ]);
  });
});
