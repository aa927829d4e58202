import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP_PERMISSIONS, type ScenarioInput } from '../../src/sandbox/index.js';
import { baseScenario, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (!h) return;
  expect(h.sandbox.violations()).toEqual([]);
  await h.close();
  h = undefined;
});

const widget = { owner: 'acme', repo: 'widget' };

/** The App may write deployments here (the default installation only reads them). */
function deploymentWriter(): ScenarioInput {
  const scenario = baseScenario();
  scenario.installation = {
    account: 'acme',
    notify: false,
    permissions: { ...DEFAULT_APP_PERMISSIONS, deployments: 'write' },
  };
  return scenario;
}

function withDeploys(deploys: string[]): ScenarioInput {
  const scenario = baseScenario();
  scenario.repos![0]!.workflows = [
    { path: '.github/workflows/release.yml', name: 'Release', duration: '12m', deploys },
  ];
  return scenario;
}

describe('deployments', () => {
  it('creates, lists and reads deployments and statuses, sending deployment and deployment_status', async () => {
    h = await startHarness(deploymentWriter());
    const app = await h.app();
    const main = (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha;
    await app.rest.git.createRef({ ...widget, ref: 'refs/tags/v1.2.4', sha: main });
    const created = await app.rest.repos.createDeployment({
      ...widget,
      ref: 'v1.2.4',
      environment: 'canary',
      payload: { version: '1.2.4' },
      description: 'Canary 1.2.4',
      required_contexts: [],
    });
    expect(created.status).toBe(201);
    const deployment = created.data as { id: number; sha: string };
    expect(created.data).toMatchObject({
      sha: main,
      ref: 'v1.2.4',
      task: 'deploy',
      environment: 'canary',
      original_environment: 'canary',
      payload: { version: '1.2.4' },
      production_environment: false,
      creator: { login: 'advisory-pilot[bot]' },
      performed_via_github_app: { slug: 'advisory-pilot' },
    });
    const production = await app.rest.repos.createDeployment({ ...widget, ref: 'main' });
    expect(production.data).toMatchObject({
      environment: 'production',
      production_environment: true,
    });

    const status = await app.rest.repos.createDeploymentStatus({
      ...widget,
      deployment_id: deployment.id,
      state: 'success',
      environment_url: 'https://canary.example.com',
      log_url: 'https://ci.example.com/run/1',
      description: 'Canary is live',
    });
    expect(status.status).toBe(201);
    expect(status.data).toMatchObject({
      state: 'success',
      environment: 'canary',
      environment_url: 'https://canary.example.com',
      log_url: 'https://ci.example.com/run/1',
      target_url: 'https://ci.example.com/run/1',
    });
    expect(status.headers.location).toMatch(
      new RegExp(`/repos/acme/widget/deployments/${deployment.id}/statuses/${status.data.id}$`),
    );
    const bare = await app.rest.repos.createDeploymentStatus({
      ...widget,
      deployment_id: deployment.id,
      state: 'in_progress',
    });
    expect(bare.data).toMatchObject({ target_url: '', environment_url: '', log_url: '' });
    const statuses = await app.rest.repos.listDeploymentStatuses({
      ...widget,
      deployment_id: deployment.id,
    });
    expect(statuses.data.map((s) => s.state)).toEqual(['in_progress', 'success']);

    const listed = await app.rest.repos.listDeployments(widget);
    expect(listed.data.map((d) => d.environment)).toEqual(['production', 'canary']);
    const canary = await app.rest.repos.listDeployments({ ...widget, environment: 'canary' });
    expect(canary.data.map((d) => d.id)).toEqual([deployment.id]);
    expect((await app.rest.repos.listDeployments({ ...widget, sha: main })).data).toHaveLength(2);
    expect((await app.rest.repos.listDeployments({ ...widget, ref: 'v1.2.4' })).data).toHaveLength(
      1,
    );
    expect((await app.rest.repos.listDeployments({ ...widget, task: 'migrate' })).data).toEqual([]);
    const got = await app.rest.repos.getDeployment({ ...widget, deployment_id: deployment.id });
    expect(got.data.id).toBe(deployment.id);

    await h.sandbox.settled();
    expect(h.receiver.hooks.map((x) => `${x.event}.${x.action ?? ''}`)).toEqual([
      'push.',
      'deployment.created',
      'deployment.created',
      'deployment_status.created',
      'deployment_status.created',
    ]);
    const hook = h.hooksOf('deployment_status', 'created')[0]!;
    expect(hook.payload).toMatchObject({
      deployment_status: {
        state: 'success',
        environment: 'canary',
        creator: { login: 'advisory-pilot[bot]' },
      },
      deployment: { id: deployment.id, sha: main },
      repository: { full_name: 'acme/widget' },
      sender: { login: 'advisory-pilot[bot]' },
      installation: { id: h.installationId },
    });
    const kinds = h.sandbox.publicWrites().map((w) => `${w.kind}:${w.text}`);
    expect(kinds).toContain('deployment-description:Canary 1.2.4');
    expect(kinds).toContain('deployment-payload:{"version":"1.2.4"}');
    expect(kinds).toContain('deployment-status-description:Canary is live');
  });

  it('marks the earlier successful deployment of a non-production environment inactive', async () => {
    h = await startHarness(deploymentWriter());
    const app = await h.app();
    const deploy = async () => {
      const d = await app.rest.repos.createDeployment({
        ...widget,
        ref: 'main',
        environment: 'staging',
      });
      const id = (d.data as { id: number }).id;
      await app.rest.repos.createDeploymentStatus({
        ...widget,
        deployment_id: id,
        state: 'success',
      });
      return id;
    };
    const first = await deploy();
    await deploy();
    const statuses = await app.rest.repos.listDeploymentStatuses({
      ...widget,
      deployment_id: first,
    });
    expect(statuses.data.map((s) => s.state)).toEqual(['inactive', 'success']);
  });

  it('answers 422 for a ref that names nothing and 404 for an unknown deployment', async () => {
    h = await startHarness(deploymentWriter());
    const app = await h.app();
    await expect(app.rest.repos.createDeployment({ ...widget, ref: 'nope' })).rejects.toMatchObject(
      {
        status: 422,
        response: { data: { message: 'No ref found for: nope' } },
      },
    );
    await expect(
      app.rest.repos.getDeployment({ ...widget, deployment_id: 1 }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      app.rest.repos.createDeploymentStatus({ ...widget, deployment_id: 1, state: 'success' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      app.rest.repos.listDeploymentStatuses({ ...widget, deployment_id: 1 }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('lets the default installation read deployments but not create them; a maintainer may', async () => {
    h = await startHarness();
    const app = await h.app();
    await expect(app.rest.repos.createDeployment({ ...widget, ref: 'main' })).rejects.toMatchObject(
      {
        status: 403,
      },
    );
    const made = await h.as('maintainer').rest.repos.createDeployment({ ...widget, ref: 'main' });
    expect(made.data).toMatchObject({
      creator: { login: 'maintainer' },
      performed_via_github_app: null,
    });
    expect((await app.rest.repos.listDeployments(widget)).data).toHaveLength(1);
    const scenario = baseScenario();
    scenario.installation = { account: 'acme', notify: false, permissions: { contents: 'write' } };
    await h.sandbox.seed(scenario);
    const narrow = await h.app();
    await expect(narrow.rest.repos.listDeployments(widget)).rejects.toMatchObject({ status: 403 });
  });
});

describe('workflow runs that deploy', () => {
  async function dispatch(harness: Harness, ref: string): Promise<number> {
    const app = await harness.app();
    const answer = await app.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      { ...widget, workflow_id: 'release.yml', ref, return_run_details: true },
    );
    return (answer.data as { workflow_run_id: number }).workflow_run_id;
  }

  it('deploys each listed environment as github-actions[bot] when the run succeeds', async () => {
    h = await startHarness(withDeploys(['canary', 'production']));
    const app = await h.app();
    await app.rest.git.createRef({
      ...widget,
      ref: 'refs/heads/deploy/cloud/2025-03-03',
      sha: (await app.rest.git.getRef({ ...widget, ref: 'heads/main' })).data.object.sha,
    });
    const fix = await h.admin('git/commit', {
      repo: 'acme/widget',
      branch: 'deploy/cloud/2025-03-03',
      files: { 'fix.txt': 'fix\n' },
      message: 'Fix',
      by: 'maintainer',
    });
    const runId = await dispatch(h, 'deploy/cloud/2025-03-03');
    expect((await app.rest.repos.listDeployments(widget)).data).toEqual([]);
    await h.sandbox.advance('12m');
    const deployments = await app.rest.repos.listDeployments(widget);
    expect(deployments.data.map((d) => [d.environment, d.sha, d.ref, d.creator?.login])).toEqual([
      ['production', fix.body.sha, 'deploy/cloud/2025-03-03', 'github-actions[bot]'],
      ['canary', fix.body.sha, 'deploy/cloud/2025-03-03', 'github-actions[bot]'],
    ]);
    const statuses = await app.rest.repos.listDeploymentStatuses({
      ...widget,
      deployment_id: deployments.data[0]!.id,
    });
    expect(statuses.data).toMatchObject([
      { state: 'success', log_url: `https://github.com/acme/widget/actions/runs/${runId}` },
    ]);
    const events = h.receiver.hooks
      .map((x) => `${x.event}.${x.action ?? ''}`)
      .filter((e) => !e.startsWith('push'));
    expect(events).toEqual([
      'deployment.created',
      'deployment_status.created',
      'deployment.created',
      'deployment_status.created',
      'workflow_run.completed',
    ]);
    const created = h.hooksOf('deployment', 'created')[0]!.payload;
    expect(created).toMatchObject({
      deployment: { environment: 'canary' },
      workflow_run: { id: runId, status: 'in_progress' },
      workflow: { path: '.github/workflows/release.yml' },
      sender: { login: 'github-actions[bot]' },
    });
  });

  it('deploys nothing when the run fails', async () => {
    h = await startHarness(withDeploys(['production']));
    const outcome = await h.admin('workflows', {
      repo: 'acme/widget',
      workflow: 'release.yml',
      conclusion: 'failure',
    });
    expect(outcome.body).toMatchObject({ conclusion: 'failure', deploys: ['production'] });
    await dispatch(h, 'main');
    await h.sandbox.advance('12m');
    const app = await h.app();
    expect((await app.rest.repos.listDeployments(widget)).data).toEqual([]);
    expect(h.hooksOf('deployment')).toEqual([]);
    expect(h.hooksOf('workflow_run', 'completed')).toHaveLength(1);
  });

  it('sets the environments of a workflow from the admin route', async () => {
    h = await startHarness();
    const outcome = await h.admin('workflows', {
      repo: 'acme/widget',
      workflow: 'release.yml',
      conclusion: 'success',
      deploys: ['staging'],
    });
    expect(outcome.body).toMatchObject({ deploys: ['staging'] });
    await dispatch(h, 'main');
    await h.sandbox.advance('12m');
    const app = await h.app();
    const listed = await app.rest.repos.listDeployments(widget);
    expect(listed.data.map((d) => d.environment)).toEqual(['staging']);
  });
});
