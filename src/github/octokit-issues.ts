import { PER_PAGE, statusOf, type ConditionalGet, type Octokit } from './conditional-get.js';
import {
  repoRef,
  type GitHubPort,
  type IssueComment,
  type RepoComment,
  type TrackingIssue,
} from './port.js';

interface RestIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  node_id?: string;
  pull_request?: unknown;
}

interface RestComment {
  id: number;
  node_id: string;
  body?: string;
  user: { login: string; type: string } | null;
  created_at: string;
  updated_at?: string;
  issue_url?: string;
}

function toIssue(issue: RestIssue): TrackingIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    url: issue.html_url,
    ...(issue.node_id ? { nodeId: issue.node_id } : {}),
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

/** The port's tracking-issue operations: issues, labels, comments, minimizing, pinning. */
export type IssueOperations = Pick<
  GitHubPort,
  | 'createIssue'
  | 'getIssue'
  | 'updateIssue'
  | 'listIssuesWithLabel'
  | 'listOpenIssuesWithLabel'
  | 'ensureLabel'
  | 'listComments'
  | 'listRepoComments'
  | 'createComment'
  | 'minimizeComment'
  | 'pinIssue'
>;

/** Issue and comment operations over an installation's Octokit. */
export function issueOperations(octokit: Octokit, get: ConditionalGet): IssueOperations {
  return {
    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({ ...repoRef(repo), ...issue });
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
    async listOpenIssuesWithLabel(repo, label) {
      const all: TrackingIssue[] = [];
      for (let page = 1; ; page++) {
        const listed = await get(
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
        const comments = await get(
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
    async listRepoComments(repo, since) {
      const all: RepoComment[] = [];
      for (let page = 1; ; page++) {
        // Conditional, keyed without `since`: GitHub's ETag is that of the content, so an idle
        // tick, whose window moved on but found the same comments (mostly none), gets a 304.
        const listed = await get(
          `repo-comments:${repo}:${String(page)}`,
          'GET /repos/{owner}/{repo}/issues/comments',
          {
            ...repoRef(repo),
            since,
            sort: 'updated',
            direction: 'asc',
            per_page: PER_PAGE,
            page,
          },
          (data) => ({
            comments: (data as RestComment[]).flatMap((comment): RepoComment[] => {
              const issue = Number(/\/issues\/(\d+)$/.exec(comment.issue_url ?? '')?.[1]);
              return Number.isInteger(issue) ? [{ ...toComment(comment), issue }] : [];
            }),
            full: (data as RestComment[]).length >= PER_PAGE,
          }),
        );
        all.push(...listed.comments);
        if (!listed.full) return all;
      }
    },
    async getIssue(repo, number) {
      return get(
        `issue:${repo}#${String(number)}`,
        'GET /repos/{owner}/{repo}/issues/{issue_number}',
        { ...repoRef(repo), issue_number: number },
        (data) => toIssue(data as RestIssue),
      );
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
    async pinIssue(repo, number, nodeId) {
      const id =
        nodeId ??
        (await octokit.rest.issues.get({ ...repoRef(repo), issue_number: number })).data.node_id;
      await octokit.graphql(
        'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { id } } }',
        { id },
      );
    },
  };
}
