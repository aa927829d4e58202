import {
  hasNextPage,
  PER_PAGE,
  statusOf,
  type ConditionalGet,
  type Octokit,
} from './conditional-get.js';
import {
  repoRef,
  type GitHubPort,
  type Feed,
  type IssueComment,
  type ListedIssue,
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
  updated_at?: string;
  created_at?: string;
  user?: { login?: string } | null;
  labels?: (string | { name?: string })[];
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
    ...(issue.user?.login ? { author: issue.user.login } : {}),
    ...(issue.created_at ? { createdAt: issue.created_at } : {}),
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

function toListedIssue(issue: RestIssue): ListedIssue {
  return {
    ...toIssue(issue),
    updatedAt: issue.updated_at ?? '',
    labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
  };
}

/** Why a page cut the listing short: fewer than a full page, yet GitHub links another. */
function shortPage(
  count: number,
  next: boolean,
  page: number,
): { reason: string; tooLong: false } | undefined {
  return next && count < PER_PAGE
    ? {
        reason: `page ${String(page)} held ${String(count)} of ${String(PER_PAGE)} items yet linked a next page`,
        tooLong: false,
      }
    : undefined;
}

/**
 * The cached pages of a listing past its last page: gone from GitHub, so gone from the cache (a
 * cold start's comment listing has hundreds, which the next tick's window no longer holds).
 */
function forgetPagesAfter(get: ConditionalGet, prefix: string, last: number): void {
  for (let page = last + 1; get.forget(`${prefix}${String(page)}`); page++);
}

/** The port's tracking-issue operations: issues, labels, comments, minimizing, pinning. */
export type IssueOperations = Pick<
  GitHubPort,
  | 'createIssue'
  | 'getIssue'
  | 'updateIssue'
  | 'listIssuesWithLabel'
  | 'listOpenIssuesWithLabel'
  | 'scanOpenIssuesWithLabel'
  | 'listChangedIssues'
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
        if (listed.full) continue;
        forgetPagesAfter(get, `open-issues:${repo}:${label}:`, page);
        return all;
      }
    },
    async scanOpenIssuesWithLabel(repo, label, visit) {
      for (let page = 1; ; page++) {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
          ...repoRef(repo),
          labels: label,
          state: 'open',
          per_page: PER_PAGE,
          page,
        });
        const listed = data as RestIssue[];
        await visit(listed.filter((i) => !i.pull_request).map(toIssue));
        if (listed.length < PER_PAGE) return;
      }
    },
    async listChangedIssues(repo, since, maxPages, visit) {
      for (let page = 1; page <= maxPages; page++) {
        // Keyed without `since`, like the comment listing: an idle window answers 304.
        const listed = await get(
          `changed-issues:${repo}:${String(page)}`,
          'GET /repos/{owner}/{repo}/issues',
          {
            ...repoRef(repo),
            state: 'all',
            since,
            sort: 'updated',
            direction: 'asc',
            per_page: PER_PAGE,
            page,
          },
          (data, headers) => {
            const rest = data as RestIssue[];
            return {
              issues: rest.filter((i) => !i.pull_request).map(toListedIssue),
              count: rest.length,
              next: hasNextPage(headers),
            };
          },
          // A 304 says the page is the one this process already read: nothing on it is new.
          (fresh) => ({ ...fresh, issues: [] }),
        );
        await visit(listed.issues);
        const short = shortPage(listed.count, listed.next, page);
        if (short) return { truncated: short };
        if (listed.count < PER_PAGE) {
          forgetPagesAfter(get, `changed-issues:${repo}:`, page);
          return {};
        }
      }
      return {
        truncated: {
          reason: `more than ${String(maxPages)} pages of changed issues`,
          tooLong: true,
        },
      };
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
        if (comments.length < PER_PAGE) {
          forgetPagesAfter(get, `comments:${repo}#${issue}:`, page);
          return all;
        }
      }
    },
    async listRepoComments(repo, since): Promise<Feed<RepoComment>> {
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
          (data, headers) => ({
            comments: (data as RestComment[]).flatMap((comment): RepoComment[] => {
              const issue = Number(/\/issues\/(\d+)$/.exec(comment.issue_url ?? '')?.[1]);
              if (!Number.isInteger(issue)) return [];
              const read = { ...toComment(comment), issue };
              return [read.authorType === 'Bot' ? { ...read, body: '' } : read];
            }),
            count: (data as RestComment[]).length,
            next: hasNextPage(headers),
          }),
        );
        all.push(...listed.comments);
        const short = shortPage(listed.count, listed.next, page);
        if (short) return { items: all, truncated: short };
        if (listed.count < PER_PAGE) {
          forgetPagesAfter(get, `repo-comments:${repo}:`, page);
          return { items: all };
        }
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
