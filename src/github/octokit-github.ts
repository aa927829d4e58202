import type { ProbotOctokit } from 'probot';
import type { AdvisoryWrite } from '../domain/effects.js';
import type { Permission } from '../domain/inputs.js';
import { toObservedAdvisory, type RestAdvisory } from './advisory-mapping.js';
import type { ConditionalCache } from './conditional-cache.js';
import { commitFilesWithGitData } from './git-commit.js';
import {
  PreviewUnavailableError,
  repoRef,
  type AdvisoryPoll,
  type GitHubPort,
  type InstallationRepository,
  type IssueComment,
  type TrackingIssue,
} from './port.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

interface RestIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  pull_request?: unknown;
}

interface RestComment {
  id: number;
  node_id: string;
  body?: string;
  user: { login: string; type: string } | null;
  created_at: string;
  updated_at?: string;
}

function toIssue(issue: RestIssue): TrackingIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    url: issue.html_url,
  };
}

function toComment(comment: RestComment): IssueComment {
  return {
    id: comment.id,
    nodeId: comment.node_id,
    body: comment.body ?? '',
    author: comment.user?.login ?? '',
    authorType: comment.user?.type ?? '',
    createdAt: comment.created_at,
    ...(comment.updated_at ? { updatedAt: comment.updated_at } : {}),
  };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number(error.status)
    : undefined;
}

const PER_PAGE = 100;

/**
 * The GitHub port over an installation's Octokit (Probot's `context.octokit`). `observe` sees the
 * Octokit first (the metrics count its requests through a request hook).
 */
export function createOctokitGitHub(
  octokit: Octokit,
  cache: ConditionalCache,
  observe?: (octokit: Octokit) => void,
): GitHubPort {
  observe?.(octokit);
  /**
   * GET with If-None-Match; a 304 returns the cached data. The cache keeps what `map` makes of a
   * response, not the response: an idle tick over thousands of cases holds every case's comments,
   * and GitHub's comment objects (user, reactions, URLs) are several times the size of the fields
   * the App reads.
   */
  async function conditional<M>(
    key: string,
    route: string,
    params: Record<string, unknown>,
    map: (data: unknown) => M,
  ): Promise<M> {
    const cached = cache.get<M>(key);
    try {
      const response = await octokit.request(route, {
        ...params,
        headers: cached ? { 'if-none-match': cached.etag } : {},
      });
      const data = map(response.data);
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, data });
      cache.count(false);
      return data;
    } catch (error) {
      if (statusOf(error) === 304 && cached) {
        cache.count(true);
        return cached.data;
      }
      throw error;
    }
  }
  // The route's response shape, as Octokit's types describe it for `octokit.rest`.
  const rawAdvisories = (data: unknown) =>
    data as (RestAdvisory & { updated_at?: string | null })[];

  return {
    async getRepository(repo) {
      const { data } = await octokit.rest.repos.get({ ...repoRef(repo) });
      return { private: data.private, defaultBranch: data.default_branch };
    },

    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({ ...repoRef(repo), ...issue });
      return toIssue(data);
    },
    async getIssue(repo, number) {
      const { data } = await octokit.rest.issues.get({ ...repoRef(repo), issue_number: number });
      return toIssue(data);
    },
    async updateIssue(repo, number, change) {
      await octokit.rest.issues.update({
        ...repoRef(repo),
        issue_number: number,
        ...(change.body === undefined ? {} : { body: change.body }),
        ...(change.state === undefined ? {} : { state: change.state }),
        ...(change.stateReason === undefined ? {} : { state_reason: change.stateReason }),
      });
    },
    async listIssuesWithLabel(repo, label) {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repoRef(repo),
        labels: label,
        state: 'all',
        per_page: PER_PAGE,
      });
      return issues.filter((i) => !i.pull_request).map(toIssue);
    },
    async ensureLabel(repo, name, color, description) {
      try {
        await octokit.rest.issues.getLabel({ ...repoRef(repo), name });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        await octokit.rest.issues.createLabel({ ...repoRef(repo), name, color, description });
      }
    },
    async listComments(repo, issue) {
      const all: IssueComment[] = [];
      for (let page = 1; ; page++) {
        const comments = await conditional(
          `comments:${repo}#${issue}:${page}`,
          'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          {
            ...repoRef(repo),
            issue_number: issue,
            per_page: PER_PAGE,
            page,
          },
          (data) => (data as RestComment[]).map(toComment),
        );
        all.push(...comments);
        if (comments.length < PER_PAGE) return all;
      }
    },
    async createComment(repo, issue, body) {
      const { data } = await octokit.rest.issues.createComment({
        ...repoRef(repo),
        issue_number: issue,
        body,
      });
      return toComment(data);
    },
    async minimizeComment(nodeId) {
      await octokit.graphql(
        'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
        { id: nodeId },
      );
    },

    async getAdvisory(repo, ghsaId) {
      const { data } = await octokit.rest.securityAdvisories.getRepositoryAdvisory({
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
      const { private: isPrivate } = await this.getRepository(repo);
      return toObservedAdvisory(data, repo, isPrivate);
    },
    async listAdvisories(repo) {
      // Shares its cache entry with pollAdvisories (same request), so both keep the raw list.
      const data = await conditional(
        `advisories:${repo}`,
        'GET /repos/{owner}/{repo}/security-advisories',
        {
          ...repoRef(repo),
          sort: 'updated',
          direction: 'desc',
          per_page: PER_PAGE,
        },
        rawAdvisories,
      );
      const { private: isPrivate } = await this.getRepository(repo);
      return data.map((a) => toObservedAdvisory(a, repo, isPrivate));
    },
    async createAdvisory(repo, fields) {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/security-advisories', {
        ...repoRef(repo),
        summary: fields.summary ?? '',
        description: fields.description ?? fields.summary ?? '',
        vulnerabilities: (fields.vulnerabilities ?? []).map((v) => ({
          package: v.package,
          vulnerable_version_range: v.vulnerable_version_range ?? null,
          patched_versions: v.patched_versions ?? null,
        })),
        ...(fields.cvss_vector_string
          ? { cvss_vector_string: fields.cvss_vector_string }
          : fields.severity
            ? { severity: fields.severity }
            : {}),
      } as never);
      const advisory = data as unknown as RestAdvisory;
      return { ghsaId: advisory.ghsa_id, url: advisory.html_url ?? '' };
    },
    async updateAdvisory(repo, ghsaId, fields: AdvisoryWrite) {
      await octokit.request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        ...repoRef(repo),
        ghsa_id: ghsaId,
        ...fields,
      } as never);
    },
    async getAdvisoryLists(repo, ghsaId) {
      const { data } = await octokit.rest.securityAdvisories.getRepositoryAdvisory({
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
      return {
        credits: (data.credits ?? []).flatMap((c) =>
          c.login ? [{ login: c.login, type: c.type ?? 'other' }] : [],
        ),
        users: (data.collaborating_users ?? []).map((u) => u.login),
        teams: (data.collaborating_teams ?? []).map((t) => t.slug),
      };
    },
    async requestCve(repo, ghsaId) {
      await octokit.request('POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/cve', {
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
    },
    async createFork(repo, ghsaId) {
      const { data } = await octokit.request(
        'POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/forks',
        { ...repoRef(repo), ghsa_id: ghsaId },
      );
      const fork = data as { full_name: string; html_url: string };
      return { name: fork.full_name, url: fork.html_url };
    },
    async commentOnAdvisory(repo, ghsaId, body) {
      try {
        await octokit.request('POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments', {
          ...repoRef(repo),
          ghsa_id: ghsaId,
          body,
        });
      } catch (error) {
        const status = statusOf(error);
        // A rate limit is a 403 too, but it passes: it must be retried, not read as "no API".
        const limited = error instanceof Error && /rate limit/i.test(error.message);
        if ((status === 403 && !limited) || status === 404 || status === 410)
          throw new PreviewUnavailableError(status);
        throw error;
      }
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
    commitFiles: (repo, branch, message, files) =>
      commitFilesWithGitData(octokit, repo, branch, message, files),
    async findOpenPullRequest(repo, head) {
      const ref = repoRef(repo);
      const { data } = await octokit.rest.pulls.list({
        ...ref,
        head: `${ref.owner}:${head}`,
        state: 'all',
        per_page: 5,
      });
      const pr = data[0];
      return pr ? { number: pr.number, url: pr.html_url } : undefined;
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
        const repositories = await conditional(
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
    async listOpenIssuesWithLabel(repo, label) {
      const all: TrackingIssue[] = [];
      for (let page = 1; ; page++) {
        const listed = await conditional(
          `open-issues:${repo}:${label}:${String(page)}`,
          'GET /repos/{owner}/{repo}/issues',
          { ...repoRef(repo), labels: label, state: 'open', per_page: PER_PAGE, page },
          (data) => ({
            issues: (data as RestIssue[]).filter((i) => !i.pull_request).map(toIssue),
            full: (data as RestIssue[]).length >= PER_PAGE,
          }),
        );
        all.push(...listed.issues);
        if (!listed.full) return all;
      }
    },
    async pollAdvisories(repo, repoPrivate) {
      const data = await conditional(
        `advisories:${repo}`,
        'GET /repos/{owner}/{repo}/security-advisories',
        { ...repoRef(repo), sort: 'updated', direction: 'desc', per_page: PER_PAGE },
        rawAdvisories,
      );
      // One advisory that does not fit the domain's shape must not hide the others.
      const poll: AdvisoryPoll = { polled: [], unreadable: [] };
      for (const a of data) {
        try {
          const advisory = toObservedAdvisory(a, repo, repoPrivate);
          poll.polled.push({ advisory, updatedAt: a.updated_at ?? advisory.createdAt });
        } catch (error) {
          poll.unreadable.push({
            ghsaId: typeof a.ghsa_id === 'string' ? a.ghsa_id : '(no GHSA ID)',
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return poll;
    },
    async pinIssue(repo, number) {
      const { data } = await octokit.rest.issues.get({ ...repoRef(repo), issue_number: number });
      await octokit.graphql(
        'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { id } } }',
        { id: data.node_id },
      );
    },
  };
}
