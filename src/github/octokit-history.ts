import { statusOf, type Octokit } from './conditional-get.js';
import { repoRef, type CommitInfo, type GitHubPort } from './port.js';

/** The port's reads and writes of git history: commits, comparisons, merges, tags. */
export type HistoryOperations = Pick<
  GitHubPort,
  'deleteBranch' | 'getCommit' | 'compareCommits' | 'mergeIntoBranch' | 'listTags'
>;

interface RawCommit {
  sha: string;
  commit: { message: string };
  parents: { sha: string }[];
}

function commitInfo(raw: RawCommit): CommitInfo {
  return { sha: raw.sha, message: raw.commit.message, parents: raw.parents.map((p) => p.sha) };
}

/** 404 and 422 both mean "no such commit" on these routes (GitHub answers 422 for a bad SHA). */
function missing(error: unknown): boolean {
  const status = statusOf(error);
  return status === 404 || status === 422;
}

/** History operations over an installation's Octokit. */
export function historyOperations(octokit: Octokit): HistoryOperations {
  return {
    async deleteBranch(repo, branch) {
      try {
        await octokit.rest.git.deleteRef({ ...repoRef(repo), ref: `heads/${branch}` });
      } catch (error) {
        if (!missing(error)) throw error;
      }
    },
    async getCommit(repo, ref) {
      try {
        const { data } = await octokit.rest.repos.getCommit({ ...repoRef(repo), ref });
        return { ...commitInfo(data), files: (data.files ?? []).map((f) => f.filename) };
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async compareCommits(repo, base, head) {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          ...repoRef(repo),
          basehead: `${base}...${head}`,
          per_page: 100,
        });
        return {
          status: data.status,
          aheadBy: data.ahead_by,
          behindBy: data.behind_by,
          commits: data.commits.map(commitInfo),
          files: (data.files ?? []).map((f) => f.filename),
        };
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async mergeIntoBranch(repo, base, head, message) {
      try {
        const response = await octokit.rest.repos.merge({
          ...repoRef(repo),
          base,
          head,
          commit_message: message,
        });
        if ((response.status as number) === 204) return 'up-to-date';
        return { sha: response.data.sha };
      } catch (error) {
        if (statusOf(error) === 409) return 'conflict';
        throw error;
      }
    },
    async listTags(repo, prefix) {
      // The matching-refs route is not paginated: GitHub answers every match at once.
      const { data: refs } = await octokit.rest.git.listMatchingRefs({
        ...repoRef(repo),
        ref: `tags/${prefix}`,
      });
      const tags: { name: string; sha: string }[] = [];
      for (const ref of refs) {
        const name = ref.ref.slice('refs/tags/'.length);
        let sha = ref.object.sha;
        if (ref.object.type === 'tag') {
          // An annotated tag points at a tag object; its target is the commit.
          const { data } = await octokit.rest.git.getTag({ ...repoRef(repo), tag_sha: sha });
          sha = data.object.sha;
        }
        tags.push({ name, sha });
      }
      return tags;
    },
  };
}
