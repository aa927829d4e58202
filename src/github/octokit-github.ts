import type { ConditionalCache } from './conditional-cache.js';
import { createConditionalGet, type Octokit } from './conditional-get.js';
import { advisoryOperations } from './octokit-advisories.js';
import { historyOperations } from './octokit-history.js';
import { issueOperations } from './octokit-issues.js';
import { repositoryOperations } from './octokit-repos.js';
import type { GitHubPort } from './port.js';
import { RepositoryMemo } from './repository-memo.js';

/**
 * The GitHub port over an installation's Octokit (Probot's `context.octokit`). `observe` sees the
 * Octokit first (the metrics count its requests through a request hook). `memo` is the App's
 * memory of repository facts, shared by every delivery and tick of the App instance.
 */
export function createOctokitGitHub(
  octokit: Octokit,
  cache: ConditionalCache,
  observe?: (octokit: Octokit) => void,
  memo: RepositoryMemo = new RepositoryMemo(),
): GitHubPort {
  observe?.(octokit);
  const get = createConditionalGet(octokit, cache);
  const read = repositoryOperations(octokit, get);
  const repositories = {
    ...read,
    async getRepository(repo: string) {
      const known = memo.get(repo);
      if (known) return known;
      const info = await read.getRepository(repo);
      memo.set(repo, info);
      return info;
    },
  };
  return {
    ...repositories,
    ...issueOperations(octokit, get),
    ...historyOperations(octokit),
    ...advisoryOperations(
      octokit,
      get,
      async (repo) => (await repositories.getRepository(repo)).private,
    ),
  };
}
