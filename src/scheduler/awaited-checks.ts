import type { AwaitedEvent } from '../domain/awaited-events.js';
import type { Input } from '../domain/inputs.js';
import type { GitHubPort, ReleaseState } from '../github/port.js';

/** The releases of each product repository, read once per tracking-repository visit. */
export type ReleaseListings = Map<string, Promise<ReleaseState[]>>;

type Observed = Extract<
  Input,
  { type: 'workflow-run-completed' | 'release-published' | 'pull-request-merged' }
>;

/**
 * Asks GitHub what the webhooks a case waits on would have said, and returns the observations
 * to run (those not `fed` to the case already): a completed workflow run, the published release,
 * a merged pull request. Each is one conditional request (304 while nothing changed), and the
 * releases of a repository are listed once for all its cases. Their delivery keys are stable, so
 * a case that already recorded one, from the webhook or a previous tick, changes nothing.
 */
export async function awaitedInputs(
  github: GitHubPort,
  events: readonly AwaitedEvent[],
  releases: ReleaseListings,
  fed: readonly string[] = [],
): Promise<Observed[]> {
  const found: Observed[] = [];
  for (const event of events) {
    const input = await check(github, event, releases);
    if (input && !fed.includes(input.delivery)) found.push(input);
  }
  return found;
}

async function check(
  github: GitHubPort,
  event: AwaitedEvent,
  releases: ReleaseListings,
): Promise<Observed | undefined> {
  switch (event.kind) {
    case 'workflow-run': {
      const run = await github.getWorkflowRun(event.repo, event.runId);
      if (run?.status !== 'completed' || !run.conclusion) return undefined;
      return {
        type: 'workflow-run-completed',
        delivery: `poll:workflow-run:${String(run.runId)}:${run.conclusion}`,
        runId: run.runId,
        conclusion: run.conclusion,
        url: run.url,
      };
    }
    case 'release': {
      let listing = releases.get(event.repo);
      if (!listing) {
        listing = github.listRecentReleases(event.repo);
        releases.set(event.repo, listing);
      }
      const release = (await listing).find((r) => r.tag === event.tag && !r.draft);
      if (!release) return undefined;
      return {
        type: 'release-published',
        delivery: `poll:release:${event.repo}:${release.tag}`,
        tag: release.tag,
        ...(release.url ? { url: release.url } : {}),
      };
    }
    case 'pull-request': {
      const pull = await github.getPullRequest(event.repo, event.number);
      if (!pull?.merged) return undefined;
      return {
        type: 'pull-request-merged',
        delivery: `poll:pull:${event.repo}#${String(event.number)}:merged`,
        number: event.number,
      };
    }
  }
}
