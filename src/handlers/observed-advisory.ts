import { fingerprintOf } from '../domain/advisory-copy.js';
import type { Case } from '../domain/case.js';
import type { Input } from '../domain/inputs.js';
import type { GitHubPort } from '../github/port.js';
/**
 * Most advisory changes (an edited description, an assigned CVE) fire no webhook. Before running
 * a maintainer's commands the App reads the advisory once and decides what changed first, so
 * `/draft` and `/publish` decide on what GitHub shows now. Keyed by `updated_at` and the
 * content's fingerprint: an unchanged advisory changes nothing.
 */
export async function observedAdvisory(
  github: GitHubPort,
  state: Case | undefined,
): Promise<Input | undefined> {
  if (!state?.repo || !state.ghsaId || state.phase === 'closed' || state.phase === 'rejected')
    return undefined;
  const advisory = await github.getAdvisory(state.repo, state.ghsaId);
  // `updated_at` has one-second steps: two edits within a second share it, the content does not.
  const version = `${advisory.updatedAt ?? ''}:${fingerprintOf(advisory)}`;
  return {
    type: 'advisory-observed',
    delivery: `observe:${advisory.ghsaId}:${version}`,
    advisory,
  };
}
