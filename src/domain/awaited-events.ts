import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { CaseSummary } from './case-summary.js';
import { releasePackage, renderTag, strategyOf } from './release-plan.js';

/**
 * Something an open case waits for GitHub to announce with a webhook. GitHub never sends a
 * delivery again once it was answered with a 2xx, so a process killed right after answering
 * loses it; the tick asks GitHub instead, for these cases only.
 */
export type AwaitedEvent =
  /** The dispatched release workflow's conclusion (`workflow_run.completed`): canary. */
  | { kind: 'workflow-run'; repo: string; runId: number }
  /** The release of the patched version (`release.published`): production. */
  | { kind: 'release'; repo: string; tag: string }
  /** The App's own changelog or postmortem pull request being merged (`pull_request.closed`). */
  | { kind: 'pull-request'; repo: string; number: number };

/**
 * What a case waits on, from its summary alone (so the tick can ask without loading it): the
 * same conditions under which the event, had it arrived, would change the case.
 */
export function awaitedEvents(
  state: CaseSummary,
  config: Pick<AdvisoryPilotConfig, 'release'>,
): AwaitedEvent[] {
  const repo = state.repo;
  if (!repo || state.phase === 'closed' || state.phase === 'rejected') return [];
  const awaited: AwaitedEvent[] = [];
  const { release } = state;
  const hasCanary = strategyOf(state, config) === 'hotfix';
  if (hasCanary && release.runId !== undefined && !state.items.canary)
    awaited.push({ kind: 'workflow-run', repo, runId: release.runId });
  const version = release.version ?? state.advisory.patchedVersion;
  if (
    state.phase === 'release' &&
    state.items['release-opened'] &&
    !state.items.production &&
    version !== undefined
  )
    awaited.push({
      kind: 'release',
      repo,
      tag: renderTag(config.release.tag, version, releasePackage(state, config)),
    });
  const { changelog, postmortem } = state.pullRequests;
  if (changelog !== undefined && !state.items['changelog-posted'])
    awaited.push({ kind: 'pull-request', repo, number: changelog });
  if (postmortem !== undefined && !state.items.postmortem)
    awaited.push({ kind: 'pull-request', repo, number: postmortem });
  return awaited;
}
