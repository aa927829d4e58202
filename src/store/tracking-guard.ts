import type { GitHubPort } from '../github/port.js';

/** The tracking repository is public (or unknown): nothing may be written there. */
export class TrackingRepoNotPrivateError extends Error {
  constructor(readonly repo: string) {
    super(`refusing to write to ${repo}: the tracking repository must be private`);
    this.name = 'TrackingRepoNotPrivateError';
  }
}

/** Recently confirmed visibility per repository, owned by the App instance. */
export type PrivacyCache = Map<string, { private: boolean; checkedAt: number }>;

/** Visibility is re-checked this often: a repository made public must stop getting writes fast. */
const TTL_MS = 60_000;

/**
 * Throws unless the repository is private. Checked before every write to a tracking issue; the
 * answer is cached for a minute so a burst of commands costs one request.
 */
export async function assertPrivate(
  github: GitHubPort,
  cache: PrivacyCache,
  repo: string,
  now = Date.now(),
): Promise<void> {
  const cached = cache.get(repo);
  let isPrivate = cached && now - cached.checkedAt < TTL_MS ? cached.private : undefined;
  if (isPrivate === undefined) {
    isPrivate = (await github.getRepository(repo)).private;
    cache.set(repo, { private: isPrivate, checkedAt: now });
  }
  if (!isPrivate) throw new TrackingRepoNotPrivateError(repo);
}
