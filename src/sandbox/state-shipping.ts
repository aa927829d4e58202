/** What a repository ships with: workflows and their runs, releases, deployments. */

export interface Workflow {
  id: number;
  name: string;
  path: string;
  /** What the next run ends with; set by the seed or `/_sandbox/workflows`. */
  conclusion: 'success' | 'failure' | 'cancelled';
  durationMs: number;
  /** Environments a successful run deploys to (a deployment and a `success` status each). */
  deploys: string[];
}

export interface WorkflowRun {
  id: number;
  workflowId: number;
  runNumber: number;
  headBranch: string;
  headSha: string;
  actor: string;
  inputs: Record<string, unknown>;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Release {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface DeploymentStatus {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
  description: string;
  environment: string;
  /** '' when not given, as GitHub answers. */
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
}

export interface Deployment {
  id: number;
  sha: string;
  /** The ref as given (branch, tag or SHA). */
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  /** Where it was first meant to go; `environment` may change with a status. */
  originalEnvironment: string;
  environment: string;
  description: string | null;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  creator: string;
  createdAt: string;
  updatedAt: string;
  /** Oldest first. */
  statuses: DeploymentStatus[];
}
