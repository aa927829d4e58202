import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { addProductEvent as add } from './product-event.js';

/**
 * The release workflow finished, a release was published, a PR was merged: a `product-event`
 * job, one at a time per product repository, offered to each of its open cases.
 */
export function registerReleaseEventHandlers(app: Probot, state: AppState): void {
  app.on('workflow_run.completed', (context) => {
    const run = context.payload.workflow_run;
    return add(state, context, {
      type: 'workflow-run-completed',
      delivery: context.id,
      runId: run.id,
      conclusion: run.conclusion ?? 'unknown',
      url: run.html_url,
    });
  });
  app.on('release.published', (context) => {
    const release = context.payload.release;
    return add(state, context, {
      type: 'release-published',
      delivery: context.id,
      tag: release.tag_name,
      url: release.html_url,
    });
  });
  app.on('deployment_status.created', (context) => {
    const { deployment, deployment_status: status } = context.payload;
    return add(state, context, {
      type: 'deployment-status',
      delivery: context.id,
      environment: status.environment,
      state: status.state,
      ref: deployment.ref,
      sha: deployment.sha,
      // GitHub sends "" for an unset URL: the first one that is set.
      ...(status.log_url || status.target_url ? { url: status.log_url || status.target_url } : {}),
    });
  });
  app.on('pull_request.closed', (context) => {
    const pr = context.payload.pull_request;
    if (!pr.merged) return;
    return add(state, context, {
      type: 'pull-request-merged',
      delivery: context.id,
      number: pr.number,
    });
  });
}
