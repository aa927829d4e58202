import type { Permission } from '../domain/inputs.js';
import { PER_PAGE, statusOf, type ConditionalGet, type Octokit } from './conditional-get.js';
import { commitFilesWithGitData, commitToNewBranchWithGitData } from './git-commit.js';
import {
  repoRef,
  type GitHubPort,
  type InstallationRepository,
  type PullRequestState,
  type ReleaseState,
  type WorkflowRunState,
} from './port.js';

/** The port's repository operations: git data, files, pull requests, workflows, permissions. */
export type RepositoryOperations = Pick<
  GitHubPort,
  | 'getRepository'
  | 'getBranchSha'
  | 'createBranch'
  | 'createBranchIfMissing'
  | 'getFile'
  | 'listDirectory'
  | 'commitFiles'
  | 'commitToNewBranch'
  | 'findOpenPullRequest'
  | 'createPullRequest'
  | 'dispatchWorkflow'
  | 'findWorkflowRun'
  | 'getWorkflowRun'
  | 'listRecentReleases'
  | 'getPullRequest'
  | 'getPermission'
  | 'isTeamMember'
  | 'listInstallationRepositories'
>;

/** Repository operations over an installation's Octokit. */
export function repositoryOperations(octokit: Octokit, get: ConditionalGet): RepositoryOperations {
  return {
    async getRepository(repo) {
      const { data } = await octokit.rest.repos.get({ ...repoRef(repo) });
      return {
        private: data.private,
        defaultBranch: data.default_branch,
        ...(data.created_at ? { createdAt: data.created_at } : {}),
      };
    },
    async getBranchSha(repo, branch) {
      try {
        const { data } = await octokit.rest.git.getRef({
          ...repoRef(repo),
          ref: `heads/${branch}`,
        });
        return data.object.sha;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async createBranch(repo, branch, sha) {
      await octokit.rest.git.createRef({ ...repoRef(repo), ref: `refs/heads/${branch}`, sha });
    },
    async createBranchIfMissing(repo, branch, sha) {
      try {
        await octokit.rest.git.createRef({ ...repoRef(repo), ref: `refs/heads/${branch}`, sha });
        return true;
      } catch (error) {
        // GitHub's answer for an existing ref; any other 422 (a bad SHA) is a real failure.
        if (
          statusOf(error) === 422 &&
          error instanceof Error &&
          /already exists/i.test(error.message)
        )
          return false;
        throw error;
      }
    },
    async getFile(repo, path, ref) {
      try {
        const { data } = await octokit.rest.repos.getContent({ ...repoRef(repo), path, ref });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
        return { content: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async listDirectory(repo, path, ref) {
      try {
        const { data } = await octokit.rest.repos.getContent({ ...repoRef(repo), path, ref });
        return Array.isArray(data) ? data.map((entry) => entry.name) : [];
      } catch (error) {
        if (statusOf(error) === 404) return [];
        throw error;
      }
    },
    commitFiles: (repo, branch, message, files, head) =>
      commitFilesWithGitData(octokit, repo, branch, message, files, head),
    commitToNewBranch: (repo, branch, baseSha, message, files) =>
      commitToNewBranchWithGitData(octokit, repo, branch, baseSha, message, files),
    async findOpenPullRequest(repo, head) {
      const ref = repoRef(repo);
      const { data } = await octokit.rest.pulls.list({
        ...ref,
        head: `${ref.owner}:${head}`,
        state: 'all',
        per_page: 5,
      });
      const pr = data[0];
      return pr ? { number: pr.number, url: pr.html_url, title: pr.title } : undefined;
    },
    async createPullRequest(repo, pr) {
      const { data } = await octokit.rest.pulls.create({ ...repoRef(repo), ...pr });
      return { number: data.number, url: data.html_url };
    },
    async dispatchWorkflow(repo, workflow, ref, inputs) {
      const response = await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          ...repoRef(repo),
          workflow_id: workflow,
          ref,
          inputs,
          return_run_details: true,
        } as never,
      );
      const data =
        (response.data as { workflow_run_id?: number; html_url?: string } | undefined) ?? {};
      return {
        ...(data.workflow_run_id === undefined ? {} : { runId: data.workflow_run_id }),
        ...(data.html_url ? { url: data.html_url } : {}),
      };
    },
    async findWorkflowRun(repo, workflow, branch) {
      const { data } = await octokit.rest.actions.listWorkflowRuns({
        ...repoRef(repo),
        workflow_id: workflow,
        branch,
        event: 'workflow_dispatch',
        per_page: 1,
      });
      const run = data.workflow_runs[0];
      return run ? { runId: run.id, url: run.html_url } : undefined;
    },
    async getWorkflowRun(repo, runId) {
      try {
        return await get(
          `workflow-run:${repo}:${String(runId)}`,
          'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
          { ...repoRef(repo), run_id: runId },
          (data): WorkflowRunState => {
            const run = data as {
              id: number;
              status: string | null;
              conclusion: string | null;
              html_url: string;
            };
            return {
              runId: run.id,
              status: run.status ?? 'unknown',
              ...(run.conclusion ? { conclusion: run.conclusion } : {}),
              url: run.html_url,
            };
          },
        );
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async listRecentReleases(repo) {
      // One page, newest first: the release a case waits on is among the latest ones, and the
      // listing answers 304 while nothing was released, where a lookup by tag would answer 404.
      return get(
        `releases:${repo}`,
        'GET /repos/{owner}/{repo}/releases',
        { ...repoRef(repo), per_page: 30 },
        (data): ReleaseState[] =>
          (data as { tag_name: string; draft: boolean; html_url?: string }[]).map((r) => ({
            tag: r.tag_name,
            draft: r.draft,
            ...(r.html_url ? { url: r.html_url } : {}),
          })),
      );
    },
    async getPullRequest(repo, number) {
      try {
        return await get(
          `pull:${repo}:${String(number)}`,
          'GET /repos/{owner}/{repo}/pulls/{pull_number}',
          { ...repoRef(repo), pull_number: number },
          (data): PullRequestState => {
            const pull = data as {
              number: number;
              merged?: boolean;
              merged_at?: string | null;
              state: string;
            };
            return {
              number: pull.number,
              merged: pull.merged ?? Boolean(pull.merged_at),
              state: pull.state === 'closed' ? 'closed' : 'open',
            };
          },
        );
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async getPermission(repo, login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          ...repoRef(repo),
          username: login,
        });
        const role = (data as { role_name?: string }).role_name;
        if (role === 'maintain' || role === 'triage') return role;
        const permission = data.permission as Permission;
        return ['admin', 'maintain', 'write', 'triage', 'read', 'none'].includes(permission)
          ? permission
          : 'none';
      } catch (error) {
        if (statusOf(error) === 404) return 'none';
        throw error;
      }
    },
    async isTeamMember(team, login) {
      const [org, slug] = team.split('/');
      if (!org || !slug) return false;
      try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
          org,
          team_slug: slug,
          username: login,
        });
        return data.state === 'active';
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
    async listInstallationRepositories(installationId) {
      const all: InstallationRepository[] = [];
      for (let page = 1; ; page++) {
        const repositories = await get(
          `installation-repos:${String(installationId)}:${String(page)}`,
          'GET /installation/repositories',
          {
            per_page: PER_PAGE,
            page,
          },
          (data): InstallationRepository[] =>
            (
              data as {
                repositories: { full_name: string; private: boolean; archived?: boolean }[];
              }
            ).repositories.map((r) => ({
              fullName: r.full_name,
              private: r.private,
              archived: r.archived ?? false,
            })),
        );
        all.push(...repositories);
        if (repositories.length < PER_PAGE) return all;
      }
    },
  };
}
