import type { SandboxCore } from './core.js';
import { emitPush } from './push-event.js';
import type { Repo } from './state.js';

/**
 * Moves (or with `sha` null deletes) a branch or tag, stamps the push time and sends `push`.
 * Every write that changes a ref after seeding goes through here, so no path can move a branch
 * without GitHub's event.
 */
export function moveRef(
  core: SandboxCore,
  repo: Repo,
  ref: string,
  sha: string | null,
  pusher: string,
): void {
  const before = repo.git.refs.get(ref) ?? null;
  if (before === sha) return;
  if (sha === null) repo.git.refs.delete(ref);
  else repo.git.refs.set(ref, sha);
  repo.pushedAt = core.clock.iso();
  emitPush(core, repo, { ref, before, after: sha, pusher });
}
