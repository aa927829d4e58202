import type { ConditionalCache } from './conditional-cache.js';
import { createConditionalGet, type Octokit } from './conditional-get.js';
import { advisoryOperations } from './octokit-advisories.js';
import { issueOperations } from './octokit-issues.js';
import { repositoryOperations } from './octokit-repos.js';
import type { GitHubPort } from './port.js';

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
  const get = createConditionalGet(octokit, cache);
  const repositories = repositoryOperations(octokit, get);
  return {
    ...repositories,
    ...issueOperations(octokit, get),
    ...advisoryOperations(
      octokit,
      get,
      async (repo) => (await repositories.getRepository(repo)).private,
    ),
  };
}
