import type { SandboxCore } from './core.js';
import { apiUrl, htmlUrl, nodeId, renderRepo, renderUser, shaped } from './render-core.js';
import { fullName, type Repo, type Workflow, type WorkflowRun } from './state.js';

/** A workflow as `workflow` describes it. */
export function renderWorkflow(core: SandboxCore, repo: Repo, w: Workflow): unknown {
  const name = fullName(repo);
  return shaped(core, 'workflow', {
    id: w.id,
    node_id: nodeId('W', w.id),
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    url: apiUrl(core, `/repos/${name}/actions/workflows/${w.id}`),
    html_url: htmlUrl(core, `/${name}/blob/${repo.defaultBranch}/${w.path}`),
    badge_url: htmlUrl(core, `/${name}/workflows/${encodeURIComponent(w.name)}/badge.svg`),
  });
}

/** A run as `workflow-run` describes it (always dispatched: the sandbox has no other trigger). */
export function renderRun(
  core: SandboxCore,
  repo: Repo,
  run: WorkflowRun,
): Record<string, unknown> {
  const name = fullName(repo);
  const workflow = repo.workflows.find((w) => w.id === run.workflowId);
  const commit = repo.git.objects.get(run.headSha);
  const base = `/repos/${name}/actions/runs/${run.id}`;
  const signature =
    commit?.type === 'commit' ? commit.author : { name: '', email: '', date: run.createdAt };
  return shaped(core, 'workflow-run', {
    id: run.id,
    node_id: nodeId('WFR', run.id),
    name: workflow?.name ?? null,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflow?.path ?? '',
    display_title: workflow?.name ?? '',
    run_number: run.runNumber,
    run_attempt: 1,
    event: 'workflow_dispatch',
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url: apiUrl(core, base),
    html_url: htmlUrl(core, `/${name}/actions/runs/${run.id}`),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    actor: renderUser(core, run.actor),
    triggering_actor: renderUser(core, run.actor),
    jobs_url: apiUrl(core, `${base}/jobs`),
    logs_url: apiUrl(core, `${base}/logs`),
    check_suite_url: apiUrl(core, `/repos/${name}/check-suites/${run.id}`),
    artifacts_url: apiUrl(core, `${base}/artifacts`),
    cancel_url: apiUrl(core, `${base}/cancel`),
    rerun_url: apiUrl(core, `${base}/rerun`),
    workflow_url: apiUrl(core, `/repos/${name}/actions/workflows/${run.workflowId}`),
    pull_requests: [],
    head_commit: {
      id: run.headSha,
      tree_id: commit?.type === 'commit' ? commit.tree : '',
      message: commit?.type === 'commit' ? commit.message : '',
      timestamp: signature.date,
      author: { name: signature.name, email: signature.email },
      committer: { name: signature.name, email: signature.email },
    },
    repository: renderRepo(core, repo, 'minimal-repository'),
    head_repository: renderRepo(core, repo, 'minimal-repository'),
  }) as Record<string, unknown>;
}
