import type { Case } from '../domain/case.js';
import { runCase, type PipelineDeps } from '../pipeline.js';
import type { TrackingRef } from '../store/case-store.js';

/**
 * Most advisory changes (an edited description, an assigned CVE) fire no webhook. Before running
 * a maintainer's commands the App reads the advisory once and records what changed, so `/draft`
 * and `/publish` decide on what GitHub shows now. Keyed by `updated_at`: an unchanged advisory
 * records nothing.
 */
export async function refreshAdvisory(
  deps: PipelineDeps,
  tracking: TrackingRef,
  state: Case | undefined,
): Promise<void> {
  if (!state?.repo || !state.ghsaId || state.phase === 'closed' || state.phase === 'rejected')
    return;
  const advisory = await deps.github.getAdvisory(state.repo, state.ghsaId);
  const version =
    advisory.updatedAt ??
    `${advisory.state}:${advisory.cveId ?? ''}:${String(advisory.description?.length ?? 0)}`;
  await runCase(deps, tracking, {
    type: 'advisory-observed',
    delivery: `observe:${advisory.ghsaId}:${version}`,
    advisory,
  });
}
