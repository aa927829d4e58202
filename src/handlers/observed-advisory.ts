import type { Case } from '../domain/case.js';
import type { Input } from '../domain/inputs.js';
import type { GitHubPort } from '../github/port.js';
/**
 * Most advisory changes (an edited description, an assigned CVE) fire no webhook. Before running
 * a maintainer's commands the App reads the advisory once and decides what changed first, so
 * `/draft` and `/publish` decide on what GitHub shows now. Keyed by `updated_at`: an unchanged
 * advisory changes nothing.
 */
export async function observedAdvisory(
  github: GitHubPort,
  state: Case | undefined,
): Promise<Input | undefined> {
  if (!state?.repo || !state.ghsaId || state.phase === 'closed' || state.phase === 'rejected')
    return undefined;
  const advisory = await github.getAdvisory(state.repo, state.ghsaId);
  const version =
    advisory.updatedAt ??
    `${advisory.state}:${advisory.cveId ?? ''}:${String(advisory.description?.length ?? 0)}`;
  return {
    type: 'advisory-observed',
    delivery: `observe:${advisory.ghsaId}:${version}`,
    advisory,
  };
}
