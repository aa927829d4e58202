import { requireRepo } from '../access.js';
import { actorLogin, recordPublicWrite } from '../core.js';
import { emitEvent } from '../events.js';
import { resolveCommit } from '../git-store.js';
import {
  json,
  notFound,
  pageReply,
  unprocessable,
  type RouteContext,
  type RouteTable,
  text,
} from '../http.js';
import { renderRun, renderWorkflow } from '../render-actions.js';
import { deployRun } from '../workflow-deploys.js';
import { apiUrl, htmlUrl } from '../render-core.js';
import { fullName, type Repo, type Workflow, type WorkflowRun } from '../state.js';

function workflowFor(repo: Repo, key: string | undefined): Workflow {
  const workflow = repo.workflows.find(
    (w) => String(w.id) === key || w.path === key || w.path.endsWith(`/${key ?? ''}`),
  );
  if (!workflow) throw notFound();
  return workflow;
}

function dispatch(ctx: RouteContext) {
  const repo = requireRepo(ctx, 'write', 'actions');
  const workflow = workflowFor(repo, ctx.params.workflow_id);
  const ref = text(ctx.body.ref, '').replace(/^refs\/(heads|tags)\//, '');
  const headSha = resolveCommit(repo.git, ref);
  if (!headSha) throw unprocessable(`No ref found for: ${ref}`);
  const inputs = (
    typeof ctx.body.inputs === 'object' && ctx.body.inputs !== null ? ctx.body.inputs : {}
  ) as Record<string, unknown>;
  const core = ctx.core;
  const at = core.clock.iso();
  const run: WorkflowRun = {
    id: core.state.nextId(),
    workflowId: workflow.id,
    runNumber: repo.runs.filter((r) => r.workflowId === workflow.id).length + 1,
    headBranch: ref,
    headSha,
    actor: actorLogin(core, ctx.actor),
    inputs,
    status: 'in_progress',
    conclusion: null,
    createdAt: at,
    updatedAt: at,
  };
  repo.runs.push(run);
  recordPublicWrite(core, repo, 'workflow-ref', ref, ctx.actor);
  if (Object.keys(inputs).length > 0)
    recordPublicWrite(core, repo, 'workflow-inputs', JSON.stringify(inputs), ctx.actor);
  const conclusion = workflow.conclusion;
  core.clock.schedule(
    core.clock.now() + workflow.durationMs,
    `workflow run ${run.id} (${workflow.path}) → ${conclusion}`,
    () => {
      if (conclusion === 'success') deployRun(core, repo, workflow, run);
      Object.assign(run, { status: 'completed', conclusion, updatedAt: core.clock.iso() });
      emitEvent(core, {
        event: 'workflow_run',
        action: 'completed',
        repo,
        sender: run.actor,
        fields: {
          workflow_run: renderRun(core, repo, run),
          workflow: renderWorkflow(core, repo, workflow),
        },
      });
    },
  );
  if (ctx.body.return_run_details !== true) return { status: 204 };
  return json(200, {
    workflow_run_id: run.id,
    run_url: apiUrl(core, `/repos/${fullName(repo)}/actions/runs/${run.id}`),
    html_url: htmlUrl(core, `/${fullName(repo)}/actions/runs/${run.id}`),
  });
}

/** Workflows and runs: dispatch (with run details), runs completing on the virtual clock. */
export function registerActionRoutes(routes: RouteTable): void {
  routes.set('actions/create-workflow-dispatch', dispatch);
  routes.set('actions/list-repo-workflows', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'actions');
    const page = pageReply(ctx, repo.workflows, (w) => renderWorkflow(ctx.core, repo, w));
    return { ...page, body: { total_count: repo.workflows.length, workflows: page.body } };
  });
  routes.set('actions/get-workflow', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'actions');
    return json(200, renderWorkflow(ctx.core, repo, workflowFor(repo, ctx.params.workflow_id)));
  });
  routes.set('actions/get-workflow-run', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'actions');
    const run = repo.runs.find((r) => String(r.id) === ctx.params.run_id);
    if (!run) throw notFound();
    return json(200, renderRun(ctx.core, repo, run));
  });
  const listRuns = (ctx: RouteContext, runs: WorkflowRun[], repo: Repo) => {
    const status = ctx.query.get('status');
    const branch = ctx.query.get('branch');
    const filtered = runs
      .filter(
        (r) =>
          (!status || r.status === status || r.conclusion === status) &&
          (!branch || r.headBranch === branch),
      )
      .sort((a, b) => b.id - a.id);
    const page = pageReply(ctx, filtered, (r) => renderRun(ctx.core, repo, r));
    return { ...page, body: { total_count: filtered.length, workflow_runs: page.body } };
  };
  routes.set('actions/list-workflow-runs', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'actions');
    const workflow = workflowFor(repo, ctx.params.workflow_id);
    return listRuns(
      ctx,
      repo.runs.filter((r) => r.workflowId === workflow.id),
      repo,
    );
  });
  routes.set('actions/list-workflow-runs-for-repo', (ctx) => {
    const repo = requireRepo(ctx, 'read', 'actions');
    return listRuns(ctx, repo.runs, repo);
  });
}
